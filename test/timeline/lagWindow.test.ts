/*
 * The lag chart rebuilt for a moment the page did not play (src/worker/lagWindow.ts): every sample
 * equals what the live run's pg_stat_replication showed at that time, commands (a cut link, a
 * setting, a crash) included; the replay is bounded, starting later when the window is too long.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine";
import { scenarioSchema, type Scenario } from "../../src/engine/scenario/schema";
import type { Command } from "../../src/engine/views";
import { CheckpointKeeper } from "../../src/timeline/checkpoints";
import type { AppliedCommand } from "../../src/worker/protocol";
import { Run } from "../../src/worker/run";
import { lagWindow, type LagWindowSample } from "../../src/worker/lagWindow";

const scenario: Scenario = scenarioSchema.parse({
  seed: 11, durationMs: 60_000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 4, jitterMs: 2, applyDelayMs: 20 }, { name: "s2", networkDelayMs: 40, jitterMs: 5 }] },
  workload: { writesPerSec: 400, readsPerSec: 50, keys: 20 },
});

const STEP_US = 7_001; // not a divisor of anything in the run: samples fall between events
const COMMANDS: [atUs: number, cmd: Command][] = [
  [1_200_000, { op: "partition", between: ["primary", "s2"] }],
  [1_900_000, { op: "heal", between: ["primary", "s2"] }],
  [2_400_000, { op: "configure", preset: "sync" }],
  [2_800_000, { op: "crash", node: "s1", kind: "power" }],
  [3_300_000, { op: "restart", node: "s1" }],
];

interface Played { keeper: CheckpointKeeper; log: AppliedCommand[]; at: { events: number; atUs: number }; seen: Map<number, LagWindowSample["lags"]> }

/** The run played as the page plays it: forward in steps of STEP_US, a sample at each, commands between. */
function play(untilUs: number, everyEvents: number): Played {
  const keeper = new CheckpointKeeper(scenario, { everyEvents });
  const run = new Run(new Simulation(scenario));
  const log: AppliedCommand[] = [];
  const seen = new Map<number, LagWindowSample["lags"]>();
  let next = 0;
  for (let t = STEP_US; t <= untilUs; t += STEP_US) {
    while (next < COMMANDS.length && COMMANDS[next]![0] <= t) {
      run.runUntil(COMMANDS[next]![0]);
      log.push(run.command(COMMANDS[next]![1]));
      keeper.observe(run);
      next++;
    }
    run.runUntil(t);
    keeper.observe(run);
    seen.set(t, run.sim.snapshot(Number.MAX_SAFE_INTEGER, { omitInFlight: true }).replication.map((r) => [r.name, r.replayLagUs]));
  }
  return { keeper, log, at: { events: run.events, atUs: run.nowUs }, seen };
}

describe("lagWindow", () => {
  const played = play(4_000_000 - (4_000_000 % STEP_US), 2_000);

  it("rebuilds the samples the live run showed, commands and faults included", () => {
    const samples = lagWindow(played.keeper, played.log, played.at, STEP_US, 400);
    expect(samples).toHaveLength(400);
    for (const s of samples) expect(s.lags, `at ${s.atUs} µs`).toEqual(played.seen.get(s.atUs));
    // not a flat line: the cut link, the sync setting and s1's power loss move both standbys' lag
    for (const name of ["s1", "s2"]) {
      const lags = new Set(samples.map((s) => s.lags.find(([n]) => n === name)?.[1] ?? null));
      expect(lags.size, name).toBeGreaterThan(10);
    }
  });

  it("starts the window at the run's start when it reaches back that far", () => {
    const at = { events: played.at.events, atUs: played.at.atUs };
    const samples = lagWindow(played.keeper, played.log, at, STEP_US, 10_000);
    expect(samples[0]!.atUs).toBe(at.atUs % STEP_US === 0 ? STEP_US : at.atUs % STEP_US);
    for (const s of samples) expect(s.lags).toEqual(played.seen.get(s.atUs));
  });

  it("replays at most maxEvents: a long window starts at a checkpoint within reach", () => {
    const maxEvents = 6_000;
    const samples = lagWindow(played.keeper, played.log, played.at, STEP_US, 400, maxEvents);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(400);
    const from = played.keeper.listOn(played.log).find((c) => played.at.events - c.events <= maxEvents)!;
    expect(samples[0]!.atUs).toBeGreaterThanOrEqual(from.nowUs);
    for (const s of samples) expect(s.lags).toEqual(played.seen.get(s.atUs));
  });

  it("gives nothing at time 0 or for a bad step", () => {
    expect(lagWindow(played.keeper, played.log, { events: 0, atUs: 0 }, STEP_US)).toEqual([]);
    expect(lagWindow(played.keeper, played.log, played.at, 0)).toEqual([]);
  });
});
