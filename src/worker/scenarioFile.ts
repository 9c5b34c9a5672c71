/*
 * Turning a run back into a scenario file: for "Copy scenario" (the run as it happened, commands
 * as timed actions) and for "Reset" (a new run with the same settings). Pure data.
 */
import type { Action, Scenario } from "../engine/scenario/schema";
import type { Command } from "../engine/views";
import type { AppliedCommand } from "./protocol";
import { INPUT_LIMITS } from "../engine/scenario/inputShape";

/** The largest scenario file the page reads (the CLI's limit too), checked before reading it. */
export const MAX_SCENARIO_FILE_BYTES = INPUT_LIMITS.fileBytes;

/** Commands that change how the cluster is set up, as opposed to things that happen in it. */
const SETTING_OPS: ReadonlySet<Command["op"]> = new Set(["configure", "set", "set-failover", "add-replica", "remove-replica", "workload", "set-link"]);

export function isSetting(cmd: Command): boolean {
  return SETTING_OPS.has(cmd.op);
}

function asAction(cmd: Command, atMs: number): Action {
  return { ...cmd, atMs } as Action;
}

/** Merge timed actions into the scenario's own, keeping the scenario's first on equal times. */
function withActions(scenario: Scenario, extra: Action[]): Scenario {
  const tagged = [
    ...scenario.actions.map((a, i) => ({ a, order: i })),
    ...extra.map((a, i) => ({ a, order: scenario.actions.length + i })),
  ];
  tagged.sort((x, y) => x.a.atMs - y.a.atMs || x.order - y.order);
  return { ...scenario, actions: tagged.map((t) => t.a) };
}

/** The run as a scenario: every command the user gave becomes an action at its virtual time. */
export function scenarioWithCommands(scenario: Scenario, log: readonly AppliedCommand[]): Scenario {
  return withActions(scenario, log.map((e) => asAction(e.cmd, e.atUs / 1000)));
}

/** A fresh run with the same settings: setting commands move to time 0, events are dropped. */
export function scenarioForReset(scenario: Scenario, log: readonly AppliedCommand[], seed: number): Scenario {
  const settings = log.filter((e) => isSetting(e.cmd)).map((e) => asAction(e.cmd, 0));
  return { ...withActions(scenario, settings), seed };
}

/** The workload in force at nowUs: the scenario's, changed by its workload actions and the
 *  workload commands applied so far, in time order (the snapshot does not carry it). */
export function currentWorkload(scenario: Scenario, log: readonly AppliedCommand[], nowUs: number): Scenario["workload"] {
  const changes: { atUs: number; order: number; workload: Partial<Scenario["workload"]> }[] = [];
  scenario.actions.forEach((a, i) => {
    if (a.op === "workload") changes.push({ atUs: a.atMs * 1000, order: i, workload: a.workload });
  });
  log.forEach((e, i) => {
    if (e.cmd.op === "workload") changes.push({ atUs: e.atUs, order: scenario.actions.length + i, workload: e.cmd.workload });
  });
  changes.sort((x, y) => x.atUs - y.atUs || x.order - y.order);
  let workload = scenario.workload;
  for (const change of changes) {
    if (change.atUs <= nowUs) workload = { ...workload, ...definedOnly(change.workload) };
  }
  return workload;
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
