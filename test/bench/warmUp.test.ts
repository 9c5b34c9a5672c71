/*
 * The bench's warm-up: untimed rounds until the engine has handled the events asked for, and
 * no more rounds than that takes.
 */
import { describe, expect, it } from "vitest";
import { warmUp } from "../../bench/engineThroughput";
import { benchScenario } from "../../bench/scenarios";
import { Simulation } from "../../src/engine/index";

const scenario = benchScenario({ replicas: 3, preset: "async", writesPerSec: 5000, durationMs: 100 });
const opts = { events: 1000, queueSize: 8, maxDelayUs: 5000, seed: 1 };

function eventsPerRun(): number {
  const sim = new Simulation(scenario);
  sim.runUntil(scenario.durationMs * 1000);
  return sim.eventsProcessed;
}

describe("bench warm-up", () => {
  it("runs rounds until the engine has handled the events asked for", () => {
    const perRun = eventsPerRun();
    expect(perRun).toBeGreaterThan(100);
    const w = warmUp(scenario, opts, 3.5 * perRun);
    expect(w.rounds).toBe(4);
    expect(w.engineEventsPerSec).toHaveLength(4);
    for (const speed of w.engineEventsPerSec) expect(speed).toBeGreaterThan(0);
  });

  it("runs one round when no events are asked for, and exactly enough when they divide evenly", () => {
    const perRun = eventsPerRun();
    expect(warmUp(scenario, opts, 0).rounds).toBe(1);
    expect(warmUp(scenario, opts, 2 * perRun).rounds).toBe(2);
  });
});
