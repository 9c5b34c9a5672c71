/*
 * What `npm run bench` measures. Full: about 20 to 35 s on 2 noisy cores; --quick: a
 * fraction of that (shorter runs, fewer repetitions, 100,000 instead of 1,000,000 writes).
 * Virtual durations are chosen so each engine repetition handles a few hundred thousand events.
 */
import type { ThroughputConfig } from "./engineThroughput";
import type { MillionConfig } from "./millionWrites";

export interface Plan {
  mode: "full" | "quick";
  throughput: ThroughputConfig[];
  million: MillionConfig[];
  millionReps: number;
}

export function makePlan(quick: boolean): Plan {
  const scale = quick ? 0.2 : 1;
  const reps = quick ? 3 : 15;
  const rate = 10_000;
  const clusters = [
    { replicas: 3, durationMs: 5_000 },
    { replicas: 16, durationMs: 1_000 },
  ];
  const throughput: ThroughputConfig[] = [];
  for (const c of clusters) {
    for (const preset of ["async", "sync"] as const) {
      throughput.push({ label: `1+${c.replicas} ${preset}`, replicas: c.replicas, preset, writesPerSec: rate,
        durationMs: c.durationMs * scale, reps, warmupEvents: quick ? 1_000_000 : 3_000_000 });
    }
  }
  const writes = quick ? 100_000 : 1_000_000;
  return {
    mode: quick ? "quick" : "full",
    throughput,
    million: (["async", "sync"] as const).map((preset) => ({ preset, writes, writesPerSec: 100_000, replicas: 3 })),
    millionReps: quick ? 1 : 3,
  };
}
