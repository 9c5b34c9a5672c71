// Screenshot of the built app after a few interactions: default run at 1x with a workload.
import { chromium } from "@playwright/test";
const [out, theme = "light", large = "0", w = "1700", h = "1050"] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } });
const errors = []; p.on("pageerror", (e) => errors.push(String(e)));
await p.goto("http://127.0.0.1:4183/");
if (process.env.CSS) await p.addStyleTag({ content: process.env.CSS });
await p.waitForTimeout(1500);
if (process.env.SCENARIO) {
  await p.getByLabel("Scenario file").setInputFiles({ name: "s.json", mimeType: "application/json", buffer: Buffer.from(process.env.SCENARIO) });
  await p.waitForTimeout(1000);
}
if (theme === "dark") await p.getByRole("button", { name: "Dark theme" }).click();
if (large === "1") await p.getByRole("button", { name: "Large text" }).click();
if (process.env.SPEED) await p.getByLabel("Speed").selectOption(process.env.SPEED);
if (await p.evaluate(() => window.__lab.state().paused)) await p.getByRole("button", { name: "Play" }).click();
await p.waitForTimeout(Number(process.env.WAIT ?? 4000));
await p.screenshot({ path: out, fullPage: process.env.FULL === "1" });
if (errors.length) console.log(errors.join("\n"));
await b.close();
