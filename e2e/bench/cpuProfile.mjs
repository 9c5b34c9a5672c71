/* Where the page's main thread spends its JavaScript time: a V8 CPU profile (spacetime-fps.mjs --profile). */

/**
 * Samples the page's main thread for `seconds` (CDP Profiler, 200 µs) and returns the functions
 * with the most self time, as a share of the samples that ran JavaScript or the browser's own
 * work (idle left out), with each one's file and line: names are readable on a build made with
 * `npx vite build --minify false`.
 */
export async function profileMainThread(page, seconds, top = 25) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.waitForTimeout(seconds * 1000);
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.detach();
  const hits = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const id of profile.samples) {
    const n = byId.get(id);
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, "") : "";
    const key = `${f.functionName || "(anonymous)"} ${file}${file ? `:${f.lineNumber + 1}` : ""}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
  }
  const idle = hits.get("(idle) ") ?? 0;
  const busy = profile.samples.length - idle;
  const rows = [...hits].filter(([k]) => k !== "(idle) ").sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([fn, n]) => ({ fn, share: Math.round((n / Math.max(1, busy)) * 1000) / 10 }));
  return { samples: profile.samples.length, busyShare: Math.round((busy / Math.max(1, profile.samples.length)) * 1000) / 10, rows };
}
