/** One point of a sweep, run to its end in this thread: the same path as `npm run sim` (parseScenario, then the engine). */
import { runScenario } from "../engine/index";
import { parseScenario } from "../engine/scenario/validate";
import { metricsOf, type RunMetrics } from "./metrics";

export type PointResult = { ok: true; metrics: RunMetrics } | { ok: false; message: string };

export function runPoint(scenario: unknown): PointResult {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return { ok: false, message: parsed.errors.map((e) => (e.path === "" ? e.message : `${e.path}: ${e.message}`)).join("; ") };
  try {
    return { ok: true, metrics: metricsOf(runScenario(parsed.scenario)) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}
