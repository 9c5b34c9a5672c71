import { chromium } from "@playwright/test";
const PORT = Number(process.env.PORT ?? 4183);
const scenario = {
  name: "bench", seed: 1, durationMs: 3_600_000,
  cluster: { primary: { name: "primary", fsyncMs: 1 }, replicas: Array.from({ length: 16 }, (_, i) => ({ name: `s${i + 1}`, networkDelayMs: 6 + (i % 8) * 3, jitterMs: 1, fsyncMs: 1, applyDelayMs: i === 2 ? 1500 : 0 })) },
  commit: { preset: "sync" }, workload: { writesPerSec: 2000, readsPerSec: 200, sessions: 8, keys: 200, readFrom: "replicas" },
};
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1600, height: 1000 } });
await p.goto(`http://127.0.0.1:${PORT}/`);
await p.waitForTimeout(1000);
await p.getByLabel("Scenario file").setInputFiles({ name: "b.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(scenario)) });
await p.waitForTimeout(1500);
await p.getByLabel("Speed").selectOption("1");
if (await p.evaluate(() => window.__lab.state().paused)) await p.getByRole("button", { name: "Play" }).click();
await p.waitForTimeout(2000);
if (process.argv[2] === "tall") { console.log(await p.evaluate(() => { const out = [document.documentElement.scrollHeight]; for (const el of document.querySelectorAll("body *")) { const r = el.getBoundingClientRect(); if (r.bottom > 1500 && el.children.length < 50) out.push(el.tagName + "." + String(el.className).slice(0, 40) + " top=" + Math.round(r.top) + " bottom=" + Math.round(r.bottom)); } return out.slice(0, 25).join("\n"); })); await b.close(); process.exit(0); }
if (process.argv[2] === "shot") { await p.screenshot({ path: "/tmp/shots/bench-page.png", fullPage: true }); await p.screenshot({ path: "/tmp/shots/bench-view.png" }); await b.close(); process.exit(0); }
if (process.env.HIDE) await p.addStyleTag({ content: process.env.HIDE + " { display: none !important; }" });
await p.waitForTimeout(500);
if (process.argv[2] === "fps") {
  const r = await p.evaluate(() => new Promise((res) => { const iv = []; let last = performance.now(); const end = last + 5000; const f = (t) => { iv.push(t - last); last = t; if (t < end) requestAnimationFrame(f); else res(iv); }; requestAnimationFrame(f); }));
  r.sort((a, b) => a - b);
  console.log("frames", r.length, "median fps", (1000 / r[Math.floor(r.length / 2)]).toFixed(1), "p5 fps", (1000 / r[Math.floor(r.length * 0.95)]).toFixed(1), "inflight", await p.evaluate(() => window.__lab.snapshot().inFlight.length));
  await b.close(); process.exit(0);
}
if (process.argv[2] === "cpu") {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  await p.waitForTimeout(5000);
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfT = new Map(); const totalT = new Map();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const key = (n) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    const n0 = byId.get(id);
    selfT.set(key(n0), (selfT.get(key(n0)) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) { const k = key(byId.get(cur)); if (!seen.has(k)) { seen.add(k); totalT.set(k, (totalT.get(k) ?? 0) + dt); } }
  });
  console.log("--- self"); for (const [k, v] of [...selfT].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(0).padStart(6), k);
  console.log("--- total"); for (const [k, v] of [...totalT].filter(([k]) => process.env.FILTER ? new RegExp(process.env.FILTER).test(k) : true).sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((v / 1000).toFixed(0).padStart(6), k);
  await b.close(); process.exit(0);
}
await b.startTracing(p, { path: "/tmp/trace.json", categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink"] });
await p.waitForTimeout(4000);
await b.stopTracing();
await b.close();
