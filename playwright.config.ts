import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Use Playwright's own Chromium where it is installed, else Debian's /usr/bin/chromium.
function chromiumExecutable(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's browser registry may not know this platform: fall through.
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  throw new Error(
    "No Chromium found. Install one: `npx playwright install chromium`, or on Debian/Ubuntu `sudo apt-get install -y chromium`.",
  );
}

const executablePath = chromiumExecutable();
const port = Number(process.env.PW_PORT ?? 4173);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The page greets a first visit with a welcome dialog; specs about other things start as a
    // returning visitor. e2e/lessons.spec.ts starts with an empty storage to see the welcome.
    storageState: { cookies: [], origins: [{ origin: `http://127.0.0.1:${port}`,
      localStorage: [{ name: "replication-lab.lessons.v1", value: JSON.stringify({ done: [], stoppedAt: [], welcomed: true }) }] }] },
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        "--disable-gpu", "--no-sandbox", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
