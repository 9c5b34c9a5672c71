/*
 * The clusters the benchmarks run: 1 primary + N replicas at realistic LAN/cloud distances
 * (one-way delays cycling 0.5, 2, 5, 1 ms, so 1 + 3 has 0.5, 2 and 5 ms; 0.1 ms jitter; 1 ms fsync
 * everywhere), a workload of
 * Poisson writes over many keys and sessions, commit settings "async" or "sync" (every replica
 * must report the WAL flushed: FIRST n over all of them).
 */
import { scenarioSchema, type Scenario } from "../src/engine/scenario/schema";

export type Preset = "async" | "sync";

export const DELAYS_MS = [0.5, 2, 5, 1] as const;

export interface ClusterLoad {
  replicas: number;
  preset: Preset;
  writesPerSec: number;
  durationMs: number;
  seed?: number;
}

export function benchScenario(c: ClusterLoad): Scenario {
  return scenarioSchema.parse({
    name: `bench 1+${c.replicas} ${c.preset} ${c.writesPerSec} writes/s`,
    seed: c.seed ?? 42,
    durationMs: c.durationMs,
    cluster: {
      primary: { name: "primary", fsyncMs: 1 },
      replicas: Array.from({ length: c.replicas }, (_, i) => ({
        name: `s${i + 1}`,
        networkDelayMs: DELAYS_MS[i % DELAYS_MS.length],
        jitterMs: 0.1,
        fsyncMs: 1,
      })),
    },
    commit: { preset: c.preset },
    workload: { writesPerSec: c.writesPerSec, readsPerSec: 0, sessions: 64, keys: 10_000 },
  });
}
