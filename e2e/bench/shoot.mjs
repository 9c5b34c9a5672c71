// Dev tool: screenshots of a page in Debian's Chromium, to look at the visuals.
// Usage: node e2e/bench/shoot.mjs <url> <out.png> [width] [height] [waitMs] [css selector of one element]
import { chromium } from "@playwright/test";
import { existsSync } from "node:fs";

const [url, out, width = "1600", height = "1000", waitMs = "1500", selector] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: shoot.mjs <url> <out.png> [width] [height] [waitMs]");
  process.exit(2);
}
let executablePath;
try {
  if (!existsSync(chromium.executablePath())) executablePath = "/usr/bin/chromium";
} catch {
  executablePath = "/usr/bin/chromium";
}
const browser = await chromium.launch({ executablePath, args: ["--disable-gpu", "--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto(url);
await page.waitForTimeout(Number(waitMs));
if (selector) await page.locator(selector).first().screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: true });
await browser.close();
if (errors.length) console.log("page errors:\n" + errors.join("\n"));
console.log("wrote", out);
