#!/usr/bin/env node
/*
 * Page memory on a long run with time travel (issue 18: "memory flat in the page"): the built app in
 * headless Chromium runs the time-travel benchmark's cluster (1 primary + 3 replicas, async,
 * 2,000 writes/s, a day of virtual time planned) at the fastest speed the page offers, with its
 * checkpoints and retention window as always. Every few seconds it reads the resident memory
 * (VmRSS, /proc) of every Chromium renderer process (the page's, which runs the simulation's
 * Web Worker too) and the virtual time reached. At the end it pauses, moves the Timeline slider back
 * (PageUp, Home: seeks through the checkpoints) and reads memory again. A script, not a timed test:
 * it prints what it measured (Linux only: /proc), and exits non-zero only when it could not measure.
 *
 *   npm run bench:page-rss                       build, then measure for 5 minutes of wall time
 *   npm run bench:page-rss -- --no-build --minutes=20 --port=4183 --json
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium } from "@playwright/test";
import { baseOf, build, chromiumPath, parseArgs, startPreview } from "./kit.mjs";

const args = parseArgs(process.argv.slice(2));
const MINUTES = Number(args.minutes ?? 5);
const SAMPLE_S = Number(args.sample ?? 5);
const PORT = Number(args.port ?? 4183);
const JSON_OUT = args.json === "true";

/** bench/scenarios.ts's time-travel cluster, planned for a day of virtual time */
const SCENARIO = {
  name: "page memory: 1 primary + 3 replicas, 2000 writes/s",
  seed: 1,
  durationMs: 86_400_000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }, { name: "s2", networkDelayMs: 5 }, { name: "s3", networkDelayMs: 20 }] },
  commit: { preset: "async" },
  workload: { writesPerSec: 2000, readsPerSec: 0, keys: 10_000 },
};

const log = (line) => { if (!JSON_OUT) process.stdout.write(`${line}\n`); };
const mb = (bytes) => Math.round(bytes / 2 ** 20);

/** VmRSS of a process, bytes (0 when it is gone). */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The renderer processes' RSS (the page's renderer holds its worker), summed, and the largest. */
async function rendererRss(cdp) {
  const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
  const renderers = processInfo.filter((p) => p.type === "renderer").map((p) => rssOf(p.id));
  return { total: renderers.reduce((a, b) => a + b, 0), largest: Math.max(0, ...renderers), count: renderers.length };
}

async function main() {
  if (args["no-build"] !== "true") build(log);
  const server = await startPreview(PORT, undefined, log);
  const base = baseOf(PORT);
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/?scenario=${encodeURIComponent(JSON.stringify(SCENARIO))}`);
    await page.waitForFunction(() => window.__lab?.snapshot()?.nodes.length === 4, null, { timeout: 60_000 });
    await page.getByLabel("Speed").selectOption("100");
    const paused = await page.evaluate(() => window.__lab.state().paused);
    if (paused) await page.getByRole("button", { name: "Play" }).click();
    log(`${SCENARIO.name}, speed 100, ${MINUTES} min of wall time, RSS of Chromium's renderer processes ` +
      `every ${SAMPLE_S} s (load average ${loadavg()[0].toFixed(1)} at the start)`);
    const samples = [];
    const t0 = Date.now();
    while (Date.now() - t0 < MINUTES * 60_000) {
      await page.waitForTimeout(SAMPLE_S * 1000);
      const rss = await rendererRss(cdp);
      const at = await page.evaluate(() => ({ nowUs: window.__lab.snapshot()?.nowUs ?? 0, earliest: window.__lab.timeline().travel?.earliest.atUs ?? 0,
        heap: performance.memory?.usedJSHeapSize ?? 0 }));
      samples.push({ wallS: (Date.now() - t0) / 1000, virtualMin: at.nowUs / 60e6, earliestMin: at.earliest / 60e6, rss: rss.total, largest: rss.largest,
        mainHeap: at.heap });
      const s = samples[samples.length - 1];
      if (samples.length % Math.max(1, Math.round(30 / SAMPLE_S)) === 0) {
        log(`  ${s.wallS.toFixed(0).padStart(5)} s: virtual ${s.virtualMin.toFixed(1)} min (earliest in reach ${s.earliestMin.toFixed(1)} min), ` +
          `renderers ${mb(s.rss)} MB (largest ${mb(s.largest)} MB), page heap ${mb(s.mainHeap)} MB`);
      }
    }
    // Time travel at the end: pause, seek back through the checkpoints with the Timeline slider.
    await page.getByRole("button", { name: "Pause" }).click();
    const slider = page.getByRole("slider", { name: "Timeline" });
    await slider.focus();
    for (let i = 0; i < 5; i++) { await page.keyboard.press("PageDown"); await page.waitForTimeout(500); }
    await page.keyboard.press("Home");
    await page.waitForTimeout(2000);
    const afterSeeks = await rendererRss(cdp);
    const last = samples[samples.length - 1];
    const firstHalf = samples.filter((s) => s.wallS <= (MINUTES * 60) / 2), secondHalf = samples.filter((s) => s.wallS > (MINUTES * 60) / 2);
    const peak = (xs) => Math.max(0, ...xs.map((s) => s.rss));
    const result = {
      minutes: MINUTES, virtualMinutes: last.virtualMin, load: loadavg()[0],
      peakFirstHalf: peak(firstHalf), peakSecondHalf: peak(secondHalf), last: last.rss, afterSeeks: afterSeeks.total, errors, samples,
    };
    log(`  reached ${last.virtualMin.toFixed(1)} min of virtual time in ${MINUTES} min; peak renderer RSS in the first half ` +
      `${mb(result.peakFirstHalf)} MB, in the second ${mb(result.peakSecondHalf)} MB (${(result.peakSecondHalf / result.peakFirstHalf).toFixed(2)}×); ` +
      `after seeking back with the Timeline slider ${mb(result.afterSeeks)} MB; load average ${result.load.toFixed(1)} at the end`);
    if (errors.length > 0) log(`  page errors: ${errors.join("; ")}`);
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
    if (errors.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    // Detached: its whole process group (npx and vite) goes. Null: a server that was already there.
    if (server) process.kill(-server.pid);
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
