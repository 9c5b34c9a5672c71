/*
 * The run the page opens with: a primary (named db1: a name, not a role, since after a failover
 * another node is primary) and two replicas, one near and one far, async, no
 * workload. Delays are larger than on loopback so that a message's flight is visible at 0.1×.
 * A day-long duration because an interactive run has no end (the workload stops at durationMs).
 */
export const DEFAULT_SCENARIO = {
  name: "interactive",
  seed: 1,
  durationMs: 86_400_000,
  cluster: {
    primary: { name: "db1", fsyncMs: 1 },
    replicas: [
      { name: "s1", networkDelayMs: 20, jitterMs: 2, fsyncMs: 2, applyDelayMs: 0 },
      { name: "s2", networkDelayMs: 80, jitterMs: 5, fsyncMs: 2, applyDelayMs: 0 },
    ],
  },
  commit: { preset: "async" },
  workload: { writesPerSec: 0, readsPerSec: 0, sessions: 4, keys: 50, readFrom: "primary" },
} as const;

/** The page starts slow enough to follow one write from the primary to both replicas. */
export const DEFAULT_SPEED = 0.1;
