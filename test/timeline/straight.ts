/*
 * A moment reached without checkpoints, for tests that compare seeks with it: the log's commands
 * replayed from the start, then single steps.
 */
import { Simulation } from "../../src/engine";
import type { Scenario } from "../../src/engine/scenario/schema";
import { commandsBefore, type Moment } from "../../src/timeline/checkpoints";
import type { AppliedCommand } from "../../src/worker/protocol";
import { Run } from "../../src/worker/run";

export function straightRun(scenario: Scenario, log: readonly AppliedCommand[], t: Moment): Run {
  const run = new Run(new Simulation(scenario));
  const todo = commandsBefore(log, t);
  if (t.untilUs !== undefined) run.replay({ log: todo, untilUs: t.untilUs, untilEvents: t.events });
  else {
    const last = todo[todo.length - 1];
    if (last) run.replay({ log: todo, untilUs: last.atUs, untilEvents: last.events });
    while (run.events < t.events && run.step()) { /* one event at a time */ }
  }
  return run;
}
