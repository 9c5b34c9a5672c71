/*
 * Properties over random multi-primary runs with partitions, crashes and restarts, all healed
 * before the end: certification never diverges or loses an acknowledged write; last writer wins
 * converges, and with true clocks to the write that took effect last; with skewed clocks the
 * checker flags exactly the acknowledged writes that lost to an earlier one; circular replication
 * diverges exactly when two updates cross on the wire; a run restored from a checkpoint goes on
 * exactly as the original.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, restoreSimulation, Simulation } from "../../src/engine";
import type { Scenario, ScenarioInput } from "../../src/engine/scenario/schema";
import type { MultiPrimary } from "../../src/engine/multiprimary";
import type { MpWrite } from "../../src/engine/multiprimary/state";
import { mpArb } from "./arbitraries";
import type { MpReport } from "./run";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

function parse(input: ScenarioInput): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

function run(input: ScenarioInput): { report: MpReport; mp: MultiPrimary } {
  const sc = parse(input);
  const sim = new Simulation(sc);
  sim.runUntil(sc.durationMs * 1000);
  return { report: sim.finish() as MpReport, mp: sim.multiPrimary! };
}

/** Acknowledged writes that changed a row, grouped by row. */
function ackedByRow(mp: MultiPrimary): Map<string, MpWrite[]> {
  const out = new Map<string, MpWrite[]>();
  for (const w of mp.writes) {
    if (w.status !== "ok" || w.change === null) continue;
    const id = `${w.table}\n${w.key}`;
    out.set(id, [...(out.get(id) ?? []), w]);
  }
  return out;
}

const valueOf = (w: MpWrite) => (w.change === "delete" ? null : w.value);
const rowValue = (r: MpReport, table: string, key: string) => r.multiPrimary.rows.find((x) => x.table === table && x.key === key)?.values;

describe("multi-primary properties", () => {
  it("deterministic: the same scenario gives the same report, byte for byte", () => {
    fc.assert(fc.property(mpArb({ skew: true }), (sc) => {
      expect(JSON.stringify(run(sc).report)).toBe(JSON.stringify(run(sc).report));
    }), { numRuns: runs(20), seed: SEED });
  });

  it("certification: after the heal every node holds the same rows, and no acknowledged write lost to one ordered before it", () => {
    fc.assert(fc.property(mpArb({ modes: ["certification"] }), (sc) => {
      const { report, mp } = run(sc);
      expect(report.multiPrimary.settled).toBe(true);
      expect(report.divergentKeys).toEqual([]);
      expect(report.multiPrimary.lostUpdates).toEqual([]);
      // the last write set certified for each row is on every node, and no acknowledged one was ordered after it
      const certified = new Map<string, MpWrite>();
      for (const w of mp.writes) if (w.seq >= 0 && w.seq > (certified.get(`${w.table}\n${w.key}`)?.seq ?? -1)) certified.set(`${w.table}\n${w.key}`, w);
      for (const [id, writes] of ackedByRow(mp)) {
        const last = certified.get(id)!;
        for (const w of writes) expect(w.seq).toBeLessThanOrEqual(last.seq);
        // first committer wins: of two acknowledged writes of a row, the later-ordered one had seen the earlier
        const ordered = [...writes].sort((a, b) => a.seq - b.seq);
        for (let i = 1; i < ordered.length; i++) expect(ordered[i]!.snapshotSeq).toBeGreaterThan(ordered[i - 1]!.seq);
        expect(rowValue(report, last.table, last.key)).toEqual(mp.nodes.map(() => valueOf(last)));
      }
      // every failed write was refused for a reason its client was told
      for (const w of mp.writes) if (w.status === "failed") expect(w.error).toMatch(/^ERROR (1047|1062|1213|2003) /);
    }), { numRuns: runs(40), seed: SEED + 1 });
  });

  it("last writer wins, true clocks: every node ends with the write that took effect last, and nothing is flagged lost", () => {
    fc.assert(fc.property(mpArb({ modes: ["lww"] }), (sc) => {
      const { report, mp } = run(sc);
      expect(report.multiPrimary.settled).toBe(true);
      expect(report.divergentKeys).toEqual([]);
      expect(report.multiPrimary.lostUpdates).toEqual([]);
      for (const [, writes] of ackedByRow(mp)) {
        const last = writes.reduce((a, b) => (b.commitUs > a.commitUs || (b.commitUs === a.commitUs && b.node > a.node) ? b : a));
        expect(rowValue(report, last.table, last.key)).toEqual(mp.nodes.map(() => valueOf(last)));
      }
    }), { numRuns: runs(40), seed: SEED + 2 });
  });

  it("last writer wins, skewed clocks: nodes converge, and the checker flags exactly the writes later in true time than the winner", () => {
    let flagged = 0;
    fc.assert(fc.property(mpArb({ modes: ["lww"], skew: true }), (sc) => {
      const { report, mp } = run(sc);
      expect(report.divergentKeys).toEqual([]);
      const expected: string[] = [];
      for (const [, writes] of ackedByRow(mp)) {
        const winner = writes.reduce((a, b) => (b.stampUs > a.stampUs || (b.stampUs === a.stampUs && b.node > a.node) ? b : a));
        for (const w of writes) if (w.commitUs > winner.commitUs) expected.push(`${w.key}=${w.value}`);
      }
      const got = report.multiPrimary.lostUpdates.map((l) => `${l.key}=${l.value}`);
      expect(got.sort()).toEqual(expected.sort());
      for (const l of report.multiPrimary.lostUpdates) expect(l.lostOn).toEqual(mp.nodes.map((n) => n.name));
      flagged += got.length;
    }), { numRuns: runs(40), seed: SEED + 3 });
    expect(flagged).toBeGreaterThan(0);
  });

  it("circular, two primaries, updates only: a row diverges exactly when the last updates of the two sides cross on the wire", () => {
    let diverged = 0;
    fc.assert(fc.property(mpArb({ modes: ["circular"], faults: false, kinds: ["update"] }), (raw) => {
      // two nodes; every key inserted on n0 first and replicated everywhere before the updates start at 1 s
      const nodes = raw.cluster.multiPrimary!.nodes.slice(0, 2);
      const updates = (raw.actions ?? []).filter((a) => a.op === "write").map((a) => ({ ...a, atMs: a.atMs + 1000,
        node: a.op === "write" && a.node === "n1" ? "n1" : "n0" }));
      const seeds = ["k0", "k1", "k2"].map((key) => ({ atMs: 0, op: "write" as const, node: "n0", key, kind: "insert" as const, value: "seed" }));
      const sc: ScenarioInput = { ...raw, cluster: { multiPrimary: { mode: "circular", nodes } }, actions: [...seeds, ...updates] };
      const { report, mp } = run(sc);
      const delayUs = mp.links[1]!.delayUs;
      for (const key of ["k0", "k1", "k2"]) {
        const mine = (j: number) => mp.writes.filter((w) => w.key === key && w.requested === "update" && w.node === j && w.status === "ok");
        // on node j, the last change applied: its own at commit, the other's at commit + delay
        const lastAt = (j: number) => [...mine(j).map((w) => ({ w, at: w.commitUs })), ...mine(1 - j).map((w) => ({ w, at: w.commitUs + delayUs }))]
          .reduce<{ w: MpWrite; at: number } | null>((a, b) => (a === null || b.at > a.at ? b : a), null);
        const a = lastAt(0), b = lastAt(1);
        const expectDiverged = a !== null && b !== null && a.w !== b.w;
        expect(report.divergentKeys!.some((d) => d.key === key)).toBe(expectDiverged);
        if (expectDiverged) diverged++;
      }
    }), { numRuns: runs(60), seed: SEED + 4 });
    expect(diverged).toBeGreaterThan(0);
  });

  it("restored from a checkpoint halfway, a run ends exactly as the original", () => {
    fc.assert(fc.property(mpArb({ skew: true }), fc.integer({ min: 1, max: 9 }), (sc, tenth) => {
      const scenario = parse(sc);
      const a = new Simulation(scenario);
      a.runUntil(scenario.durationMs * 100 * tenth);
      const cp = a.checkpoint();
      a.runUntil(scenario.durationMs * 1000);
      const b = restoreSimulation(cp);
      b.runUntil(scenario.durationMs * 1000);
      expect(JSON.stringify(b.finish())).toBe(JSON.stringify(a.finish()));
    }), { numRuns: runs(15), seed: SEED + 5 });
  });
});
