/*
 * npm run bench:timetravel — seeking, checkpoint memory and restore cost on a long run
 * (issue 18's targets), with the engine the worker runs.
 *
 * A run of 1 primary + 3 replicas (bench/scenarios.ts, async) at 2,000 writes/s for 10 minutes of
 * virtual time is driven in pacer-sized slices and observed by a CheckpointKeeper, as the worker
 * would. Measured:
 *  - seek: SEEKS random moments (uniform over the run's events), each keeper.seek() timed
 *    (restore the nearest checkpoint + run forward); p50, p95, max. Target p95 ≤ 50 ms.
 *  - checkpoint memory: keeper.bytes (distinct chunks + objects) at the end. Target ≤ 200 MB.
 *  - restore against the interval it covers: for every CHECK-th checkpoint, the median of three
 *    restoreSimulation() calls against the time the live run took to run from that checkpoint to
 *    the next. Target ≤ 5 %. Three kinds: fresh; into a run a seek left at a random moment; and
 *    into the run just restored after it ran on part of the interval (a backward drag: the
 *    worker's seeks while the slider moves back within an interval).
 *  - with --long: a 24-hour run at 2,000 writes/s observed the same way, peak RSS after 1 h and
 *    after 24 h (target: ≤ 1.5×). It stops early, and says so, when RSS passes LONG_RSS_LIMIT.
 *    --hours=N runs N hours instead (the ratio printed is then N h against 1 h, and says so);
 *    --long-only skips the 10-minute run.
 * Every figure printed is one measured here; nothing is estimated. Times are wall-clock, and
 * beside them (cpu) the process's CPU time for the same operation (user + system, getrusage):
 * on a machine shared with other work, wall time includes waiting for a core; CPU time does not.
 */
import { restoreSimulation, Simulation } from "../src/engine";
import { CheckpointKeeper, DEFAULT_POLICY } from "../src/timeline/checkpoints";
import { Run } from "../src/worker/run";
import { benchScenario } from "./scenarios";
import { max, mb, median } from "./stats";

const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick"), LONG = args.has("--long") || args.has("--long-only"), JSON_OUT = args.has("--json");
const HOURS = Number([...args].find((a) => a.startsWith("--hours="))?.slice("--hours=".length) ?? 24);
if (!(Number.isInteger(HOURS) && HOURS >= 2 && HOURS <= 24)) throw new RangeError("--hours=N: a whole number of hours from 2 to 24");
const MINUTES = QUICK ? 2 : 10;
const SEEKS = QUICK ? 60 : 200;
const CHECK = QUICK ? 4 : 10;
/** the pacer's slice: 8 ms of a 60 Hz tick at ~1.5 M events/s */
const SLICE_EVENTS = 12_000;
/** the page's spacing of checkpoints (the worker's keeper uses DEFAULT_POLICY) */
const EVERY_EVENTS = Number(process.env.EVERY_EVENTS ?? DEFAULT_POLICY.everyEvents);
const LONG_RSS_LIMIT = 6 * 2 ** 30;

const log = (line: string) => { if (!JSON_OUT) process.stdout.write(`${line}\n`); };
const now = () => performance.now();
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** A keeper-observed run to `endUs`; the wall and CPU time each checkpoint's interval took to run. */
function liveRun(minutes: number, keeper: CheckpointKeeper, onSlice?: (run: Run) => boolean) {
  const scenario = keeper.scenario;
  const run = new Run(new Simulation(scenario));
  const endUs = minutes * 60e6;
  const intervalMs = new Map<number, number>(), intervalCpuMs = new Map<number, number>();
  let since = 0, sinceCpu = 0, runMs = 0, checkpointMs = 0, sinceEvents = 0;
  while (run.nowUs < endUs) {
    const t0 = now(), c0 = cpuNow();
    if (run.runUntil(endUs, SLICE_EVENTS) < SLICE_EVENTS && run.nowUs >= endUs) { /* done */ }
    const t1 = now();
    runMs += t1 - t0;
    since += t1 - t0;
    sinceCpu += cpuNow() - c0;
    if (keeper.observe(run)) {
      const t2 = now();
      checkpointMs += t2 - t1;
      intervalMs.set(sinceEvents, since);
      intervalCpuMs.set(sinceEvents, sinceCpu);
      since = 0;
      sinceCpu = 0;
      sinceEvents = run.events;
    }
    if (onSlice && !onSlice(run)) break;
  }
  return { run, runMs, checkpointMs, intervalMs, intervalCpuMs };
}

function tenMinutes() {
  const scenario = benchScenario({ replicas: 3, preset: "async", writesPerSec: 2000, durationMs: MINUTES * 60_000 });
  const keeper = new CheckpointKeeper(scenario, { everyEvents: EVERY_EVENTS, maxCheckpoints: DEFAULT_POLICY.maxCheckpoints });
  log(`run: 1 primary + 3 replicas, async, 2,000 writes/s, ${MINUTES} min of virtual time; a checkpoint every ${EVERY_EVENTS.toLocaleString("en")} events`);
  const { run, runMs, checkpointMs, intervalMs, intervalCpuMs } = liveRun(MINUTES, keeper);
  const writes = run.sim.report().writes.attempted;
  log(`  ${run.events.toLocaleString("en")} events, ${writes.toLocaleString("en")} writes: ran in ${(runMs / 1000).toFixed(1)} s, ` +
    `${keeper.count} checkpoints taken in ${(checkpointMs / 1000).toFixed(2)} s (${(checkpointMs / keeper.count).toFixed(1)} ms each)`);

  // Seeks to random moments, in a fixed pseudo-random order (xorshift): each a fresh run, then the
  // same moments again with each seek reusing the last one's run, as the worker does while the
  // Timeline slider moves (its columns are recycled, or it is simply run on when on the way).
  const targets: number[] = [];
  let x = 2463534242;
  for (let i = 0; i < SEEKS; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; targets.push((x >>> 0) % run.events); }
  const seekTimes = (reuse: boolean) => {
    const times: number[] = [], cpu: number[] = [];
    let last: Run | undefined;
    for (const target of targets) {
      const t0 = now(), c0 = cpuNow();
      const at = keeper.seek(run.log, { events: target }, undefined, reuse ? last : undefined);
      times.push(now() - t0);
      cpu.push(cpuNow() - c0);
      if (at.events !== target) throw new Error(`seek to ${target} reached ${at.events}`);
      last = at;
    }
    return { p50: median(times), p95: quantile(times, 0.95), max: max(times), cpuP50: median(cpu), cpuP95: quantile(cpu, 0.95) };
  };
  const seekFresh = seekTimes(false), seek = seekTimes(true);
  const line = (s: typeof seek) => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms ` +
    `(cpu p50 ${s.cpuP50.toFixed(1)} ms, p95 ${s.cpuP95.toFixed(1)} ms)`;
  log(`seek to ${SEEKS} random moments, each from a fresh restore: ${line(seekFresh)}`);
  log(`the same, each reusing the last seek's run: ${line(seek)} (target p95 ≤ 50 ms: ${seek.p95 <= 50 ? "PASS" : `FAIL${seek.cpuP95 <= 50 ? " on the wall clock, PASS in CPU time" : ""}`})`);
  const memory = keeper.bytes;
  log(`checkpoint memory: ${mb(memory)} MB over ${keeper.count} checkpoints (target ≤ 200 MB: ${mb(memory) <= 200 ? "PASS" : "FAIL"}); ` +
    `RSS ${mb(process.memoryUsage().rss)} MB`);

  // Restore against the interval each checkpoint covers (to the next one): a fresh restore, and
  // one into the columns of a run left at a random moment (a previous seek's).
  const list = keeper.list();
  const cps = (keeper as unknown as { kept: { cp: Parameters<typeof restoreSimulation>[0]; events: number }[] }).kept;
  type Sample = { ms: number; cpu: number; ratio: number; cpuRatio: number };
  const fresh: Sample[] = [], recycled: Sample[] = [], back: Sample[] = [];
  const timed = (f: () => unknown) => { const t0 = now(), c0 = cpuNow(); f(); return { ms: now() - t0, cpu: cpuNow() - c0 }; };
  let k = 0;
  for (let i = 1; i < cps.length - 1; i += CHECK) {
    const interval = intervalMs.get(list[i]!.events), intervalCpu = intervalCpuMs.get(list[i]!.events);
    if (interval === undefined || intervalCpu === undefined) continue;
    const f: { ms: number; cpu: number }[] = [], r: { ms: number; cpu: number }[] = [], b: { ms: number; cpu: number }[] = [];
    for (let n = 0; n < 3; n++) {
      f.push(timed(() => restoreSimulation(cps[i]!.cp)));
      const old = keeper.seek(run.log, { events: targets[k++ % targets.length]! });
      let restored: Simulation | undefined;
      r.push(timed(() => { restored = restoreSimulation(cps[i]!.cp, {}, old.sim as Simulation) as Simulation; }));
      // A backward drag within the interval: the restored run, run on part of the interval, restored to its checkpoint again.
      restored!.runUntil(Number.MAX_SAFE_INTEGER, 1 + (targets[k % targets.length]! % EVERY_EVENTS));
      b.push(timed(() => restoreSimulation(cps[i]!.cp, {}, restored)));
    }
    const sample = (xs: { ms: number; cpu: number }[]): Sample => {
      const ms = median(xs.map((x) => x.ms)), cpu = median(xs.map((x) => x.cpu));
      return { ms, cpu, ratio: ms / interval, cpuRatio: cpu / intervalCpu };
    };
    fresh.push(sample(f));
    recycled.push(sample(r));
    back.push(sample(b));
  }
  const summary = (xs: Sample[]) => ({ ms: median(xs.map((x) => x.ms)), maxMs: max(xs.map((x) => x.ms)),
    ratio: median(xs.map((x) => x.ratio)), ratioMax: max(xs.map((x) => x.ratio)),
    cpuMs: median(xs.map((x) => x.cpu)), cpuRatio: median(xs.map((x) => x.cpuRatio)), cpuRatioMax: max(xs.map((x) => x.cpuRatio)) });
  const restore = { fresh: summary(fresh), recycled: summary(recycled), back: summary(back), intervalMs: median([...intervalMs.values()]),
    intervalCpuMs: median([...intervalCpuMs.values()]) };
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const line2 = (x: ReturnType<typeof summary>) => `median ${x.ms.toFixed(1)} ms (${pct(x.ratio)}), max ${x.maxMs.toFixed(1)} ms ` +
    `(${pct(x.ratioMax)}); cpu median ${x.cpuMs.toFixed(1)} ms (${pct(x.cpuRatio)}), max ${pct(x.cpuRatioMax)}`;
  log(`restore vs the interval it covers (${fresh.length} checkpoints; an interval runs in ${restore.intervalMs.toFixed(1)} ms, ` +
    `cpu ${restore.intervalCpuMs.toFixed(1)} ms, median):`);
  log(`  fresh: ${line2(restore.fresh)}`);
  log(`  into a previous seek's run: ${line2(restore.recycled)} (target ≤ 5 %: ${restore.recycled.ratioMax <= 0.05 ? "PASS" :
    `FAIL${restore.recycled.cpuRatio <= 0.05 ? ", PASS in median CPU time" : ""}`})`);
  log(`  into the run it restored, after it ran on part of the interval (a backward drag): ${line2(restore.back)}`);
  return { minutes: MINUTES, events: run.events, writes, runMs, checkpoints: keeper.count, checkpointMs, seekFresh, seek, memoryBytes: memory, restore };
}

function day() {
  const scenario = benchScenario({ replicas: 3, preset: "async", writesPerSec: 2000, durationMs: HOURS * 3600_000 });
  const keeper = new CheckpointKeeper(scenario, { everyEvents: EVERY_EVENTS, maxCheckpoints: DEFAULT_POLICY.maxCheckpoints });
  let peak = 0, peakAt1h = 0, stoppedAtH: number | null = null, hour = 0, nextSampleUs = 0;
  /** RSS sampled once a simulated minute, by simulated hour */
  const samples: number[][] = [[]];
  const t0 = now();
  log(`${HOURS}-hour run: 1 primary + 3 replicas, async, 2,000 writes/s, checkpoints kept as in the page ` +
    `(every ${EVERY_EVENTS.toLocaleString("en")} events, at most ${DEFAULT_POLICY.maxCheckpoints}, thinned; retention window ` +
    `${DEFAULT_POLICY.windowUs / 60e6} min); RSS sampled every simulated minute`);
  liveRun(HOURS * 60, keeper, (run) => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    if (run.nowUs <= 3600e6) peakAt1h = peak;
    if (run.nowUs >= nextSampleUs) { samples[hour]!.push(rss); nextSampleUs += 60e6; }
    if (run.nowUs >= (hour + 1) * 3600e6) {
      hour++;
      samples.push([]);
      log(`  ${hour} h: RSS median ${mb(median(samples[hour - 1]!))} MB over the hour's ${samples[hour - 1]!.length} samples, ` +
        `peak so far ${mb(peak)} MB; checkpoints ${keeper.count} (${mb(keeper.bytes)} MB), ` +
        `${run.sim.writesKept.toLocaleString("en")} write rows held of ${run.sim.report().writes.attempted.toLocaleString("en")} written; ` +
        `earliest moment in reach ${(keeper.earliest(run.log).atUs / 60e6).toFixed(1)} min; ${((now() - t0) / 60_000).toFixed(1)} min of wall time so far`);
    }
    if (peak > LONG_RSS_LIMIT) { stoppedAtH = run.nowUs / 3600e6; return false; }
    return true;
  });
  const ratio = peak / peakAt1h;
  const wallMin = (now() - t0) / 60_000;
  const full = samples.filter((x) => x.length >= 30);
  const second = full[1] ? median(full[1]) : null, last = full.length > 0 ? median(full[full.length - 1]!) : null;
  const growth = second !== null && last !== null ? last / second - 1 : null;
  log(`  median RSS in hour 2 ${second === null ? "(not reached)" : `${mb(second)} MB`}, in hour ${full.length} ` +
    `${last === null ? "(none)" : `${mb(last)} MB`}: ${growth === null ? "not measured" : `${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} % ` +
      `(target < +10 %: ${growth < 0.1 ? "PASS" : "FAIL"})`}`);
  log(`  peak RSS after 1 h ${mb(peakAt1h)} MB, after ${stoppedAtH === null ? `${HOURS} h` : `${(stoppedAtH as number).toFixed(1)} h (stopped: RSS passed ${mb(LONG_RSS_LIMIT)} MB)`} ` +
    `${mb(peak)} MB: ${ratio.toFixed(2)}× (target, for 24 h, ≤ 1.5×: ${stoppedAtH === null && HOURS === 24 && ratio <= 1.5 ? "PASS" :
      HOURS < 24 ? `not measured: this run was ${HOURS} h` : "FAIL"}); ran ${wallMin.toFixed(1)} min of wall time`);
  return { hours: HOURS, peakRss1h: peakAt1h, peakRss: peak, stoppedAtHours: stoppedAtH, ratio, wallMinutes: wallMin,
    medianRssByHour: full.map((x) => median(x)), growthHour2ToLast: growth };
}

const result = { tenMinutes: args.has("--long-only") ? null : tenMinutes(), day: LONG ? day() : null };
if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
