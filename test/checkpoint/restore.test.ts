/*
 * A simulation restored from a checkpoint goes on exactly as the original did: over random
 * scenarios with faults (test/engine/arbitraries.ts) and failover plans (test/failover/faultPlans.ts),
 * run to the end with checkpoints at random event counts; restore each, run it to the end; its
 * history (what the original recorded before the checkpoint, then what it records itself),
 * final snapshot and report deep-equal the original's. A checkpoint is not changed by what runs
 * after it: the same one restored twice gives the same run, and a checkpoint of a restored
 * simulation (sharing its chunks) restores as exactly.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setChunkRows } from "../../src/engine/checkpoint";
import { FrozenArray } from "../../src/engine/checkpoint/columns";
import { restoreSimulation, Simulation, type Checkpoint } from "../../src/engine";
import { scenarioSchema, type Scenario, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent } from "../../src/engine/views";
import { scenario } from "../engine/arbitraries";
import { plan, scenarioOf } from "../failover/faultPlans";
import { stateOf } from "./stateOf";
import { logicalScenario } from "../logical/arbitraries";

/** Every typed array reachable from `root`, once per place it is reached from. */
function typedArraysOf(root: object): ArrayBufferView[] {
  const out: ArrayBufferView[] = [], seen = new Set<object>(), stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (ArrayBuffer.isView(v)) { out.push(v); continue; }
    if (seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return out;
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

interface Outcome { history: HistoryEvent[]; snapshot: unknown; report: unknown; events: number; state: string[] }

/** Runs `sim` (recording into `history`) to the scenario's end; what it ends with. */
function finish(sim: Simulation, sc: Scenario, history: HistoryEvent[]): Outcome {
  sim.runUntil(sc.durationMs * 1000);
  return { history, snapshot: sim.snapshot(), report: sim.report(), events: sim.eventsProcessed, state: stateOf(sim) };
}

interface Saved { cp: Checkpoint; historyLength: number }

/** The original run, with checkpoints after the given event counts (ascending). */
function original(sc: Scenario, at: number[]): { outcome: Outcome; saved: Saved[] } {
  const history: HistoryEvent[] = [];
  const sim = new Simulation(sc, { onHistory: (e) => history.push(e) });
  const saved: Saved[] = [];
  const endUs = sc.durationMs * 1000;
  for (const k of at) {
    while (sim.eventsProcessed < k && sim.runUntil(endUs, k - sim.eventsProcessed) > 0) { /* bounded: each pass runs ≥ 1 event */ }
    saved.push({ cp: sim.checkpoint(), historyLength: history.length });
  }
  return { outcome: finish(sim, sc, history), saved };
}

/** Restores `s` and runs it to the end, its history continuing the original's prefix. */
function continued(s: Saved, sc: Scenario, before: HistoryEvent[], thenCheckpointAfter?: number): { outcome: Outcome; later?: Saved } {
  const history = before.slice(0, s.historyLength);
  const sim = restoreSimulation(s.cp, { onHistory: (e) => history.push(e) });
  expect(sim.eventsProcessed).toBe(s.cp.eventsProcessed);
  expect(sim.nowUs).toBe(s.cp.nowUs);
  let later: Saved | undefined;
  if (thenCheckpointAfter !== undefined) {
    sim.runUntil(sc.durationMs * 1000, thenCheckpointAfter);
    later = { cp: sim.checkpoint(), historyLength: history.length };
  }
  return { outcome: finish(sim, sc, history), later };
}

function checkRestores(input: ScenarioInput, fractions: number[], laterEvents: number): void {
  const sc = scenarioSchema.parse(input);
  // Count the run's events first, so that checkpoints fall inside it.
  const probe = new Simulation(sc);
  probe.runUntil(sc.durationMs * 1000);
  const total = probe.eventsProcessed;
  const at = fractions.map((f) => Math.floor(f * total)).sort((a, b) => a - b);
  const { outcome, saved } = original(sc, at);
  expect(outcome.events).toBe(total);
  saved.forEach((s, i) => {
    const { outcome: again, later } = continued(s, sc, outcome.history, i === 0 ? laterEvents : undefined);
    expect(again).toEqual(outcome);
    if (later) expect(continued(later, sc, again.history).outcome).toEqual(outcome);
  });
  // The first checkpoint, restored once more after all of that ran: still the same run.
  if (saved.length > 0) expect(continued(saved[0]!, sc, outcome.history).outcome).toEqual(outcome);
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 });

describe("a restored simulation goes on byte for byte as the original", () => {
  // Chunks of 8 rows: short runs share most of their columns between checkpoints, as long ones do.
  beforeAll(() => setChunkRows(8));
  afterAll(() => setChunkRows());

  it("random clusters, settings, workloads and faults", () => {
    fc.assert(fc.property(scenario({ maxReplicas: 4, maxDurationMs: 2500, maxWritesPerSec: 200, maxFaults: 10 }), fractions,
      fc.integer({ min: 1, max: 3000 }), (input, f, later) => checkRestores(input, f, later)), { numRuns: runs(30), seed: SEED });
  });

  it("failover plans: crashes, power losses, partitions, promotions, rewinds", () => {
    const shape = { levels: ["local", "remote_write", "on", "remote_apply"] as const, replicaPowerLoss: true, outage: "sometimes" as const,
      fsyncMs: [0.1, 5] as [number, number], phases: [1, 2] as [number, number] };
    fc.assert(fc.property(plan(shape), fractions, fc.integer({ min: 1, max: 3000 }), (p, f, later) => {
      const targets = p.phases.map((_, k) => p.replicas[k % p.replicas.length]!.name);
      checkRestores(scenarioOf(p, targets, p.phases.map(() => ["primary"])), f, later);
    }), { numRuns: runs(20), seed: SEED + 1 });
  });
});

describe("checkpoints taken often, across long commit waits, a crash and a failover", () => {
  beforeAll(() => setChunkRows(8));
  afterAll(() => setChunkRows());

  it("every one of them restores to the same run", () => {
    // A sync replica 300 ms away: commits wait long after their rows are written, so rows below
    // the previous checkpoint change (acknowledged, then some lost at the failover).
    const sc = scenarioSchema.parse({ seed: 11, durationMs: 3000,
      cluster: { replicas: [{ name: "s1", networkDelayMs: 150 }, { name: "s2", networkDelayMs: 2 }] },
      commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s1, s2)" } },
      workload: { writesPerSec: 400, readsPerSec: 200, keys: 20, readFrom: "replicas" },
      actions: [{ atMs: 900, op: "partition", between: ["primary", "s2"] }, { atMs: 1500, op: "crash", node: "primary", kind: "power" },
        { atMs: 1600, op: "promote", node: "s2" }, { atMs: 2200, op: "restart", node: "primary" }] });
    const probe = new Simulation(sc);
    probe.runUntil(3_000_000);
    const total = probe.eventsProcessed;
    const at = Array.from({ length: 24 }, (_, i) => Math.floor(((i + 1) * total) / 25));
    const { outcome, saved } = original(sc, at);
    for (const s of saved) expect(continued(s, sc, outcome.history).outcome).toEqual(outcome);
  });

  it("restored into the columns of a simulation one is done with, in any order", () => {
    const sc = scenarioSchema.parse({ seed: 12, durationMs: 2000,
      cluster: { replicas: [{ name: "s1", networkDelayMs: 150 }, { name: "s2", networkDelayMs: 2 }] },
      commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s1, s2)" } },
      workload: { writesPerSec: 500, readsPerSec: 100, keys: 20, readFrom: "replicas" },
      actions: [{ atMs: 700, op: "crash", node: "primary", kind: "power" }, { atMs: 800, op: "promote", node: "s2" },
        { atMs: 1200, op: "restart", node: "primary" }] });
    const probe = new Simulation(sc);
    probe.runUntil(2_000_000);
    const at = Array.from({ length: 12 }, (_, i) => Math.floor(((i + 1) * probe.eventsProcessed) / 13));
    const { outcome, saved } = original(sc, at);
    // Back and forth: late, early, middle…; each restore takes over the last run's columns
    // after that run went on past its checkpoint (so it has rows and changes of its own).
    const order = [11, 0, 6, 5, 7, 2, 11, 10, 1, 9, 3, 3, 8, 4];
    let last: Simulation | undefined;
    for (const i of order) {
      const s = saved[i]!;
      const history = outcome.history.slice(0, s.historyLength);
      const lastNodes = last ? [...last.nodes] : null, lastQueue = last?.queue;
      const lastFirsts = last ? (last.queue as unknown as { firsts: Int32Array }).firsts : undefined;
      const sim = restoreSimulation(s.cp, { onHistory: (e) => history.push(e) }, last);
      if (last) {
        // Filled in place (its objects keep their hidden classes): the same simulation, nodes, queue;
        // a column that is not append-only (the event wheel's) overwritten, not allocated anew.
        expect(sim).toBe(last);
        expect(sim.queue).toBe(lastQueue);
        sim.nodes.forEach((n, i) => expect(n).toBe(lastNodes![i]));
        expect((sim.queue as unknown as { firsts: Int32Array }).firsts).toBe(lastFirsts);
      }
      // No typed array taken over twice (two columns sharing one array would corrupt both).
      const arrays = typedArraysOf(sim);
      expect(new Set(arrays).size).toBe(arrays.length);
      expect(finish(sim, sc, history)).toEqual(outcome);
      last = sim;
    }
  });
});

describe("checkpoints share what has not changed", () => {
  it("a second checkpoint of a busy run copies far less than the first holds", () => {
    const sc = scenarioSchema.parse({ seed: 3, durationMs: 11_000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }] },
      workload: { writesPerSec: 5000, keys: 100 } });
    const sim = new Simulation(sc);
    sim.runUntil(10_000_000);
    const first = sim.checkpoint();
    sim.runUntil(10_100_000);
    const second = sim.checkpoint();
    expect(first.freshBytes).toBeGreaterThan(2_000_000);
    // 100 ms of 5,000 writes/s against 10 s of them: the second copies its tail (and each
    // column's last, partly filled chunk), not the whole.
    expect(second.freshBytes).toBeLessThan(first.freshBytes / 4);
    expect(second.chunkBytes).toBeGreaterThanOrEqual(first.chunkBytes);
  });

  it("long lists that did not change (every key name) are shared, not copied again; a restore gets its own", () => {
    const sc = scenarioSchema.parse({ seed: 4, durationMs: 3000, cluster: { replicas: [{ name: "s1" }] },
      workload: { writesPerSec: 2000, keys: 5000 } });
    const sim = new Simulation(sc);
    sim.runUntil(1_000_000);
    const first = sim.checkpoint();
    sim.runUntil(1_200_000);
    const second = sim.checkpoint();
    const lists = (cp: Checkpoint) => cp.chunks.filter((c) => c instanceof FrozenArray);
    expect(lists(first).length).toBeGreaterThan(0);
    for (const list of lists(first)) expect(second.chunks).toContain(list);
    // A restored run pushes to its own copy: the checkpoint's stays as it was.
    const keysOf = (s: Simulation) => (s as unknown as { clients: { keys: string[] } }).clients.keys;
    const restored = restoreSimulation(second);
    expect(keysOf(restored)).toEqual(keysOf(sim));
    keysOf(restored).push("extra");
    expect(keysOf(restoreSimulation(second))).toEqual(keysOf(sim));
    // A list that changed is copied anew.
    keysOf(sim).push("new-key");
    const third = sim.checkpoint();
    expect(lists(third).some((l) => !second.chunks.includes(l))).toBe(true);
  });

  it("refuses state it cannot copy, naming it", () => {
    const sim = new Simulation(scenarioSchema.parse({ cluster: { replicas: [{ name: "s1" }] } }));
    (sim as unknown as { clients: { hook: () => void } }).clients.hook = () => undefined;
    expect(() => sim.checkpoint()).toThrow(/Clients\.hook is a function/);
  });
});

describe("a restored simulation with logical subscribers goes on as the original", () => {
  beforeAll(() => setChunkRows(8));
  afterAll(() => setChunkRows());

  it("random subscribers, conflicts, subscription commands and crashes", () => {
    fc.assert(fc.property(logicalScenario(2500), fractions, fc.integer({ min: 1, max: 3000 }),
      (input, f, later) => checkRestores(input, f, later)), { numRuns: runs(12), seed: SEED + 2 });
  });
});
