import type { Scenario } from "./schema";

/**
 * Room to reserve for a scenario's writes: its workload rate over its duration plus its scripted
 * writes, as a power of two between 1,024 and 262,144 (past that, tables grow as they fill: a
 * long run in the page must not reserve hundreds of MB up front).
 */
export function expectedWrites(scenario: Scenario): number {
  const w = scenario.workload;
  const running = Math.max(0, Math.min(scenario.durationMs, w.stopMs ?? Infinity) - w.startMs) / 1000;
  const n = w.writesPerSec * running + scenario.actions.length;
  let cap = 1024;
  while (cap < n && cap < 262_144) cap *= 2;
  return cap;
}
