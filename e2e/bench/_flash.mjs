import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1600, height: 1000 } });
await p.goto(process.argv[2]);
await p.waitForSelector(".rl-node--flash", { timeout: 10000 });
console.log(await p.evaluate(() => [...document.querySelectorAll(".rl-node--flash")].map((e) => e.dataset.node + ":" + e.dataset.flash).join(", ")));
await p.locator(".rl-cluster").screenshot({ path: "/tmp/shots/flash.png" });
await b.close();
