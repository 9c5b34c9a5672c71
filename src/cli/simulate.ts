/*
 * Runs a scenario to its end (or, for --at, to a moment). Without --history this is runScenario.
 * With it, the run goes in slices of events so that it can pause while the history file drains:
 * one synchronous run would pile every line of a million-operation history up in memory first.
 */
import { Simulation, runScenario } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import type { Report, Snapshot } from "../engine/views";
import type { HistorySink } from "./historySink";

const EVENTS_PER_SLICE = 1024;

export async function simulate(scenario: Scenario, sink: HistorySink | null): Promise<Report> {
  if (sink === null) return runScenario(scenario);
  // As runScenario converts it: the engine's clock is integer µs.
  const sim = await runTo(scenario, sink, Math.round(scenario.durationMs * 1000));
  return sim.finish();
}

/**
 * The state at `atUs` of virtual time: every event up to that µs processed, the clock there (as
 * the page's Timeline shows a moment). The history, if asked for, holds what happened until then.
 */
export async function simulateMoment(scenario: Scenario, sink: HistorySink | null, atUs: number): Promise<Snapshot> {
  const sim = await runTo(scenario, sink, atUs);
  return sim.snapshot();
}

async function runTo(scenario: Scenario, sink: HistorySink | null, endUs: number): Promise<Simulation> {
  if (sink === null) {
    const sim = new Simulation(scenario);
    sim.runUntil(endUs);
    return sim;
  }
  const sim = new Simulation(scenario, { onHistory: (event) => sink.push(event) });
  // runUntil stops early after maxEvents and sets the clock to endUs only once it is through.
  while (sim.runUntil(endUs, EVENTS_PER_SLICE) === EVENTS_PER_SLICE) {
    if (sink.mustWait) await sink.wait();
  }
  return sim;
}
