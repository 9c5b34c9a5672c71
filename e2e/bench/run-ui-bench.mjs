#!/usr/bin/env node
/*
 * UI frame-rate benchmark (a script, not a timed test): the built app in headless Chromium with
 * 16 replicas, 2,000 writes/s and about a thousand messages in flight. It measures, inside the
 * page, requestAnimationFrame intervals for ~10 s, the messages in flight, how many snapshots
 * arrive, and what posting one snapshot costs (a structured clone of it: what postMessage does,
 * serialising in the worker and deserialising in the page). Then it traces 4 s and reports the
 * main thread's CPU (thread time) per frame by phase: on a machine shared with other work the
 * frame rate says little, the CPU a frame takes says whether 60 fps fits. It prints PASS/MISS
 * beside each target and exits non-zero only when it could not measure (build, server, errors).
 *
 *   npm run bench:ui                 build, then measure
 *   npm run bench:ui -- --no-build   measure the existing dist/
 *   npm run bench:ui -- --compare=/tmp/before-dist [--rounds=3]
 *                                    before/after in one run: another build (e.g. main's dist/,
 *                                    copied aside) served beside this one, measured in turns
 *                                    (before, after, after, before, …: drift in the machine's load
 *                                    falls on both), medians of the rounds side by side with ratios
 *   options: --seconds=10 --width=1600 --height=1000 --port=4183 --json
 */
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { chromium } from "@playwright/test";
import { baseOf, build, chromiumPath, parseArgs, ROOT, startPreview } from "./kit.mjs";
import { traceCpu } from "./traceCpu.mjs";

const args = parseArgs(process.argv.slice(2));
const SECONDS = Number(args.seconds ?? 10);
const WIDTH = Number(args.width ?? 1600);
const HEIGHT = Number(args.height ?? 1000);
const PORT = Number(args.port ?? 4183);
const COMPARE = args.compare === undefined ? null : resolve(args.compare);
const ROUNDS = Math.max(1, Number(args.rounds ?? 3));
const TARGET_FPS = 55;
const TARGET_POST_MS = 1;
const TARGET_IN_FLIGHT = 1000;

/** The load the issue names: 16 replicas, 2,000 writes/s; link delays sized for ~1,000 in flight. */
const BENCH_SCENARIO = {
  name: "ui benchmark: 16 replicas, 2000 writes/s",
  seed: 1,
  durationMs: 3_600_000,
  cluster: {
    primary: { name: "primary", fsyncMs: 1 },
    replicas: Array.from({ length: 16 }, (_, i) => ({
      name: `s${i + 1}`, networkDelayMs: 8 + (i % 8) * 4, jitterMs: 1, fsyncMs: 1, applyDelayMs: i === 2 ? 1500 : 0,
    })),
  },
  commit: { preset: "sync" },
  workload: { writesPerSec: 2000, readsPerSec: 200, sessions: 8, keys: 200, readFrom: "replicas" },
};

function log(line) {
  process.stdout.write(`${line}\n`);
}

/** Open the page with the scenario in its address (?scenario=<URL-encoded JSON>). */
async function loadScenario(page, errors, base) {
  await page.goto(`${base}/?scenario=${encodeURIComponent(JSON.stringify(BENCH_SCENARIO))}`);
  const state = () => page.evaluate(() => ({
    nodes: window.__lab?.snapshot()?.nodes.length ?? 0,
    scenario: window.__lab?.state().scenario?.name ?? null,
    problems: (window.__lab?.state().scenarioErrors ?? []).map((e) => `${e.path}: ${e.message}`),
  }));
  const end = Date.now() + 15_000;
  let now = await state();
  while (Date.now() < end && !(now.nodes === 17 && now.scenario === BENCH_SCENARIO.name) && now.problems.length === 0) {
    await page.waitForTimeout(100);
    now = await state();
  }
  if (now.nodes === 17 && now.scenario === BENCH_SCENARIO.name) return "query string ?scenario=";
  throw new Error(`the page did not run the 16-replica scenario from ?scenario= (nodes: ${now.nodes}); ` +
    `scenario problems: ${now.problems.join("; ") || "none"}; page errors: ${errors.join("; ") || "none"}`);
}

async function runAtFullSpeed(page) {
  const speed = page.getByLabel("Speed");
  if ((await speed.count()) > 0 && (await speed.inputValue()) !== "1") await speed.selectOption("1");
  const state = await page.evaluate(() => ({ paused: window.__lab.state().paused, speed: window.__lab.state().speed }));
  if (state.paused) await page.getByRole("button", { name: "Play" }).click();
  return page.evaluate(() => window.__lab.state().speed);
}

/** Runs in the page: frame intervals, snapshots received, messages in flight, clone cost. */
function measureInPage(seconds) {
  // Mirrors of src/worker/inFlight.ts (the page's bundle does not export them).
  const KINDS = ["wal", "ack", "keepalive"];
  const toColumns = (msgs) => {
    const names = [...new Set(msgs.flatMap((m) => [m.from, m.to]))];
    const idx = new Map(names.map((n, i) => [n, i]));
    const n = msgs.length;
    const c = { count: n, names, ids: new Float64Array(n), kinds: new Uint8Array(n), from: new Uint8Array(n), to: new Uint8Array(n),
      sentUs: new Float64Array(n), arriveUs: new Float64Array(n), lsn: new Float64Array(n), ackWrite: new Float64Array(n),
      ackFlush: new Float64Array(n), ackReplay: new Float64Array(n) };
    msgs.forEach((m, i) => {
      c.ids[i] = m.id; c.kinds[i] = KINDS.indexOf(m.kind); c.from[i] = idx.get(m.from); c.to[i] = idx.get(m.to);
      c.sentUs[i] = m.sentUs; c.arriveUs[i] = m.arriveUs; c.lsn[i] = m.lsn;
      c.ackWrite[i] = m.ack?.write ?? 0; c.ackFlush[i] = m.ack?.flush ?? 0; c.ackReplay[i] = m.ack?.replay ?? 0;
    });
    return c;
  };
  const fromColumns = (c) => {
    const out = new Array(c.count);
    for (let i = 0; i < c.count; i++) {
      const kind = KINDS[c.kinds[i]] ?? "keepalive";
      const v = { id: c.ids[i], kind, from: c.names[c.from[i]], to: c.names[c.to[i]], sentUs: c.sentUs[i], arriveUs: c.arriveUs[i], lsn: c.lsn[i] };
      if (kind === "ack") v.ack = { write: c.ackWrite[i], flush: c.ackFlush[i], replay: c.ackReplay[i] };
      out[i] = v;
    }
    return out;
  };
  return new Promise((resolveMeasure) => {
    const lab = window.__lab;
    const intervals = [];
    const inFlight = [];
    const cloneMs = [];
    const cloneRestMs = [];
    const cloneObjectsMs = [];
    const sizes = [];
    let snapshots = 0;
    let seen = lab.snapshot();
    let behindFrames = 0;
    let longTasks = 0;
    let observer = null;
    try {
      observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
      observer.observe({ entryTypes: ["longtask"] });
    } catch {
      observer = null;
    }
    const start = performance.now();
    let last = start;
    let frame = 0;
    const tick = (now) => {
      intervals.push(now - last);
      last = now;
      const snap = lab.snapshot();
      if (snap !== seen) {
        snapshots++;
        seen = snap;
      }
      if (lab.state().behind) behindFrames++;
      // Every 15th frame: sample the load and what cloning this snapshot costs (off the
      // measured frames' critical path as far as possible: right after the frame callback).
      if (++frame % 15 === 0 && snap) {
        inFlight.push(snap.inFlight.length);
        setTimeout(() => {
          // What the worker posts (src/worker/inFlight.ts): the snapshot without its messages,
          // cloned, plus the messages as typed-array columns, transferred; then the page turns
          // the columns back into message objects. Timed here as clone + transfer + decode.
          const t0 = performance.now();
          structuredClone({ ...snap, inFlight: [] });
          const t1 = performance.now();
          const cols = toColumns(snap.inFlight);
          const t2 = performance.now();
          const moved = structuredClone(cols, { transfer: Object.values(cols).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer) });
          fromColumns(moved);
          const t3 = performance.now();
          structuredClone(snap.inFlight);
          const t4 = performance.now();
          cloneMs.push(t1 - t0 + (t3 - t2));
          cloneRestMs.push(t1 - t0);
          cloneObjectsMs.push(t4 - t3);
          if (sizes.length < 5) sizes.push(JSON.stringify({ ...snap, inFlight: [] }).length);
        }, 0);
      }
      if (now - start < seconds * 1000) requestAnimationFrame(tick);
      else {
        observer?.disconnect();
        const drawCosts = window.__labViews?.drawCostsMs() ?? [];
        resolveMeasure({ drawCosts, intervals: intervals.slice(1), inFlight, cloneMs, cloneRestMs, cloneObjectsMs, sizes, snapshots, behindFrames, frames: frame,
          elapsedMs: now - start, nodes: snap?.nodes.length ?? 0, nowUs: snap?.nowUs ?? 0, longTasks });
      }
    };
    requestAnimationFrame(tick);
  });
}

function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))));
  return s[i];
}

function verdict(ok) {
  return ok ? "PASS" : "MISS";
}

/** One measurement's figures (the JSON --json prints). */
function summarise(m, meta) {
  const medianInterval = quantile(m.intervals, 0.5);
  const p95Interval = quantile(m.intervals, 0.95);
  const fpsMedian = 1000 / medianInterval;
  const fpsP5 = 1000 / p95Interval;
  const fpsMean = (m.intervals.length * 1000) / m.intervals.reduce((a, b) => a + b, 0);
  const inFlightMedian = quantile(m.inFlight, 0.5);
  const cloneMedian = quantile(m.cloneMs, 0.5);
  const cloneP95 = quantile(m.cloneMs, 0.95);
  const sizeKb = quantile(m.sizes, 0.5) / 1000;
  const result = {
    browser: meta.browser, viewport: `${WIDTH}x${HEIGHT}`, scenarioVia: meta.via, speed: meta.speed, seconds: m.elapsedMs / 1000,
    frames: m.intervals.length, fpsMedian, fpsP5, fpsMean, frameMsMedian: medianInterval, frameMsP95: p95Interval,
    inFlightMedian, inFlightMin: Math.min(...m.inFlight), inFlightMax: Math.max(...m.inFlight),
    snapshotsPerSecond: m.snapshots / (m.elapsedMs / 1000), postCostMsMedian: cloneMedian, postCostMsP95: cloneP95,
    snapshotJsonKb: sizeKb, behindShare: m.behindFrames / Math.max(1, m.frames), longTasks: m.longTasks,
    virtualSeconds: m.nowUs / 1e6, postCostWithoutMessagesMs: quantile(m.cloneRestMs, 0.5),
    postCostMessagesAsObjectsMs: quantile(m.cloneObjectsMs, 0.5), cpus: meta.cpus, loadAverage: meta.load,
    viewsDrawMsMedian: quantile(m.drawCosts, 0.5), viewsDrawMsP95: quantile(m.drawCosts, 0.95),
    mainThreadCpuMsPerFrame: meta.cpu.perFrame, workerBusyShare: meta.cpu.workerBusyShare,
  };
  return result;
}

function report(m, meta) {
  const result = summarise(m, meta);
  const { fpsMedian, fpsP5, fpsMean, inFlightMedian, frameMsMedian: medianInterval, frameMsP95: p95Interval } = result;
  const cloneMedian = result.postCostMsMedian;
  const cloneP95 = result.postCostMsP95;
  const sizeKb = result.snapshotJsonKb;
  if (args.json === "true") {
    log(JSON.stringify(result, null, 2));
    return;
  }
  const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
  const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
  log("");
  log(`Replication Lab UI benchmark — ${meta.browser}, ${WIDTH}×${HEIGHT}, speed ${meta.speed}×, ${f1(result.seconds)} s measured`);
  log(`  machine: ${meta.cpus} CPUs, load average ${meta.load} (other processes compete with the page, the worker and the compositor)`);
  log(`  scenario: 16 replicas, 2,000 writes/s, 200 reads/s from replicas, sync preset (loaded via ${meta.via})`);
  log(`  frame rate          median ${f1(fpsMedian)} fps   p5 ${f1(fpsP5)} fps   mean ${f1(fpsMean)} fps   (${result.frames} frames, ${m.longTasks} long tasks)`);
  log(`                      frame time median ${f2(medianInterval)} ms, p95 ${f2(p95Interval)} ms`);
  log(`  views' canvases    median ${f2(result.viewsDrawMsMedian)} ms, p95 ${f2(result.viewsDrawMsP95)} ms of script a frame (dots, WAL lanes)`);
  log(`  messages in flight  median ${inFlightMedian}   min ${result.inFlightMin}   max ${result.inFlightMax}`);
  log(`  snapshots           ${f1(result.snapshotsPerSecond)} per second received; ~${f1(sizeKb)} kB as JSON without the messages`);
  log(`  snapshot post cost  median ${f2(cloneMedian)} ms   p95 ${f2(cloneP95)} ms   (clone of the snapshot + transfer and decoding of the message columns)`);
  log(`                      of which the snapshot without messages ${f2(result.postCostWithoutMessagesMs)} ms; posting the messages as objects instead would cost ${f2(result.postCostMessagesAsObjectsMs)} ms`);
  const c = meta.cpu.perFrame;
  log(`  main-thread CPU     ${f1(c.total)} ms a frame (16.7 ms is 60 fps), by thread time over ${meta.cpu.frames} traced frames:`);
  log(`                      animation frames ${f1(c.animationFrame)}, snapshot messages ${f1(c.snapshotMessages)}, React ${f1(c.reactScheduled)}, style+layout ${f1(c.styleLayout)}, paint ${f1(c.paint)}, commit ${f1(c.commit)}`);
  log(`  simulation worker   busy ${f1(meta.cpu.workerBusyShare * 100)} % of the time`);
  log(`  engine behind wall clock on ${f1(result.behindShare * 100)} % of frames; virtual time reached ${f1(result.virtualSeconds)} s`);
  log("");
  log(`  [${verdict(fpsMedian >= TARGET_FPS)}] median frame rate ≥ ${TARGET_FPS} fps: ${f1(fpsMedian)}`);
  log(`  [${verdict(c.total <= 1000 / TARGET_FPS)}] main-thread CPU a frame fits ${TARGET_FPS} fps (≤ ${f1(1000 / TARGET_FPS)} ms): ${f1(c.total)} ms`);
  log(`  [${verdict(cloneMedian < TARGET_POST_MS)}] snapshot post cost < ${TARGET_POST_MS} ms a frame: ${f2(cloneMedian)} ms`);
  log(`  [${verdict(inFlightMedian >= TARGET_IN_FLIGHT * 0.8)}] about ${TARGET_IN_FLIGHT} messages in flight: ${inFlightMedian}`);
}

/** One measurement of the app served at `base`, in a fresh page. */
async function measure(browser, base) {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  try {
    page.on("pageerror", (e) => errors.push(String(e)));
    const via = await loadScenario(page, errors, base);
    const speed = await runAtFullSpeed(page);
    await page.waitForTimeout(2000); // warm up: JIT, the first layout, the lanes settling
    const load = loadavg().map((x) => x.toFixed(1)).join(" ");
    const m = await page.evaluate(measureInPage, SECONDS);
    if (m.nodes !== 17) throw new Error(`expected 17 nodes while measuring, saw ${m.nodes}`);
    const cpu = await traceCpu(browser, page, 4);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    return { m, meta: { browser: `Chromium ${browser.version()}`, via, speed, cpus: cpus().length, load, cpu } };
  } finally {
    await page.close();
  }
}

/** The figures compared before/after: median over the rounds of each round's figure. */
const COMPARED = [
  ["main-thread CPU a frame, ms", (r) => r.mainThreadCpuMsPerFrame.total],
  ["  of which animation frames, ms", (r) => r.mainThreadCpuMsPerFrame.animationFrame],
  ["  of which paint, ms", (r) => r.mainThreadCpuMsPerFrame.paint],
  ["views' canvases script a frame, ms", (r) => r.viewsDrawMsMedian],
  ["frame time median, ms", (r) => r.frameMsMedian],
  ["frame time p95, ms", (r) => r.frameMsP95],
  ["frame rate median, fps", (r) => r.fpsMedian],
  ["frame rate mean, fps", (r) => r.fpsMean],
  ["messages in flight median", (r) => r.inFlightMedian],
];

function reportCompare(before, after) {
  const rows = COMPARED.map(([name, get]) => {
    const b = quantile(before.map(get), 0.5);
    const a = quantile(after.map(get), 0.5);
    return { name, before: b, after: a, ratio: a / b, beforeRounds: before.map(get), afterRounds: after.map(get) };
  });
  if (args.json === "true") {
    log(JSON.stringify({ compare: COMPARE, rounds: ROUNDS, rows, before, after }, null, 2));
    return;
  }
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
  log("");
  log(`Replication Lab UI benchmark, before/after — ${before[0].browser}, ${WIDTH}×${HEIGHT}, ${SECONDS} s + 4 s traced per round, ${ROUNDS} rounds each, in turns`);
  log(`  before: ${COMPARE}`);
  log(`  after:  ${resolve(ROOT, "dist")}`);
  log(`  scenario: 16 replicas, 2,000 writes/s, 200 reads/s from replicas, sync preset; machine: ${before[0].cpus} CPUs, load averages per round ${[...before, ...after].map((r) => r.loadAverage.split(" ")[0]).join(", ")}`);
  log("");
  log(`  ${"median of the rounds".padEnd(36)}${"before".padStart(9)}${"after".padStart(9)}${"after/before".padStart(14)}   rounds before | after`);
  for (const r of rows) {
    log(`  ${r.name.padEnd(36)}${f(r.before).padStart(9)}${f(r.after).padStart(9)}${(Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : "n/a").padStart(14)}   ${r.beforeRounds.map(f).join(" ")} | ${r.afterRounds.map(f).join(" ")}`);
  }
  const cpu = rows[0];
  log("");
  log(`  [${verdict(cpu.after <= 1000 / 60)}] after: main-thread CPU a frame fits 60 fps (≤ 16.7 ms): ${f(cpu.after)} ms (before ${f(cpu.before)} ms)`);
}

async function main() {
  if (args["no-build"] !== "true") build(log);
  if (!existsSync(resolve(ROOT, "dist/index.html"))) throw new Error("no dist/index.html: run without --no-build");
  if (COMPARE && !existsSync(resolve(COMPARE, "index.html"))) throw new Error(`--compare: no index.html in ${COMPARE}`);
  const server = await startPreview(PORT, COMPARE ? resolve(ROOT, "dist") : undefined, log);
  const other = COMPARE ? await startPreview(PORT + 1, COMPARE, log) : null;
  const executablePath = chromiumPath();
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ["--disable-gpu", "--no-sandbox"] });
  try {
    if (!COMPARE) {
      const { m, meta } = await measure(browser, baseOf(PORT));
      report(m, meta);
      return;
    }
    const before = [];
    const after = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so a load that rises or falls through the run hits both.
      const order = round % 2 === 0 ? ["before", "after"] : ["after", "before"];
      for (const which of order) {
        const { m, meta } = await measure(browser, baseOf(which === "before" ? PORT + 1 : PORT));
        const r = summarise(m, meta);
        (which === "before" ? before : after).push(r);
        log(`  round ${round + 1} ${which.padEnd(6)}: main-thread CPU ${r.mainThreadCpuMsPerFrame.total.toFixed(1)} ms a frame, ` +
          `frame time median ${r.frameMsMedian.toFixed(1)} ms, ${r.inFlightMedian} in flight, load ${r.loadAverage}`);
      }
    }
    reportCompare(before, after);
  } finally {
    await browser.close();
    if (server) process.kill(-server.pid, "SIGTERM");
    if (other) process.kill(-other.pid, "SIGTERM");
  }
}

main().catch((err) => {
  process.stderr.write(`bench:ui failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
