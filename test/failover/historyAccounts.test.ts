/*
 * The loss account, three ways, over random fault schedules (faultPlans.ts: crashes, power losses
 * and hangs of any node, cuts, one or two failovers, rewinds; synchronous_commit off to
 * remote_apply; split brains without fencing):
 *  - the report (lostAcknowledgedWrites and the ledger);
 *  - the history's own `lost` and `restored` lines;
 *  - an outside checker that recomputes durable / at risk / lost from the history's other lines
 *    alone (outsideChecker.ts, written from docs/formats.md).
 * And over the engine's wildest random scenarios (test/engine/arbitraries.ts: automatic failover,
 * no fencing, promotions of any node, rewinds, semi-sync). All three must agree, write for write. A loss is only what a fault dropped: with
 * synchronous_commit = off the writes not yet flushed at the end are at risk, not lost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { HistoryEvent, Report } from "../../src/engine/views";
import { scenario } from "../engine/arbitraries";
import { describeRun, plan, runPlan, runSplitBrainPlan, type PlanShape } from "./faultPlans";
import { countLosses } from "./outsideChecker";

const SEED = Number(process.env.FAILOVER_SEED ?? 20_260_116);
const RUNS = Number(process.env.FAILOVER_RUNS ?? 0);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);

const toJsonLines = (lines: readonly HistoryEvent[]) => lines.map((e) => JSON.stringify(e)).join("\n") + "\n";

/** Returns the outside count, after checking that it, the report and the lost/restored lines agree. */
function accountsAgree(report: Report, lines: readonly HistoryEvent[], repro: string) {
  const outside = countLosses(toJsonLines(lines));
  const l = report.ledger;
  expect(outside.lostOps, `the outside checker's lost writes against the lost/restored lines\n${repro}`).toEqual(outside.lostByLines);
  expect(outside.lostLines, `lost lines − restored lines\n${repro}`).toBe(report.lostAcknowledgedWrites);
  expect(outside.lost, `lostAcknowledgedWrites\n${repro}`).toBe(report.lostAcknowledgedWrites);
  expect(l.acknowledgedLost, repro).toBe(report.lostAcknowledgedWrites);
  expect(outside.atRisk, `ledger.acknowledgedAtRisk\n${repro}`).toBe(l.acknowledgedAtRisk);
  expect(outside.durable, `ledger.acknowledgedDurable\n${repro}`).toBe(l.acknowledgedDurable);
  expect(l.acknowledgedDurable + l.acknowledgedAtRisk + l.acknowledgedLost, repro).toBe(report.writes.acknowledged);
  expect(l.acknowledgedDurable + l.acknowledgedAtRisk + l.acknowledgedLost + l.unacknowledgedPresent + l.neverDurable, repro)
    .toBe(report.writes.attempted);
  expect(lines.at(-1)?.type, repro).toBe("end");
  return outside;
}

const ANY_LEVEL: PlanShape = { levels: ["off", "local", "remote_write", "on"], replicaPowerLoss: true, outage: "sometimes",
  fsyncMs: [0.05, 20], phases: [1, 2] };

describe("lost acknowledged writes: report, history lines and an outside checker agree", () => {
  it("over random fault schedules with one or two failovers, synchronous_commit off to on", () => {
    let lost = 0, atRisk = 0, truncations = 0;
    fc.assert(fc.property(plan(ANY_LEVEL), (p) => {
      const run = runPlan(p);
      if (!run) return;
      const outside = accountsAgree(run.report, run.lines, describeRun(run, "the accounts disagree"));
      lost += outside.lost;
      atRisk += outside.atRisk;
      truncations += run.lines.filter((e) => e.type === "truncate").length;
    }), { numRuns: runs(150), seed: SEED, endOnFailure: true });
    // The sweep must have met every case: losses, writes at risk at the end, WAL dropped by a crash.
    expect(lost).toBeGreaterThan(50);
    expect(atRisk).toBeGreaterThan(20);
    expect(truncations).toBeGreaterThan(5);
  });

  it("through a split brain (no fencing) and the rewind of the old primary", () => {
    let lost = 0;
    fc.assert(fc.property(plan({ ...ANY_LEVEL, phases: [1, 1] }), (p) => {
      const run = runSplitBrainPlan(p);
      if (!run) return;
      const repro = `reproduce: npm run sim -- x.json with\n${JSON.stringify(run.scenario)}`;
      lost += accountsAgree(run.report, run.lines, repro).lost;
    }), { numRuns: runs(80), seed: SEED, endOnFailure: true });
    expect(lost).toBeGreaterThan(20);
  });

  it("over random scenarios of every kind: promotions of any node, automatic failover, no fencing, rewinds, semi-sync", () => {
    let lost = 0;
    const shape = { maxReplicas: 4, maxDurationMs: 2500, maxWritesPerSec: 80, maxFaults: 12 };
    fc.assert(fc.property(scenario(shape), (input) => {
      const lines: HistoryEvent[] = [];
      const sim = new Simulation(scenarioSchema.parse(input), { onHistory: (e) => lines.push(e) });
      sim.runUntil(Math.round(input.durationMs! * 1000));
      const report = sim.finish();
      const outside = accountsAgree(report, lines, `reproduce: npm run sim -- x.json with\n${JSON.stringify(input)}`);
      lost += outside.lost;
    }), { numRuns: runs(150), seed: SEED, endOnFailure: true });
    expect(lost).toBeGreaterThan(20);
  });
});
