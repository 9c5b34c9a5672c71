/*
 * `npm run bench:sweep [-- ROUNDS] [--seeds N] [--tsx]`: the sweep's parallel efficiency, 1 worker
 * thread against N (one per core), side by side in one process, alternating the order each round.
 *
 * Two sweeps of examples/sweeps/sweep-commit-levels.json's grid (5 levels x 2 apply delays):
 *  - "as is": its 20 seeds, 200 runs, about 1.5 s on one thread: whole wall time, worker start-up
 *    included (a user waits for it too);
 *  - "long": the same grid with N seeds a setting (--seeds, default 200: 2,000 runs).
 * For each: efficiency of the whole sweep = (time on 1 / time on N) / N, and the steady
 * throughput (runs/s once every worker has finished its first WARM_RUNS runs) and its efficiency.
 * Why both: every worker thread is its own V8 isolate and pays its own start-up (parsing the bundle)
 * and JIT warm-up (its first ~10 runs take ~5x a warm run's CPU, measured with
 * process.cpuUsage per run), so a short sweep on N threads pays N warm-ups for 1/N of the work each.
 * The figure is throughput; the whole-sweep figures say what a user of a short sweep gets.
 * A control runs in the same rounds: CONTROL_JOBS jobs of a pure arithmetic loop on 1 and N threads.
 * Its efficiency is what the machine allowed at that moment (a loaded machine gives a second thread
 * no second core); the sweep cannot do better than it.
 * --tsx adds the old boot (each thread compiling the engine through tsx) for comparison.
 */
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { readFileSync } from "node:fs";
import { sweepSchema, type SweepFile as Sweep } from "../src/sweep/schema";
import { runCount, sweepPoints } from "../src/sweep/grid";
import { runPool } from "../src/sweep/pool";
import { sweepWorkerFile } from "../src/sweep/workerBundle";

const WARM_RUNS = 25;
const CONTROL_JOBS = 200;
const args = process.argv.slice(2);
const flag = (name: string) => args.indexOf(name);
const seedsAt = flag("--seeds");
const longSeeds = seedsAt >= 0 ? Number(args[seedsAt + 1]) : 200;
const withTsx = flag("--tsx") >= 0;
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && i !== seedsAt + 1) ?? 2);
if (!Number.isSafeInteger(longSeeds) || longSeeds < 1 || !Number.isSafeInteger(rounds) || rounds < 1) {
  throw new Error("usage: npm run bench:sweep -- [ROUNDS] [--seeds N] [--tsx]");
}
const n = availableParallelism();
const example = JSON.parse(readFileSync(new URL("../examples/sweeps/sweep-commit-levels.json", import.meta.url), "utf8")) as Record<string, unknown>;
const withSeeds = (count: number): Sweep => sweepSchema.parse({ ...example, seeds: { ...(example.seeds as object), count } });
const sweeps = { "as is": sweepSchema.parse(example), long: withSeeds(longSeeds) } as const;
type SweepName = keyof typeof sweeps;
type Boot = "bundle" | "tsx";

const SPIN = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x); });`;
/** The control: CONTROL_JOBS jobs of an arithmetic loop (a few ms each) on `workers` threads. */
async function control(workers: number): Promise<number> {
  const t = performance.now();
  const threads = Array.from({ length: workers }, () => new Worker(SPIN, { eval: true }));
  let left = CONTROL_JOBS;
  await Promise.all(threads.map((w) => new Promise<void>((done) => {
    const next = () => (left-- <= 0 ? done() : w.postMessage(3e6));
    w.on("message", next);
    next();
  })));
  await Promise.all(threads.map((w) => w.terminate()));
  return performance.now() - t;
}

interface Timed { ms: number; steadyRate: number; events: number }
async function once(sweep: Sweep, workers: number, boot: Boot): Promise<Timed> {
  const total = runCount(sweep);
  const perThread = new Array<number>(workers).fill(0);
  let events = 0, steadyFrom: { ms: number; done: number } | null = null, last = 0;
  const t = performance.now();
  const result = await runPool(sweepPoints(sweep), total, workers, {
    boot, stopRequested: () => false,
    onDone: (done, e, thread) => {
      events = e;
      last = performance.now();
      perThread[thread]!++;
      if (steadyFrom === null && perThread.every((k) => k >= WARM_RUNS)) steadyFrom = { ms: last, done };
    },
  });
  if (result.failure) throw new Error(result.failure.message);
  const from = steadyFrom as { ms: number; done: number } | null;
  const steadyRate = from !== null && last > from.ms ? ((total - from.done) / (last - from.ms)) * 1000 : NaN;
  return { ms: performance.now() - t, steadyRate, events };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const times = new Map<string, number[]>(), rates = new Map<string, number[]>(), events = new Map<SweepName, number>();
const push = (m: Map<string, number[]>, k: string, v: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
await sweepWorkerFile(); // build the bundle before timing (a later sweep finds it cached)
const load: number[] = [];
type Job = { kind: "sweep"; sweep: SweepName; boot: Boot; workers: number } | { kind: "control"; workers: number };
const jobs: Job[] = [];
for (const sweep of Object.keys(sweeps) as SweepName[]) {
  for (const boot of withTsx ? (["bundle", "tsx"] as const) : (["bundle"] as const)) {
    jobs.push({ kind: "sweep", sweep, boot, workers: 1 }, { kind: "sweep", sweep, boot, workers: n });
  }
}
jobs.push({ kind: "control", workers: 1 }, { kind: "control", workers: n });
const keyOf = (j: Job) => (j.kind === "control" ? `control:${j.workers}` : `${j.sweep}:${j.boot}:${j.workers}`);
for (let r = 0; r < rounds; r++) {
  for (const job of r % 2 === 0 ? jobs : [...jobs].reverse()) {
    load.push(loadavg()[0]!);
    if (job.kind === "control") {
      const ms = await control(job.workers);
      push(times, keyOf(job), ms);
      process.stderr.write(`round ${r + 1}/${rounds}: control, ${job.workers} thread(s) ${(ms / 1000).toFixed(2)} s\n`);
      continue;
    }
    const got = await once(sweeps[job.sweep], job.workers, job.boot);
    events.set(job.sweep, got.events);
    push(times, keyOf(job), got.ms);
    push(rates, keyOf(job), got.steadyRate);
    process.stderr.write(`round ${r + 1}/${rounds}: ${job.sweep} (${job.boot}), ${job.workers} thread(s) ${(got.ms / 1000).toFixed(2)} s, steady ${got.steadyRate.toFixed(0)} runs/s\n`);
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
let out = `${rounds} rounds, alternating; load average ${median(load).toFixed(1)} (median at each sweep's start) on ${n} cores; ` +
  `steady = after each worker's first ${WARM_RUNS} runs\n`;
for (const sweep of Object.keys(sweeps) as SweepName[]) {
  out += `${sweep}: ${runCount(sweeps[sweep])} runs, ${(events.get(sweep) ?? 0).toLocaleString("en")} events\n`;
  for (const boot of withTsx ? (["bundle", "tsx"] as const) : (["bundle"] as const)) {
    const k1 = `${sweep}:${boot}:1`, kn = `${sweep}:${boot}:${n}`;
    const one = median(times.get(k1)!), many = median(times.get(kn)!);
    const r1 = median(rates.get(k1)!), rn = median(rates.get(kn)!);
    out += `  ${boot === "bundle" ? "bundled worker" : "tsx in each thread (the old boot)"}:\n` +
      `    1 worker:  median ${s(one)} s  [${times.get(k1)!.map(s).join(" ")}]  steady ${r1.toFixed(0)} runs/s\n` +
      `    ${n} workers: median ${s(many)} s  [${times.get(kn)!.map(s).join(" ")}]  steady ${rn.toFixed(0)} runs/s\n` +
      `    whole sweep: speed-up ${(one / many).toFixed(2)}x, efficiency ${(one / many / n).toFixed(2)}; ` +
      `steady throughput: efficiency ${(rn / r1 / n).toFixed(2)} (target 0.8)\n`;
  }
}
const c1 = median(times.get("control:1")!), cn = median(times.get(`control:${n}`)!);
out += `control (arithmetic loop, ${CONTROL_JOBS} jobs): 1 thread ${s(c1)} s, ${n} threads ${s(cn)} s: efficiency ${(c1 / cn / n).toFixed(2)}, ` +
  `the most this machine allowed during the run\n`;
process.stdout.write(out);
