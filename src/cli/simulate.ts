/*
 * Runs a scenario to its end. Without --history this is runScenario. With it, the run goes in
 * slices of events so that it can pause while the history file drains: one synchronous run
 * would pile every line of a million-operation history up in memory first.
 */
import { Simulation, runScenario } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import type { Report } from "../engine/views";
import type { HistorySink } from "./historySink";

const EVENTS_PER_SLICE = 1024;

export async function simulate(scenario: Scenario, sink: HistorySink | null): Promise<Report> {
  if (sink === null) return runScenario(scenario);
  const sim = new Simulation(scenario, { onHistory: (event) => sink.push(event) });
  // As runScenario converts it: the engine's clock is integer µs.
  const endUs = Math.round(scenario.durationMs * 1000);
  // runUntil stops early after maxEvents and sets the clock to endUs only once it is through.
  while (sim.runUntil(endUs, EVENTS_PER_SLICE) === EVENTS_PER_SLICE) {
    if (sink.mustWait) await sink.wait();
  }
  return sim.finish();
}
