/*
 * The engine's public face: the Simulation (driven step by step by the worker and the tests)
 * and runScenario (a whole run, for the CLI). Everything else in src/engine is internal.
 */
import type { SimulationOptions } from "./api";
import { msToUs } from "./core/units";
import type { Scenario } from "./scenario/schema";
import { Sim } from "./simulation";
import type { Report } from "./views";

export { Sim as Simulation };
export { CommandError } from "./api";
export { Checkpoint, CheckpointError, restoreSimulation } from "./checkpoint";
export { parseStandbyNames } from "./commit/standbyNames";
export { parseScenario } from "./scenario/validate";
export type { SimulationApi, SimulationOptions } from "./api";

export function runScenario(scenario: Scenario, options?: SimulationOptions): Report {
  const sim = new Sim(scenario, options);
  sim.runUntil(msToUs(scenario.durationMs));
  return sim.finish();
}
