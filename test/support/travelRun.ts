/** A busy run of the built-in cluster for time-travel tests, driven as the worker's pacer drives it. */
import { parseScenario } from "../../src/engine/scenario/validate";
import type { Scenario } from "../../src/engine/scenario/schema";
import { DEFAULT_SCENARIO } from "../../src/worker/defaultScenario";
import type { Travel } from "../../src/worker/travel";

export function busyScenario(name: string = DEFAULT_SCENARIO.name): Scenario {
  const parsed = parseScenario({ ...DEFAULT_SCENARIO, name, workload: { writesPerSec: 300, readsPerSec: 100, readFrom: "replicas" } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

/** Drive the live run like the pacer: uneven chunks, the travel told after each. */
export function play(travel: Travel, untilUs: number): void {
  let chunk = 13;
  while (travel.liveRun.nowUs < untilUs) {
    travel.liveRun.runUntil(Math.min(untilUs, travel.liveRun.nowUs + 9_731), chunk);
    travel.advanced();
    chunk = (chunk * 7) % 97 + 1;
  }
}
