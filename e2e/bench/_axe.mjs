import { chromium } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
const [url] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await b.newContext({ viewport: { width: 1600, height: 1000 } }); const p = await ctx.newPage();
await p.goto(url); await p.waitForTimeout(2500);
const r = await new AxeBuilder({ page: p }).include(process.env.SCOPE ?? "body").analyze();
for (const v of r.violations) { console.log(v.id, v.impact, v.help); for (const n of v.nodes.slice(0, 6)) console.log("   ", n.target.join(" "), "|", (n.failureSummary ?? "").split("\n").slice(1, 2).join(" ").slice(0, 160)); }
console.log("violations:", r.violations.length);
await b.close();
