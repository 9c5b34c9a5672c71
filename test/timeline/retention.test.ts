/*
 * The keeper's retention window: runs compacted before each checkpoint, checkpoints older than
 * the window dropped, `earliest` moving up to the oldest one kept. Every moment still in reach
 * sought equals the same moment of a run never compacted, in all it shows and reports (its
 * internal state differs: that is the point), also across a fork. And the worker never seeks
 * before the window: a target there lands on the earliest moment kept.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine";
import { scenarioSchema, type Scenario } from "../../src/engine/scenario/schema";
import { CheckpointKeeper, type Moment } from "../../src/timeline/checkpoints";
import type { AppliedCommand } from "../../src/worker/protocol";
import { Run } from "../../src/worker/run";
import { straightRun } from "./straight";
import { Travel } from "../../src/worker/travel";

const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);

const scenario: Scenario = scenarioSchema.parse({
  seed: 9, durationMs: 60_000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 3, jitterMs: 1 }, { name: "s2", networkDelayMs: 30 }] },
  commit: { preset: "semi-sync" },
  workload: { writesPerSec: 5000, readsPerSec: 100, keys: 30, readFrom: "replicas" },
});

/** What a moment shows and reports (not its internal state, which compaction changes). */
function shown(run: Run): unknown {
  return { events: run.events, nowUs: run.nowUs, snapshot: run.sim.snapshot(), report: run.sim.report() };
}

function straight(log: readonly AppliedCommand[], t: Moment): Run {
  return straightRun(scenario, log, t);
}

const WINDOW_US = 600_000;

function liveRun(ms: number, keeper: CheckpointKeeper, run = new Run(new Simulation(scenario))): Run {
  const endUs = run.nowUs + ms * 1000;
  while (run.nowUs < endUs) {
    run.runUntil(Math.min(endUs, run.nowUs + 50_000), 6000);
    keeper.observe(run);
  }
  return run;
}

describe("the retention window", () => {
  it("drops old checkpoints, moves earliest, and every moment in reach equals a run never compacted", () => {
    fc.assert(fc.property(fc.integer({ min: 4000, max: 12_000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 2 }),
      (every, fractions) => {
        const keeper = new CheckpointKeeper(scenario, { everyEvents: every, windowUs: WINDOW_US });
        const run = liveRun(2500, keeper);
        const earliest = keeper.earliest(run.log);
        // The window dropped the first checkpoints: the oldest kept is within it of the newest.
        const list = keeper.list();
        expect(earliest.events).toBeGreaterThan(0);
        expect(earliest).toEqual({ events: list[0]!.events, atUs: list[0]!.nowUs });
        expect(list[list.length - 1]!.nowUs - list[0]!.nowUs).toBeLessThanOrEqual(WINDOW_US);
        // The live run's write table holds far fewer rows than it wrote (the checker's rows keep
        // their writes' facts pinned aside until the checker compacts its own).
        expect((run.sim as unknown as { writes: { rowsUsed: number } }).writes.rowsUsed).toBeLessThan(run.sim.report().writes.attempted / 2);
        const targets: Moment[] = [{ events: earliest.events, untilUs: earliest.atUs }, { events: run.events, untilUs: run.nowUs },
          ...fractions.map((f) => ({ events: earliest.events + Math.floor(f * (run.events - earliest.events)) }))];
        let last: Run | undefined;
        for (const t of targets) {
          expect(shown(keeper.seek(run.log, t))).toEqual(shown(straight(run.log, t)));
          last = keeper.seek(run.log, t, undefined, last);
          expect(shown(last)).toEqual(shown(straight(run.log, t)));
        }
      }), { numRuns: RUNS || 2, seed: SEED });
  });

  it("a fork in the window, run on past further drops, equals its straight run", () => {
    const keeper = new CheckpointKeeper(scenario, { everyEvents: 8000, windowUs: WINDOW_US });
    const run = liveRun(1500, keeper);
    const forkAt: Moment = { events: keeper.earliest(run.log).events + 2000 };
    const fork = keeper.seek(run.log, forkAt);
    fork.command({ op: "crash", node: "primary", kind: "power" });
    fork.command({ op: "promote", node: "s1" });
    liveRun(1200, keeper, fork);
    const end: Moment = { events: fork.events, untilUs: fork.nowUs };
    expect(shown(keeper.seek(fork.log, end))).toEqual(shown(straight(fork.log, end)));
    const mid: Moment = { events: Math.floor((keeper.earliest(fork.log).events + fork.events) / 2) };
    expect(shown(keeper.seek(fork.log, mid))).toEqual(shown(straight(fork.log, mid)));
  });
});

describe("the worker and the window", () => {
  it("a seek before the earliest moment kept lands on it; Step back there stays", () => {
    const travel = new Travel(scenario, 8_000_000);
    // The page's window is ten minutes; this run is short, so the keeper's is made small.
    Object.assign(travel.keeper.policy, { everyEvents: 8000, windowUs: WINDOW_US });
    while (travel.liveRun.nowUs < 2_000_000) {
      travel.liveRun.runUntil(travel.liveRun.nowUs + 50_000, 5000);
      travel.advanced();
    }
    const earliest = travel.earliest();
    expect(earliest.events).toBeGreaterThan(0);
    travel.seek({ events: 10 });
    expect(travel.point().events).toBe(earliest.events);
    expect(travel.point().atUs).toBe(earliest.atUs);
    travel.stepBack();
    expect(travel.point().events).toBe(earliest.events);
  });
});
