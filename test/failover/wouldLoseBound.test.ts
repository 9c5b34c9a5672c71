/*
 * What promoting a standby would lose is counted by scanning back from the newest write, at most
 * 100,000 of them (a snapshot must stay cheap). Past that the snapshot says the figure is a lower
 * bound instead of passing it off as exact.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";

function cutOffReplica() {
  // s1 never receives anything: every acknowledged write is one a promotion of s1 would lose.
  return new Simulation(scenarioSchema.parse({
    seed: 1, durationMs: 2000,
    cluster: { primary: { name: "primary", fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 1 }] },
    commit: { preset: "async" },
    workload: { writesPerSec: 100_000, readsPerSec: 0, sessions: 8, keys: 100 },
    actions: [{ atMs: 0, op: "partition", between: ["primary", "s1"] }],
  }));
}

describe("wouldLose past the scan limit", () => {
  it("is exact below 100,000 writes and a flagged lower bound above", () => {
    const sim = cutOffReplica();
    sim.runUntil(500_000);
    const early = sim.snapshot().nodes.find((n) => n.name === "s1")!;
    const acked = sim.report().writes.acknowledged;
    expect(acked).toBeGreaterThan(40_000);
    expect([early.wouldLose, early.wouldLoseAtLeast]).toEqual([acked, false]);

    sim.runUntil(1_500_000);
    const late = sim.snapshot().nodes.find((n) => n.name === "s1")!;
    expect(sim.report().writes.acknowledged).toBeGreaterThan(100_000);
    // The newest 100,000 writes, less those still waiting for the primary's fsync.
    expect([late.wouldLose, late.wouldLoseAtLeast]).toEqual([100_000 - sim.snapshot().totals.writesPending, true]);
  });
});
