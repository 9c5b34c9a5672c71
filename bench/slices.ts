/*
 * `npm run bench:slices [-- ROUNDS]`: what running the engine in slices costs the CLI
 * (src/cli/slicedRun.ts), beside the same run in one call of runUntil. Each way runs in a
 * process of its own (in one process the two ways share runUntil's compiled code, and whichever
 * V8 optimised it for first makes the other look up to 1.8x slower), processes alternating
 * A, B, B, A ... ; each process times 5 runs after a warm-up and reports its median. Both ways
 * must process exactly the same events.
 */
import { spawnSync } from "node:child_process";
import { Simulation } from "../src/engine/index";
import { parseScenario } from "../src/engine/scenario/validate";
import { runSliced } from "../src/cli/slicedRun";

const parsed = parseScenario({ name: "slices", durationMs: 10_000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }, { name: "s3" }] },
  workload: { writesPerSec: 10_000, readsPerSec: 10_000 } });
if (!parsed.ok) throw new Error("bench scenario");
const scenario = parsed.scenario;
const endUs = scenario.durationMs * 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function child(way: string): Promise<void> {
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < 6; i++) {
    const sim = new Simulation(scenario);
    const t = performance.now();
    if (way === "sliced") await runSliced(sim, endUs, { now: () => performance.now(), stopRequested: () => null });
    else sim.runUntil(endUs);
    if (i > 0) times.push(performance.now() - t);
    events = sim.eventsProcessed;
  }
  process.stdout.write(JSON.stringify({ way, ms: median(times), events }));
}

function parent(rounds: number): void {
  const ms: Record<string, number[]> = { whole: [], sliced: [] };
  const events = new Set<number>();
  for (let r = 0; r < rounds; r++) {
    for (const way of r % 2 === 0 ? ["whole", "sliced"] : ["sliced", "whole"]) {
      const out = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", way], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(out.stderr);
      const result = JSON.parse(out.stdout) as { way: string; ms: number; events: number };
      ms[way]!.push(result.ms);
      events.add(result.events);
      process.stderr.write(`round ${r + 1}/${rounds}: ${way} ${result.ms.toFixed(0)} ms\n`);
    }
  }
  if (events.size !== 1) throw new Error(`the two ways ran different events: ${[...events].join(", ")}`);
  const [n] = [...events];
  const w = median(ms.whole!), s = median(ms.sliced!);
  process.stdout.write(`${n!.toLocaleString("en")} events; ${rounds} processes each way, alternating; each the median of 5 runs\n` +
    `one runUntil: median ${w.toFixed(0)} ms (${(n! / w / 1000).toFixed(2)} M events/s)  [${ms.whole!.map((x) => x.toFixed(0)).join(" ")}]\n` +
    `in slices:    median ${s.toFixed(0)} ms (${(n! / s / 1000).toFixed(2)} M events/s)  [${ms.sliced!.map((x) => x.toFixed(0)).join(" ")}]\n` +
    `sliced / whole: ${(s / w).toFixed(3)}\n`);
}

const at = process.argv.indexOf("--child");
if (at !== -1) await child(process.argv[at + 1]!);
else parent(Number(process.argv[2] ?? 4));
