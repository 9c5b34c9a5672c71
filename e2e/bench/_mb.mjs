import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage();
await p.goto("file:///tmp/mb/index.html");
const best = {};
for (let r = 0; r < 6; r++) for (const n of ["arcs", "diamonds", "octagons", "blobs", "rects", "fillRects", "fillRectsInt"]) { const v = await p.evaluate(([n]) => window.bench(n, 30), [n]); best[n] = Math.min(best[n] ?? Infinity, v); }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(14), v.toFixed(2), "ms / 1000 dots");
await b.close();
