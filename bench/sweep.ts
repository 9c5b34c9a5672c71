/*
 * `npm run bench:sweep [-- ROUNDS]`: the sweep's parallel efficiency. The same sweep
 * (examples/sweeps/sweep-commit-levels.json as it is: 5 levels x 2 apply delays x 20 seeds =
 * 200 runs) on 1 worker thread and on N
 * (one per core), side by side in one process, alternating the order each round; each time is
 * the whole sweep's wall time, worker start-up included (a user waits for it too).
 * Efficiency = (time on 1 / time on N) / N: 1.0 means N workers do N times the work of one.
 * Also printed: the throughput once every worker has finished its first run (runs/s, start-up
 * and warm-up excluded) and its efficiency, and both again with the threads started the old way
 * (through tsx, each compiling the engine itself) beside the bundled worker (workerBundle.ts).
 * A control runs in the same rounds: the same number of jobs of a pure arithmetic loop on 1 and
 * on N threads. Its efficiency is what the machine allows at that moment (on a loaded machine a
 * second thread gets no second core); the sweep cannot do better than it.
 */
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { readFileSync } from "node:fs";
import { sweepSchema } from "../src/sweep/schema";
import { runCount, sweepPoints } from "../src/sweep/grid";
import { runPool } from "../src/sweep/pool";
import { sweepWorkerFile } from "../src/sweep/workerBundle";

const rounds = Number(process.argv[2] ?? 2);
const n = availableParallelism();
const example = JSON.parse(readFileSync(new URL("../examples/sweeps/sweep-commit-levels.json", import.meta.url), "utf8")) as Record<string, unknown>;
const sweep = sweepSchema.parse(example);
const total = runCount(sweep);
type Boot = "bundle" | "tsx" | "control";

const SPIN = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x); });`;
/** The control: `total` jobs of an arithmetic loop (about one sweep run's time each) on `workers` threads. */
async function control(workers: number): Promise<number> {
  const t = performance.now();
  const threads = Array.from({ length: workers }, () => new Worker(SPIN, { eval: true }));
  let left = total;
  await Promise.all(threads.map((w) => new Promise<void>((done) => {
    const next = () => (left-- <= 0 ? done() : w.postMessage(3e6));
    w.on("message", next);
    next();
  })));
  await Promise.all(threads.map((w) => w.terminate()));
  return performance.now() - t;
}

async function once(workers: number, boot: Exclude<Boot, "control">): Promise<{ ms: number; warmRate: number; events: number }> {
  let events = 0, warm: { ms: number; done: number } | null = null, last = 0;
  const t = performance.now();
  const result = await runPool(sweepPoints(sweep), total, workers, {
    boot, stopRequested: () => false,
    onDone: (done, e) => {
      events = e;
      last = performance.now();
      if (warm === null && done >= workers) warm = { ms: last, done };
    },
  });
  if (result.failure) throw new Error(result.failure.message);
  const w = warm as { ms: number; done: number } | null;
  const warmRate = w !== null && last > w.ms ? ((total - w.done) / (last - w.ms)) * 1000 : NaN;
  return { ms: performance.now() - t, warmRate, events };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const key = (w: number, b: Boot) => `${b}:${w}`;
const times = new Map<string, number[]>(), rates = new Map<string, number[]>();
let events = 0;
await sweepWorkerFile(); // build the bundle before timing (a later sweep finds it cached)
const load: number[] = [];
for (let r = 0; r < rounds; r++) {
  const order: [number, Boot][] = [[1, "bundle"], [n, "bundle"], [1, "control"], [n, "control"], [1, "tsx"], [n, "tsx"]];
  for (const [w, b] of r % 2 === 0 ? order : order.reverse()) {
    load.push(loadavg()[0]!);
    const got = b === "control" ? { ms: await control(w), warmRate: NaN, events } : await once(w, b as Exclude<Boot, "control">);
    events = got.events;
    (times.get(key(w, b)) ?? times.set(key(w, b), []).get(key(w, b))!).push(got.ms);
    (rates.get(key(w, b)) ?? rates.set(key(w, b), []).get(key(w, b))!).push(got.warmRate);
    process.stderr.write(`round ${r + 1}/${rounds}: ${b}, ${w} thread(s) ${(got.ms / 1000).toFixed(2)} s, warm ${got.warmRate.toFixed(0)} runs/s\n`);
  }
}
const s = (ms: number) => (ms / 1000).toFixed(2);
let out = `${total} runs, ${events.toLocaleString("en")} events a sweep; ${rounds} sweeps each way, alternating; load average ${median(load).toFixed(1)} (median at each sweep's start) on ${n} cores\n`;
for (const b of ["bundle", "tsx"] as const) {
  const one = median(times.get(key(1, b))!), many = median(times.get(key(n, b))!);
  const r1 = median(rates.get(key(1, b))!), rn = median(rates.get(key(n, b))!);
  out += `${b === "bundle" ? "bundled worker (now)" : "tsx in each thread (before)"}:\n` +
    `  1 worker:  median ${s(one)} s  [${times.get(key(1, b))!.map(s).join(" ")}]  warm ${r1.toFixed(0)} runs/s\n` +
    `  ${n} workers: median ${s(many)} s  [${times.get(key(n, b))!.map(s).join(" ")}]  warm ${rn.toFixed(0)} runs/s\n` +
    `  whole sweep: speed-up ${(one / many).toFixed(2)}x, efficiency ${(one / many / n).toFixed(2)}; ` +
    `warm throughput: efficiency ${(rn / r1 / n).toFixed(2)} (target 0.8)\n`;
}
const c1 = median(times.get(key(1, "control"))!), cn = median(times.get(key(n, "control"))!);
out += `control (arithmetic loop, ${total} jobs): 1 thread ${s(c1)} s, ${n} threads ${s(cn)} s: efficiency ${(c1 / cn / n).toFixed(2)}, ` +
  `the most this machine allowed during the run\n`;
process.stdout.write(out);
