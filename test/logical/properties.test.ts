/*
 * Properties over random scenarios with subscribers and faults: the same scenario gives the same
 * report; the slots' positions never pass the publisher's; a subscription that ends caught up,
 * where nobody wrote on the subscriber, nothing was skipped and no transaction was lost in a
 * crash, holds exactly the publisher's rows of its tables.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import type { Report } from "../../src/engine/views";
import { logicalScenario } from "./arbitraries";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

function run(input: unknown): Report {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = new Simulation(parsed.scenario);
  sim.runUntil(parsed.scenario.durationMs * 1000);
  return sim.finish();
}

describe("logical replication properties", () => {
  it("deterministic: the same scenario gives the same report, byte for byte", () => {
    fc.assert(fc.property(logicalScenario(), (sc) => {
      expect(JSON.stringify(run(sc))).toBe(JSON.stringify(run(sc)));
    }), { numRuns: runs(15), seed: SEED });
  });

  it("slots never pass the publisher; retained WAL is what the slot holds back; errors count at least the duplicate keys", () => {
    fc.assert(fc.property(logicalScenario(), (sc) => {
      const r = run(sc);
      const primary = r.nodes.find((n) => n.name === "primary")!;
      for (const s of r.subscriptions!) {
        if (s.confirmedFlushLsn !== null) {
          expect(s.confirmedFlushLsn).toBeLessThanOrEqual(primary.lsn.flush);
          expect(s.restartLsn).toBeLessThanOrEqual(s.confirmedFlushLsn);
        }
        if (s.walStatus !== null && s.walStatus !== "lost") expect(s.retainedBytes).toBe(primary.lsn.flush - s.restartLsn!);
        if (s.walStatus === "lost") expect(s.retainedBytes).toBe(0);
        const duplicates = r.conflicts!.filter((c) => c.node === s.name && c.kind === "insert_exists").length;
        expect(s.applyErrorCount).toBeGreaterThanOrEqual(duplicates);
      }
    }), { numRuns: runs(15), seed: SEED + 1 });
  });

  it("a caught-up subscription nobody wrote to, with nothing skipped, holds exactly the publisher's rows", () => {
    let checked = 0;
    fc.assert(fc.property(logicalScenario(), (sc) => {
      // no writes on subscribers, no skip, no drop/recreate, no publisher crash: nothing may make them differ
      const actions = (sc.actions ?? []).filter((a) => !("node" in a && typeof a.node === "string" && a.node.startsWith("sub")
        && a.op !== "crash" && a.op !== "restart") && a.op !== "subscription" && !("node" in a && a.node === "primary"));
      const r = run({ ...sc, actions, durationMs: (sc.durationMs ?? 1000) + 20_000,
        workload: { ...sc.workload, stopMs: sc.durationMs },
        cluster: { ...sc.cluster, subscribers: sc.cluster.subscribers!.map((s) => ({ ...s, copyData: true })) } });
      for (const s of r.subscriptions!) {
        if (!s.caughtUp) continue;
        checked++;
        expect(r.divergentKeys!.filter((d) => d.values.some((v) => v.node === s.name))).toEqual([]);
        expect(r.conflicts!.filter((c) => c.node === s.name)).toEqual([]);
      }
    }), { numRuns: runs(15), seed: SEED + 2 });
    // not vacuous: most subscriptions end caught up
    expect(checked).toBeGreaterThan(runs(15) / 2);
  });
});
