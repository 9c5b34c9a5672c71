import type { Scenario } from "./schema";

type Workload = Scenario["workload"];

/**
 * The writes a scenario asks for: its scripted writes, and its workload's rate over the time the
 * workload runs, as the scenario's `workload` actions change it (an action's patch applies from
 * its time on, and the workload runs from max(that time, startMs) to stopMs or the end, as
 * Clients.changeWorkload restarts it). An estimate: arrivals are random, and commands sent
 * while running (the page) are not in the scenario.
 */
export function plannedWrites(scenario: Scenario): number {
  return plannedOperations(scenario).writes;
}

/** The writes and reads a scenario asks for, counted as plannedWrites says (reads the same way). */
export function plannedOperations(scenario: Scenario): { writes: number; reads: number } {
  const end = scenario.durationMs;
  let workload: Workload = scenario.workload;
  let from = 0;
  const total = { writes: 0, reads: 0 };
  const addWorkload = (to: number) => {
    const running = workloadRunningMs(workload, from, to);
    total.writes += (workload.writesPerSec * running) / 1000;
    total.reads += (workload.readsPerSec * running) / 1000;
  };
  // Actions run in atMs order, ties in file order (a stable sort keeps that).
  const actions = [...scenario.actions].sort((a, b) => a.atMs - b.atMs);
  for (const action of actions) {
    if (action.atMs > end) break;
    if (action.op === "write") total.writes++;
    if (action.op === "read") total.reads++;
    if (action.op !== "workload") continue;
    addWorkload(action.atMs);
    const patch = Object.fromEntries(Object.entries(action.workload).filter(([, v]) => v !== undefined));
    workload = { ...workload, ...patch };
    from = action.atMs;
  }
  addWorkload(end);
  return total;
}

/** How long the workload runs in [from, to) ms. */
function workloadRunningMs(w: Workload, from: number, to: number): number {
  return Math.max(0, Math.min(to, w.stopMs ?? Infinity) - Math.max(from, w.startMs));
}

/**
 * Room to reserve for a scenario's writes, as a power of two between 1,024 and 262,144 (past
 * that, tables grow as they fill: a long run in the page must not reserve hundreds of MB up front).
 */
export function expectedWrites(scenario: Scenario): number {
  const n = plannedWrites(scenario);
  let cap = 1024;
  while (cap < n && cap < 262_144) cap *= 2;
  return cap;
}
