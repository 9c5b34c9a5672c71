import { chromium } from "@playwright/test";
const port = 4311;
const scenario = { name: "time travel", seed: 11, durationMs: 86400000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 30 }] },
  workload: { writesPerSec: 200, readsPerSec: 50 } };
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [w, h] of [[1280, 720], [1024, 700], [1440, 900]]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  await ctx.addInitScript(() => localStorage.setItem("replication-lab.lessons.v1", JSON.stringify({ done: [], stoppedAt: [], welcomed: true })));
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.log("pageerror:", e.message));
  await page.goto(`http://127.0.0.1:${port}/?scenario=${encodeURIComponent(JSON.stringify(scenario))}`);
  await page.waitForFunction(() => window.__lab?.snapshot() !== null);
  await page.getByLabel("Speed").selectOption("1");
  await page.waitForFunction(() => window.__lab.snapshot().nowUs > 1500000, null, { timeout: 60000 });
  await page.getByRole("button", { name: "Pause" }).click();
  const slider = page.getByRole("slider", { name: "Timeline" });
  await slider.focus();
  await page.keyboard.press("PageDown"); await page.keyboard.press("PageDown"); await page.keyboard.press("PageDown");
  await page.waitForTimeout(700);
  await page.getByRole("button", { name: "Crash s1", exact: true }).click();
  await page.waitForTimeout(700);
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(1200);
  await page.getByRole("button", { name: "Pause" }).click();
  await slider.focus();
  await page.keyboard.press("PageDown");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/ttshots/past-${w}x${h}.png` });
  await ctx.close();
}
await browser.close();
