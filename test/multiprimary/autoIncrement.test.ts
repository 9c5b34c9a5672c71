/*
 * Generated keys on multi-primary nodes (MySQL/MariaDB AUTO_INCREMENT with
 * auto_increment_increment / auto_increment_offset): the series rule, the collision two primaries
 * with the defaults make (1062 stops replication), the settings that keep them apart, the counter
 * following replicated rows, the checks, and a property over random timings and faults.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, restoreSimulation, Simulation } from "../../src/engine";
import { nextInSeries } from "../../src/engine/multiprimary/autoIncrement";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent, OperationEvent } from "../../src/engine/views";
import { mpArb } from "./arbitraries";
import { mpScenario, runMp, valuesOf, type MpReport } from "./run";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_207);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

type Node = { name: string; networkDelayMs?: number; autoIncrementIncrement?: number; autoIncrementOffset?: number };
const EU_US: Node[] = [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30 }];
const APART: Node[] = [{ name: "eu", networkDelayMs: 20, autoIncrementIncrement: 2, autoIncrementOffset: 1 },
  { name: "us", networkDelayMs: 30, autoIncrementIncrement: 2, autoIncrementOffset: 2 }];
/** an insert whose key the node generates (no key) */
const gen = (atMs: number, node: string, value: string) => ({ atMs, op: "write" as const, node, kind: "insert" as const, value, session: node });
const keyed = (atMs: number, node: string, key: string, value: string, kind: "insert" | "update" | "delete" = "insert") =>
  ({ atMs, op: "write" as const, node, key, kind, value, session: node });

const scenario = (nodes: Node[], actions: NonNullable<ScenarioInput["actions"]>, durationMs = 2000): ScenarioInput =>
  ({ ...mpScenario("circular", [], actions, { durationMs }), cluster: { multiPrimary: { mode: "circular", nodes } } });

/** the keys each write got, in write order ("" for one that never executed) */
const keysOf = (r: MpReport) => r.operations.filter((o) => o.op === "write").map((o) => o.key);

describe("auto_increment_increment / auto_increment_offset: the series (MySQL Reference Manual, auto_increment_increment)", () => {
  it("the next value is the smallest offset + N × increment above the column's maximum", () => {
    // the manual's example: increment 10, offset 5 gives 5, 15, 25, 35
    expect([0, 5, 15, 25].map((max) => nextInSeries(max, 10, 5))).toEqual([5, 15, 25, 35]);
    // rows 1, 11, 21, 31 made with offset 1, then offset 5: the next is 35 (above 31, in the new series)
    expect(nextInSeries(31, 10, 5)).toBe(35);
    expect([0, 1, 2, 3, 4].map((max) => nextInSeries(max, 1, 1))).toEqual([1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3].map((max) => nextInSeries(max, 2, 2))).toEqual([2, 2, 4, 4]);
  });

  it("an offset greater than the increment is ignored (taken as 1)", () => {
    expect([0, 1, 2].map((max) => nextInSeries(max, 2, 3))).toEqual([1, 3, 3]);
  });
});

describe("generated keys in circular multi-primary", () => {
  it("with the defaults (1 / 1) two primaries inserting within the replication delay generate the same key: both channels stop with 1062", () => {
    const r = runMp(scenario(EU_US, [gen(100, "eu", "from eu"), gen(110, "us", "from us"), keyed(500, "eu", "z", "after")]));
    expect(keysOf(r)).toEqual(["1", "1", "z"]);
    expect(valuesOf(r, "1")).toEqual(["from eu", "from us"]);
    for (const c of r.multiPrimary.channels) {
      expect(c.state).toBe("stopped");
      expect(c.lastErrno).toBe(1062);
      expect(c.lastError).toContain("Duplicate entry '1' for key 'PRIMARY'");
    }
    expect(r.conflicts.map((c) => [c.kind, c.key, c.node])).toEqual([["insert_exists", "1", "us"], ["insert_exists", "1", "eu"]]);
    // and eu's later row z waits behind the failed event on us
    expect(r.divergentKeys!.map((d) => d.key)).toEqual(["1", "z"]);
  });

  it("with increment 2 and offsets 1 / 2 the same inserts get 1 and 2: nothing collides, every row is on both", () => {
    const r = runMp(scenario(APART, [gen(100, "eu", "a"), gen(110, "us", "b"), gen(120, "eu", "c"), gen(130, "us", "d")]));
    expect(keysOf(r)).toEqual(["1", "2", "3", "4"]);
    expect(r.conflicts).toEqual([]);
    expect(r.multiPrimary.channels.every((c) => c.state === "running" && c.behind === 0)).toBe(true);
    expect(r.multiPrimary.rows.map((x) => [x.key, x.values])).toEqual([["1", ["a", "a"]], ["2", ["b", "b"]], ["3", ["c", "c"]], ["4", ["d", "d"]]]);
    expect(r.divergentKeys).toEqual([]);
  });

  it("a node's counter follows replicated rows: after eu's 1 and 3 arrive, us generates 4, not 2", () => {
    const r = runMp(scenario(APART, [gen(100, "eu", "a"), gen(120, "eu", "b"), gen(400, "us", "c")]));
    expect(keysOf(r)).toEqual(["1", "3", "4"]);
    // with the defaults too: a replicated row with a high explicit key raises the counter
    const d = runMp(scenario(EU_US, [keyed(100, "eu", "100", "big"), gen(400, "us", "next")]));
    expect(keysOf(d)).toEqual(["100", "101"]);
    expect(valuesOf(d, "101")).toEqual(["next", "next"]);
  });

  it("before a replicated row arrives the counter does not know it: with the defaults, us generates eu's key again", () => {
    // eu → us takes 50 ms: us's insert at 120 ms has not seen eu's row 1 (made at 101 ms)
    const r = runMp(scenario(EU_US, [gen(100, "eu", "a"), gen(120, "us", "b")]));
    expect(keysOf(r)).toEqual(["1", "1"]);
    expect(r.multiPrimary.channels.map((c) => c.lastErrno)).toEqual([1062, 1062]);
  });

  it("a delete does not lower the counter (InnoDB keeps it): the next key is still above the deleted row", () => {
    const r = runMp(scenario(EU_US, [gen(100, "eu", "a"), gen(200, "eu", "b"), keyed(300, "eu", "2", "", "delete"), gen(400, "eu", "c")]));
    expect(keysOf(r)).toEqual(["1", "2", "2", "3"]);
    expect(r.multiPrimary.rows.filter((x) => x.values[0] !== null).map((x) => x.key)).toEqual(["1", "3"]);
  });

  it("keys that are not whole numbers take no part in the counter", () => {
    const r = runMp(scenario(EU_US, [keyed(100, "eu", "x", "1"), keyed(110, "eu", "007", "1"), keyed(120, "eu", "2.5", "1"), gen(200, "eu", "g")]));
    expect(keysOf(r).at(-1)).toBe("1");
  });

  it("set changes a node's increment and offset while it runs; generated keys follow from the next insert", () => {
    const r = runMp(scenario(EU_US, [gen(100, "eu", "a"), { atMs: 150, op: "set", node: "eu", autoIncrementIncrement: 10, autoIncrementOffset: 5 },
      gen(200, "eu", "b"), gen(300, "eu", "c")]));
    expect(keysOf(r)).toEqual(["1", "5", "15"]);
    expect(r.multiPrimary.nodes[0]).toMatchObject({ autoIncrementIncrement: 10, autoIncrementOffset: 5 });
    expect(r.multiPrimary.nodes[1]).toMatchObject({ autoIncrementIncrement: 1, autoIncrementOffset: 1 });
  });

  it("the history's invoke line has no key yet (the client learns it at the commit); the ok line has the generated one", () => {
    const parsed = parseScenario(scenario(APART, [gen(100, "us", "a")]));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const lines: HistoryEvent[] = [];
    const sim = new Simulation(parsed.scenario, { onHistory: (e) => lines.push(e) });
    sim.runUntil(parsed.scenario.durationMs * 1000);
    sim.finish();
    const w = lines.filter((e): e is OperationEvent => "f" in e && e.f === "write");
    expect(w.map((e) => [e.type, e.key])).toEqual([["invoke", ""], ["ok", "2"]]);
  });

  it("a write with no key must be an insert; only a multi-primary node generates keys; the settings are checked", () => {
    const errors = (input: unknown) => { const p = parseScenario(input); return p.ok ? [] : p.errors.map((e) => `${e.path}: ${e.message}`); };
    expect(errors(scenario(EU_US, [{ atMs: 1, op: "write", node: "eu", value: "1" }]))).toEqual([
      'actions[0].key: a upsert names its key (only an insert, "kind": "insert", may leave it out for its node to generate)']);
    expect(errors({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "write", kind: "insert", value: "1" }] })).toEqual([
      "actions[0].key: key: a write names its key (a key generated by the node, AUTO_INCREMENT, is modelled in a multi-primary cluster only)"]);
    expect(errors(scenario([{ name: "eu", autoIncrementIncrement: 0 }, { name: "us", autoIncrementOffset: 65_536 }], []))
      .map((e) => e.split(":")[0])).toEqual(["cluster.multiPrimary.nodes[0].autoIncrementIncrement", "cluster.multiPrimary.nodes[1].autoIncrementOffset"]);
    expect(errors(scenario(EU_US, [{ atMs: 1, op: "set", node: "eu", autoIncrementIncrement: 1.5 }]))[0]).toMatch(/^actions\[0\]\.autoIncrementIncrement/);
    expect(errors({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "set", node: "s1", autoIncrementOffset: 2 }] })).toEqual([
      "actions[0]: autoIncrementIncrement and autoIncrementOffset apply to a multi-primary node only"]);
  });

  it("a command from the page with no key on a physical cluster is refused with the same words, not a crash", () => {
    const parsed = parseScenario({ cluster: { replicas: [{ name: "s1" }] } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const sim = new Simulation(parsed.scenario);
    expect(() => sim.command({ op: "write", session: "c", kind: "insert", value: "1" })).toThrow(/modelled in a multi-primary cluster only/);
  });
});

describe("generated keys: properties", () => {
  it("increment = the number of primaries and distinct offsets: no 1062 from generated keys, over random timings and faults; all nodes end equal", () => {
    let acked = 0;
    fc.assert(fc.property(mpArb({ modes: ["circular"], generatedKeys: true }), (sc) => {
      const parsed = parseScenario(sc);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const sim = new Simulation(parsed.scenario);
      sim.runUntil(parsed.scenario.durationMs * 1000);
      const r = sim.finish() as MpReport;
      // a write fails only when its node is down (never a duplicate key)
      for (const w of sim.multiPrimary!.writes) if (w.status === "failed") expect(w.error).toMatch(/^ERROR 2003 /);
      expect(r.conflicts).toEqual([]);
      expect(r.multiPrimary.channels.every((c) => c.lastErrno === 0 && c.state === "running")).toBe(true);
      expect(r.multiPrimary.settled).toBe(true);
      expect(r.divergentKeys).toEqual([]);
      // every node's keys are in its own series
      const n = r.multiPrimary.nodes.length;
      for (const o of r.operations) {
        if (o.op !== "write" || o.status !== "ok") continue;
        acked++;
        const node = r.multiPrimary.nodes.find((x) => x.name === o.node)!;
        expect(Number(o.key) % n).toBe(node.autoIncrementOffset % n);
      }
    }), { numRuns: runs(40), seed: SEED });
    expect(acked).toBeGreaterThan(0);
  });

  it("with the defaults (1 / 1), the same random runs do collide: 1062 stops a channel in some", () => {
    let collided = 0;
    fc.assert(fc.property(mpArb({ modes: ["circular"], generatedKeys: true, faults: false }), (sc) => {
      const nodes = sc.cluster.multiPrimary!.nodes.map(({ name, networkDelayMs }) => ({ name, networkDelayMs }));
      const r = runMp({ ...sc, cluster: { multiPrimary: { mode: "circular", nodes } } });
      if (r.multiPrimary.channels.some((c) => c.lastErrno === 1062)) collided++;
    }), { numRuns: runs(40), seed: SEED + 1 });
    expect(collided).toBeGreaterThan(0);
  });

  it("restored from a checkpoint halfway, a run with generated keys ends exactly as the original (the counters are copied)", () => {
    fc.assert(fc.property(mpArb({ modes: ["circular"], generatedKeys: true }), fc.integer({ min: 1, max: 9 }), (sc, tenth) => {
      const parsed = parseScenario(sc);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const a = new Simulation(parsed.scenario);
      a.runUntil(parsed.scenario.durationMs * 100 * tenth);
      const cp = a.checkpoint();
      a.runUntil(parsed.scenario.durationMs * 1000);
      const b = restoreSimulation(cp);
      b.runUntil(parsed.scenario.durationMs * 1000);
      expect(JSON.stringify(b.finish())).toBe(JSON.stringify(a.finish()));
    }), { numRuns: runs(10), seed: SEED + 2 });
  });
});
