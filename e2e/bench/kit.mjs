/*
 * What the page benchmarks share (run-ui-bench.mjs, page-rss.mjs): building the app, serving a
 * build with vite preview, finding a Chromium. Each takes the benchmark's own `log`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `--key=value` and `--flag` arguments as an object (a flag's value is "true"). */
export function parseArgs(argv) {
  return Object.fromEntries(argv.map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }));
}

export function build(log) {
  log("building (npx vite build)…");
  const r = spawnSync("npx", ["vite", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`vite build failed with status ${r.status}`);
}

export const baseOf = (port) => `http://127.0.0.1:${port}`;

async function serverUp(base) {
  try {
    return (await fetch(base)).ok;
  } catch {
    return false;
  }
}

/** Serve `outDir` (this build's dist/ unless given) on `port`, unless a server already answers there. */
export async function startPreview(port, outDir, log) {
  const base = baseOf(port);
  if (!outDir && await serverUp(base)) {
    log(`using the server already on ${base}`);
    return null;
  }
  if (outDir && await serverUp(base)) throw new Error(`port ${port} is taken: pass another --port`);
  const child = spawn("npx", ["vite", "preview", "--port", String(port), "--strictPort", "--host", "127.0.0.1",
    ...(outDir ? ["--outDir", outDir] : [])],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  for (let i = 0; i < 100; i++) {
    if (await serverUp(base)) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not start on ${base}: ${stderr.trim()}`);
}

export function chromiumPath() {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's registry may not know this platform: use the system browser.
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  throw new Error("No Chromium: `npx playwright install chromium` or `apt-get install chromium`.");
}
