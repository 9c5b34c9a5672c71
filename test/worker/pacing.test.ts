import { describe, expect, it } from "vitest";
import { advance, clampSpeed, newClock, reanchor, targetUs } from "../../src/worker/pacing";
import { FakeSim } from "./fakeSim";

/** A wall clock the test moves by hand; the fake engine advances it by its cost per event. */
function fakeWall(startMs = 1000) {
  let t = startMs;
  return { now: () => t, add: (ms: number) => { t += ms; } };
}

describe("pacing", () => {
  it("targets wall time × speed, in integer µs", () => {
    const clock = newClock(5_000, 100, 2, false);
    expect(targetUs(clock, 100)).toBe(5_000);
    expect(targetUs(clock, 101.5)).toBe(8_000); // 1.5 wall ms × 2 = 3 virtual ms
    expect(targetUs(clock, 50)).toBe(5_000); // wall time never runs backwards
  });

  it("holds still while paused", () => {
    const clock = newClock(7_000, 0, 10, true);
    expect(targetUs(clock, 10_000)).toBe(7_000);
  });

  it("clamps speed to 0.1×..100×", () => {
    expect(clampSpeed(0)).toBe(0.1);
    expect(clampSpeed(1e6)).toBe(100);
    expect(clampSpeed(Number.NaN)).toBe(1);
    expect(newClock(0, 0, 500, false).speed).toBe(100);
  });

  it("re-anchors without a jump when the speed changes", () => {
    const clock = newClock(0, 0, 1, false);
    const before = targetUs(clock, 10);
    const faster = reanchor(clock, before, 10, { speed: 10 });
    expect(targetUs(faster, 10)).toBe(before);
    expect(targetUs(faster, 11)).toBe(before + 10_000);
  });

  it("runs the engine up to the target and reports keeping up", () => {
    const sim = new FakeSim(1000, 500);
    const wall = fakeWall();
    const clock = newClock(0, wall.now(), 1, false);
    wall.add(10); // 10 virtual ms at 1×
    const r = advance(sim, clock, { budgetMs: 8, chunk: 4, now: wall.now });
    expect(r.behind).toBe(false);
    expect(r.events).toBe(10); // events at 0.5, 1.5, ..., 9.5 ms
    expect(sim.nowUs).toBe(10_000);
  });

  it("never runs past a stop (a lesson step's exact end), however far behind the wall clock is", () => {
    const sim = new FakeSim(1000, 500);
    const wall = fakeWall();
    const clock = newClock(0, wall.now(), 1, false);
    wall.add(900); // a loaded page: 900 virtual ms asked for in one tick
    const r = advance(sim, clock, { budgetMs: 8, chunk: 4, now: wall.now, stopAtUs: 3_000 });
    expect(sim.nowUs).toBe(3_000);
    expect(r.events).toBe(3); // 0.5, 1.5 and 2.5 ms, not the 900 the wall clock asked for
    expect(advance(sim, r.clock, { budgetMs: 8, chunk: 4, now: wall.now, stopAtUs: 3_000 }).events).toBe(0);
  });

  it("stops at the time budget, says it is behind and drops the debt instead of spiralling", () => {
    const sim = new FakeSim(10, 5); // an event every 10 µs: 100 000 per virtual second
    const wall = fakeWall();
    sim.onEvent = () => wall.add(0.01); // each event costs 10 µs of wall time
    const clock = newClock(0, wall.now(), 100, false);
    wall.add(100); // asks for 10 virtual seconds: a million events
    const r = advance(sim, clock, { budgetMs: 8, chunk: 64, now: wall.now });
    expect(r.behind).toBe(true);
    expect(r.events).toBeGreaterThan(100);
    expect(r.events).toBeLessThan(2000); // ~8 ms of 10 µs events, not a million
    // The new anchor is where the engine got to, at the wall time it stopped.
    expect(r.clock.anchorUs).toBe(sim.nowUs);
    expect(r.clock.anchorWallMs).toBe(wall.now());
    expect(targetUs(r.clock, wall.now())).toBe(sim.nowUs);
  });

  it("learns a chunk size that fits the budget", () => {
    const sim = new FakeSim(10, 5);
    const wall = fakeWall();
    sim.onEvent = () => wall.add(0.01);
    const clock = newClock(0, wall.now(), 100, false);
    wall.add(100);
    const r = advance(sim, clock, { budgetMs: 8, chunk: 16, now: wall.now });
    // a quarter of 8 ms at 10 µs per event
    expect(r.chunk).toBe(200);
  });

  it("does nothing while paused", () => {
    const sim = new FakeSim();
    const wall = fakeWall();
    const clock = newClock(0, wall.now(), 1, true);
    wall.add(1000);
    const r = advance(sim, clock, { budgetMs: 8, chunk: 100, now: wall.now });
    expect(r.events).toBe(0);
    expect(sim.nowUs).toBe(0);
  });
});
