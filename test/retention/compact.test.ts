/*
 * The retention window changes memory, never what a run reports: over random scenarios with
 * faults and failover plans, a run compacted every few hundred events (rows dropped one at a
 * time, or in small aligned steps) records the same history, ends with the same snapshot and
 * report, as the same run never compacted. And a checkpoint taken after compactions restores to
 * the same run, compactions going on after the restore.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreSimulation, Simulation } from "../../src/engine";
import { setChunkRows } from "../../src/engine/checkpoint";
import { compactHistory } from "../../src/engine/retention/compact";
import { scenarioSchema, type Scenario, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent } from "../../src/engine/views";
import { scenario } from "../engine/arbitraries";
import { plan, scenarioOf } from "../failover/faultPlans";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

interface Outcome { history: HistoryEvent[]; snapshot: unknown; report: unknown; events: number }

interface Compacting { every: number; align: number }

/** Runs `sim` to the scenario's end, compacting every `c.every` events; what it ends with, and how much compaction dropped. */
function runOn(sim: Simulation, sc: Scenario, history: HistoryEvent[], c?: Compacting): { outcome: Outcome; dropped: number } {
  const endUs = sc.durationMs * 1000;
  let dropped = 0;
  if (c) {
    while (sim.runUntil(endUs, c.every) > 0) dropped += compactHistory(sim as never, { align: c.align }).writes;
  }
  sim.runUntil(endUs);
  return { outcome: { history, snapshot: sim.snapshot(), report: sim.report(), events: sim.eventsProcessed }, dropped };
}

function run(sc: Scenario, c?: Compacting): { outcome: Outcome; dropped: number } {
  const history: HistoryEvent[] = [];
  return runOn(new Simulation(sc, { onHistory: (e) => history.push(e) }), sc, history, c);
}

function checkSame(input: ScenarioInput, c: Compacting): number {
  const sc = scenarioSchema.parse(input);
  const straight = run(sc).outcome;
  const { outcome, dropped } = run(sc, c);
  expect(outcome.events).toBe(straight.events);
  expect(outcome.history).toEqual(straight.history);
  expect(outcome.report).toEqual(straight.report);
  expect(outcome.snapshot).toEqual(straight.snapshot);
  return dropped;
}

const compacting = fc.record({ every: fc.integer({ min: 20, max: 600 }), align: fc.constantFrom(1, 4, 8) });

describe("compaction never changes what a run reports", () => {
  it("random clusters, settings, workloads and faults", () => {
    let dropped = 0;
    fc.assert(fc.property(scenario({ maxReplicas: 3, maxDurationMs: 2000, maxWritesPerSec: 200, maxFaults: 8 }), compacting,
      (input, c) => { dropped += checkSame(input, c); }), { numRuns: runs(25), seed: SEED });
    // Not a hollow comparison: the runs did drop rows.
    expect(dropped).toBeGreaterThan(0);
  });

  it("failover plans: crashes, power losses, partitions, promotions, rewinds", () => {
    const shape = { levels: ["off", "local", "remote_write", "on", "remote_apply"] as const, replicaPowerLoss: true,
      outage: "sometimes" as const, fsyncMs: [0.1, 5] as [number, number], phases: [1, 2] as [number, number] };
    let dropped = 0;
    fc.assert(fc.property(plan(shape), compacting, (p, c) => {
      const targets = p.phases.map((_, k) => p.replicas[k % p.replicas.length]!.name);
      dropped += checkSame(scenarioOf(p, targets, p.phases.map(() => ["primary"])), c);
    }), { numRuns: runs(20), seed: SEED + 1 });
    expect(dropped).toBeGreaterThan(0);
  });
});

describe("a busy run without faults", () => {
  const sc = scenarioSchema.parse({ seed: 5, durationMs: 4000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }, { name: "s3" }] },
    workload: { writesPerSec: 2000, readsPerSec: 500, keys: 300, readFrom: "replicas" } });

  it("keeps only a window's worth of rows and records, and reports the same", () => {
    const straight = run(sc).outcome;
    const history: HistoryEvent[] = [];
    const sim = new Simulation(sc, { onHistory: (e) => history.push(e) });
    const { outcome } = runOn(sim, sc, history, { every: 2000, align: 64 });
    expect(outcome).toEqual(straight);
    const inside = sim as unknown as { writes: { base: number; count: number; pinned: { size: number } };
      clients: { checker: { forEachAckedOp(f: (op: number) => void): void } } };
    const w = inside.writes;
    // 8,000 writes: all but the last few hundred dropped from the columns. Pinned aside: what the
    // checker's rows name (it compacts its own rows only when they fill its capacity) and what
    // the nodes show (a key each).
    expect(w.count).toBeGreaterThan(7000);
    expect(w.base).toBeGreaterThan(w.count - 1000);
    let checkerRows = 0;
    inside.clients.checker.forEachAckedOp(() => checkerRows++);
    expect(w.pinned.size).toBeLessThanOrEqual(checkerRows + 300 * 4);
    const wal = (sim as unknown as { wal: { timelines: { base: number; count: number }[] } }).wal;
    expect(wal.timelines[0]!.base).toBeGreaterThan(wal.timelines[0]!.count - 1000);
  });
});

describe("checkpoints across compactions", () => {
  beforeAll(() => setChunkRows(8));
  afterAll(() => setChunkRows());

  it("a checkpoint taken after compactions restores to the same run, compacting on", () => {
    fc.assert(fc.property(scenario({ maxReplicas: 3, maxDurationMs: 2000, maxWritesPerSec: 300, maxFaults: 6 }), compacting,
      fc.double({ min: 0.1, max: 0.9, noNaN: true }), (input, c, f) => {
        const sc = scenarioSchema.parse(input);
        const straight = run(sc).outcome;
        const history: HistoryEvent[] = [];
        const sim = new Simulation(sc, { onHistory: (e) => history.push(e) });
        const at = Math.floor(f * straight.events);
        while (sim.eventsProcessed < at && sim.runUntil(sc.durationMs * 1000, Math.min(c.every, at - sim.eventsProcessed)) > 0) {
          compactHistory(sim as never, { align: c.align });
        }
        const cp = sim.checkpoint(), before = history.length;
        // The original goes on (compacting), and so does its restored copy, twice.
        expect(runOn(sim, sc, history, c).outcome).toEqual(straight);
        for (let k = 0; k < 2; k++) {
          const again = history.slice(0, before);
          const restored = restoreSimulation(cp, { onHistory: (e) => again.push(e) });
          expect(runOn(restored, sc, again, c).outcome).toEqual(straight);
        }
      }), { numRuns: runs(8), seed: SEED + 2 });
  });
});
