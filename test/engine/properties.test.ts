/*
 * Property tests: random clusters, commit settings, workloads and faults, watched event by event
 * (see watcher.ts for the invariants). fast-check's seed is fixed so CI is repeatable; sweep more
 * with PROPERTY_RUNS=200 PROPERTY_SEED=<n> npx vitest run test/engine/properties.test.ts.
 * A failure prints the scenario that broke the invariant: paste it into a file and run
 * `npm run sim -- file.json` to see it happen.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario, Simulation } from "../../src/engine";
import { scenarioSchema, type Scenario, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent } from "../../src/engine/views";
import { scenario, type ScenarioShape } from "./arbitraries";
import { Watcher } from "./watcher";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_251_122);
const runs = (n: number) => (RUNS > 0 ? RUNS : n);
const MAX_EVENTS = 400_000;

const SHAPE: ScenarioShape = { maxReplicas: 6, maxDurationMs: 2500, maxWritesPerSec: 80, maxFaults: 10 };

/** Runs a scenario event by event under a Watcher; returns what it found. */
function watch(input: ScenarioInput): { violations: string[]; acks: number; events: number } {
  const sc: Scenario = scenarioSchema.parse(input);
  const watcher = new Watcher(sc);
  const sim = new Simulation(sc, { onHistory: (e) => watcher.onHistory(e) });
  watcher.sim = sim;
  const endUs = sc.durationMs * 1000;
  let events = 0;
  for (;;) {
    const next = sim.nextEventUs();
    if (next === null || next > endUs || events >= MAX_EVENTS) break;
    sim.step();
    events++;
    watcher.afterStep();
    if (watcher.violations.length > 0) break;
  }
  return { violations: watcher.violations, acks: watcher.acksChecked, events };
}

/** Each property gets its own seed (SEED + offset), so they explore different scenarios. */
function assertProperty(arb: fc.Arbitrary<ScenarioInput>, numRuns: number, check: (sc: ScenarioInput) => void, offset = 0): void {
  fc.assert(fc.property(arb, check), { numRuns, seed: SEED + offset, endOnFailure: process.env.PROPERTY_SHRINK !== "1" });
}

describe("invariants hold at every event, whatever the cluster, settings, workload and faults", () => {
  it("LSN order and monotonicity, pg_stat_replication, sync-rep and semi-sync acknowledgements", () => {
    let acks = 0;
    assertProperty(scenario(SHAPE), runs(100), (input) => {
      const r = watch(input);
      acks += r.acks;
      expect(r.violations).toEqual([]);
    });
    // The acknowledgement checks must have had something to check.
    expect(acks).toBeGreaterThan(100);
  });

  it("the same, PostgreSQL settings only, under heavier churn (up to 14 faults)", () => {
    const pgOnly = scenario({ ...SHAPE, maxFaults: 14 }).filter((s) => s.commit !== undefined && "postgres" in s.commit);
    assertProperty(pgOnly, runs(60), (input) => {
      expect(watch(input).violations).toEqual([]);
    }, 1);
  });
});

describe("determinism", () => {
  const small: ScenarioShape = { maxReplicas: 4, maxDurationMs: 2000, maxWritesPerSec: 60, maxFaults: 8 };

  it("the same scenario run twice gives deep-equal reports and histories", () => {
    assertProperty(scenario(small), runs(20), (input) => {
      const run = () => {
        const history: HistoryEvent[] = [];
        const report = runScenario(scenarioSchema.parse(input), { onHistory: (e) => history.push(e) });
        return { report, history };
      };
      const a = run(), b = run();
      expect(b.report).toEqual(a.report);
      expect(b.history).toEqual(a.history);
    }, 2);
  });

  it("stepping event by event ends where one runUntil ends", () => {
    assertProperty(scenario(small), runs(12), (input) => {
      const sc = scenarioSchema.parse(input);
      const stepped = new Simulation(sc);
      const endUs = sc.durationMs * 1000;
      for (;;) {
        const next = stepped.nextEventUs();
        if (next === null || next > endUs) break;
        stepped.step();
      }
      stepped.runUntil(endUs);
      expect(stepped.report()).toEqual(runScenario(sc));
    }, 3);
  });
});
