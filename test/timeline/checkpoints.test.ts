/*
 * Seeking with checkpoints equals a straight run: a live run driven in pacer-like chunks, with
 * commands (faults, writes, settings) given between events, is observed by a CheckpointKeeper;
 * then every checkpoint boundary, the events either side of it and random moments between are
 * sought, each compared (snapshot, report, whole internal state) with a fresh run replayed
 * straight from the start (Run.replay, then one step at a time). Branches: a fork's seek uses
 * the checkpoints before the fork and never one from the other branch after it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine";
import { scenarioSchema, type Scenario } from "../../src/engine/scenario/schema";
import type { Command } from "../../src/engine/views";
import { CheckpointKeeper, type KeeperPolicy, type Moment } from "../../src/timeline/checkpoints";
import type { AppliedCommand } from "../../src/worker/protocol";
import { Run } from "../../src/worker/run";
import { straightRun } from "./straight";
import { stateOf } from "../checkpoint/stateOf";

const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_207);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 0);

const scenario: Scenario = scenarioSchema.parse({
  seed: 5, durationMs: 60_000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 3, jitterMs: 1 }, { name: "s2", networkDelayMs: 30 }] },
  commit: { preset: "semi-sync" },
  workload: { writesPerSec: 300, readsPerSec: 100, keys: 30, readFrom: "replicas" },
});

const COMMANDS: Command[] = [
  { op: "crash", node: "s1", kind: "power" }, { op: "restart", node: "s1" }, { op: "partition", between: ["primary", "s2"] },
  { op: "heal", between: ["primary", "s2"] }, { op: "write", session: "alice", key: "x", value: "1" },
  { op: "configure", preset: "sync" }, { op: "configure", preset: "async" }, { op: "crash", node: "primary", kind: "process" },
  { op: "promote", node: "s2" }, { op: "restart", node: "primary" },
];

/** What a moment looks like, whole. */
function picture(run: Run): unknown {
  return { events: run.events, nowUs: run.nowUs, snapshot: run.sim.snapshot(), report: run.sim.report(),
    state: stateOf(run.sim as Simulation) };
}

function straight(log: readonly AppliedCommand[], t: Moment): Run {
  return straightRun(scenario, log, t);
}

interface Live { run: Run; keeper: CheckpointKeeper; moments: Moment[] }

/** A live run driven like the pacer: chunks of events cut by a time limit, commands between. */
function live(chunks: { ms: number; max: number; cmd: number | null }[], everyEvents: number, policy: Partial<KeeperPolicy> = {}): Live {
  // Not compacted (unless asked): the pictures compare whole internal states with straight runs.
  const keeper = new CheckpointKeeper(scenario, { everyEvents, maxCheckpoints: 1000, compact: false, ...policy });
  const run = new Run(new Simulation(scenario));
  const moments: Moment[] = [];
  for (const c of chunks) {
    run.runUntil(run.nowUs + c.ms * 1000, c.max);
    if (c.cmd !== null) {
      try { run.command(COMMANDS[c.cmd]!); } catch { /* refused now: not logged */ }
    }
    keeper.observe(run);
    moments.push({ events: run.events, untilUs: run.nowUs });
  }
  return { run, keeper, moments };
}

const chunk = fc.record({ ms: fc.integer({ min: 1, max: 400 }), max: fc.integer({ min: 1, max: 20_000 }),
  cmd: fc.option(fc.integer({ min: 0, max: COMMANDS.length - 1 }), { freq: 3 }) });

describe("seek with checkpoints equals a straight run", () => {
  it("at every checkpoint boundary, either side of it, and between", () => {
    let kept = 0;
    fc.assert(fc.property(fc.array(chunk, { minLength: 5, maxLength: 25 }), fc.integer({ min: 500, max: 4000 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }), (chunks, every, between) => {
        const { run, keeper, moments } = live(chunks, every);
        const log = run.log;
        kept += keeper.count;
        const targets: Moment[] = [];
        for (const k of keeper.list()) {
          targets.push({ events: k.events, untilUs: k.nowUs }, { events: k.events }, { events: k.events + 1 });
          if (k.events > 0) targets.push({ events: k.events - 1 });
        }
        for (const f of between) targets.push({ events: Math.floor(f * run.events) });
        targets.push(moments[Math.floor(moments.length / 2)]!, moments[moments.length - 1]!);
        for (const t of targets) expect(picture(keeper.seek(log, t))).toEqual(picture(straight(log, t)));
        // The same moments again, each seek reusing the last one's run (as a dragged slider does):
        // recycled columns and runs carried forward give the same states.
        let last: Run | undefined;
        for (const t of [...targets].reverse().concat(targets)) {
          last = keeper.seek(log, t, undefined, last);
          expect(picture(last)).toEqual(picture(straight(log, t)));
        }
      }), { numRuns: RUNS || 8, seed: SEED });
    // The runs must have had checkpoints to seek from.
    expect(kept).toBeGreaterThan(10);
  }, 240_000); // about 15 s on a quiet machine; over a minute on a shared one under load

  it("the live run's own end, sought, is the live run", () => {
    const { run, keeper } = live(Array.from({ length: 30 }, (_, i) => ({ ms: 50, max: 5000, cmd: i % 7 === 3 ? i % COMMANDS.length : null })), 2000);
    expect(picture(keeper.seek(run.log, { events: run.events, untilUs: run.nowUs }))).toEqual(picture(run));
  });
});

describe("a run given to a seek to reuse", () => {
  it("is run on when on the way; else recycled, and then refused by every later use", () => {
    const { run, keeper } = live(Array.from({ length: 30 }, () => ({ ms: 40, max: 10_000, cmd: null })), 150);
    const log = run.log;
    expect(keeper.list()[0]!.events).toBeLessThan(run.events * 0.2);
    const late = keeper.seek(log, { events: Math.floor(run.events * 0.8) });
    // Further on, past no checkpoint it has not passed: the very run, carried forward.
    const on = keeper.seek(log, { events: late.events + 10 }, undefined, late);
    expect(on).toBe(late);
    expect(on.retired).toBe(false);
    // Back: restored into its simulation; the old run is done with, and says so.
    const early = keeper.seek(log, { events: Math.floor(run.events * 0.2) }, undefined, on);
    expect(early).not.toBe(on);
    expect(early.sim).toBe(on.sim);
    expect(on.retired).toBe(true);
    expect(() => on.runUntil(on.nowUs + 1000)).toThrow(/can no longer be used/);
    expect(() => on.snapshot(0)).toThrow(/can no longer be used/);
    expect(() => on.command({ op: "write", session: "alice", key: "x", value: "1" })).toThrow(/can no longer be used/);
    // Given to a seek again, it is refused (it would hand out a simulation another run holds).
    expect(() => keeper.seek(log, { events: 5 }, undefined, on)).toThrow(/already recycled/);
    expect(picture(early)).toEqual(picture(straight(log, { events: early.events })));
    // The live run is never touched by seeks that do not reuse it.
    expect(run.retired).toBe(false);
  });
});

describe("branches share checkpoints up to their fork only", () => {
  it("a fork sought later uses the checkpoints before it and rebuilds its own future", () => {
    const { run, keeper } = live(Array.from({ length: 40 }, () => ({ ms: 40, max: 10_000, cmd: null })), 1500);
    // Fork in the middle: go back, give a command there, run the fork on (observed too).
    const forkAt: Moment = { events: Math.floor(run.events / 2) };
    const fork = keeper.seek(run.log, forkAt);
    fork.command({ op: "crash", node: "primary", kind: "power" });
    for (let i = 0; i < 10; i++) { fork.runUntil(fork.nowUs + 40_000, 10_000); keeper.observe(fork); }
    const forkLog = fork.log;
    // Both branches, sought at their own ends and at moments past the fork, equal straight runs.
    for (const [log, end] of [[run.log, run], [forkLog, fork]] as const) {
      const t: Moment = { events: end.events, untilUs: end.nowUs };
      expect(picture(keeper.seek(log, t))).toEqual(picture(straight(log, t)));
      const mid: Moment = { events: Math.floor((forkAt.events + end.events) / 2) };
      expect(picture(keeper.seek(log, mid))).toEqual(picture(straight(log, mid)));
    }
    expect(fork.sim.report()).not.toEqual(run.sim.report());
  });
});

describe("memory", () => {
  it("thins older checkpoints past the limit and counts shared chunks once", () => {
    const keeper = new CheckpointKeeper(scenario, { everyEvents: 1000, maxCheckpoints: 16 });
    const run = new Run(new Simulation(scenario));
    let sumOfOwn = 0;
    for (let i = 0; i < 60; i++) {
      run.runUntil(run.nowUs + 100_000);
      if (keeper.observe(run)) sumOfOwn += 1;
    }
    expect(sumOfOwn).toBeGreaterThan(16);
    expect(keeper.count).toBeLessThanOrEqual(16);
    const events = keeper.list().map((k) => k.events);
    // Density falls with age: the older half's gaps are wider than the newer half's.
    const gaps = events.slice(1).map((e, i) => e - events[i]!);
    const half = Math.floor(gaps.length / 2);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(gaps.slice(0, half))).toBeGreaterThan(mean(gaps.slice(half)));
    expect(keeper.bytes).toBeGreaterThan(0);
    expect(keeper.bytes).toBeLessThan(16 * 4_000_000);
  });
});
