/*
 * `npm run bench:sweep [-- ROUNDS]`: the sweep's parallel efficiency. The same sweep (the
 * example's scenario, 2 settings x 2 values x 10 seeds = 40 runs) on 1 worker thread and on N
 * (one per core), side by side in one process, alternating 1, N, N, 1 ...; each time is the whole
 * sweep's wall time, worker start-up included (a user waits for it too). Efficiency =
 * (time on 1 / time on N) / N: 1.0 means N workers do N times the work of one.
 */
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { sweepSchema } from "../src/sweep/schema";
import { runCount, sweepPoints } from "../src/sweep/grid";
import { runPool } from "../src/sweep/pool";

const rounds = Number(process.argv[2] ?? 2);
const n = availableParallelism();
const example = JSON.parse(readFileSync(new URL("../examples/sweeps/sweep-commit-levels.json", import.meta.url), "utf8")) as Record<string, unknown>;
const sweep = sweepSchema.parse({ ...example, vary: [
  { path: "commit.postgres.synchronous_commit", values: ["local", "on"] },
  { path: "cluster.replicas[0].applyDelayMs", values: [0, 50] },
], seeds: { from: 1, count: 10 } });
const total = runCount(sweep);

async function once(workers: number): Promise<{ ms: number; events: number }> {
  let events = 0;
  const t = performance.now();
  const result = await runPool(sweepPoints(sweep), total, workers, { stopRequested: () => false, onDone: (_, e) => { events = e; } });
  if (result.failure) throw new Error(result.failure.message);
  return { ms: performance.now() - t, events };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const times: Record<number, number[]> = { 1: [], [n]: [] };
let events = 0;
for (let r = 0; r < rounds; r++) {
  for (const w of r % 2 === 0 ? [1, n] : [n, 1]) {
    const got = await once(w);
    events = got.events;
    times[w]!.push(got.ms);
    process.stderr.write(`round ${r + 1}/${rounds}: ${w} worker(s) ${(got.ms / 1000).toFixed(1)} s\n`);
  }
}
const one = median(times[1]!), many = median(times[n]!);
process.stdout.write(`${total} runs, ${events.toLocaleString("en")} events a sweep; ${rounds} sweeps each way, alternating\n` +
  `1 worker:  median ${(one / 1000).toFixed(1)} s  [${times[1]!.map((x) => (x / 1000).toFixed(1)).join(" ")}]\n` +
  `${n} workers: median ${(many / 1000).toFixed(1)} s  [${times[n]!.map((x) => (x / 1000).toFixed(1)).join(" ")}]\n` +
  `speed-up ${(one / many).toFixed(2)}x on ${n} workers; efficiency ${(one / many / n).toFixed(2)} (target 0.8)\n`);
