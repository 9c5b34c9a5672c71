/*
 * Runs a scenario to its end (or, for --at, to a moment), in slices (slicedRun.ts): between two
 * slices the history file drains, the progress line moves on and a signal can stop the run.
 * Ctrl-C (SIGINT) ends the run where it is and still gives its report (history closed by
 * finish(), as at a normal end); SIGTERM ends it with no report, at once.
 */
import { Simulation } from "../engine/index";
import { msToUs } from "../engine/core/units";
import type { Scenario } from "../engine/scenario/schema";
import type { Report, Snapshot } from "../engine/views";
import type { HistorySink } from "./historySink";
import { runSliced, type StopSignal } from "./slicedRun";
import { bigCount, Progress, type ProgressOutput, type RunPlan } from "./progress";
import { estimateEvents } from "./eventEstimate";

export interface RunControl {
  /** wall clock, ms */
  now(): number;
  /** a signal asked the run to stop, or null */
  stopRequested(): StopSignal | null;
  /** where progress goes (stderr), or null for none (--no-progress) */
  progress: ProgressOutput | null;
}

/** What a run came to: its result (null when SIGTERM stopped it) and the signal that stopped it, if any. */
export interface Outcome<T> {
  value: T | null;
  stopped: StopSignal | null;
  reachedUs: number;
}

export async function simulate(scenario: Scenario, sink: HistorySink | null, control: RunControl): Promise<Outcome<Report>> {
  // As runScenario converts it: the engine's clock is integer µs.
  const { sim, stopped } = await runTo(scenario, sink, msToUs(scenario.durationMs), control);
  return { value: stopped === "SIGTERM" ? null : sim.finish(), stopped, reachedUs: sim.nowUs };
}

/**
 * The state at `atUs` of virtual time: every event up to that µs processed, the clock there (as
 * the page's Timeline shows a moment). The history, if asked for, holds what happened until then.
 */
export async function simulateMoment(scenario: Scenario, sink: HistorySink | null, atUs: number,
  control: RunControl): Promise<Outcome<Snapshot>> {
  const { sim, stopped } = await runTo(scenario, sink, atUs, control);
  return { value: stopped === "SIGTERM" ? null : sim.snapshot(), stopped, reachedUs: sim.nowUs };
}

async function runTo(scenario: Scenario, sink: HistorySink | null, endUs: number,
  control: RunControl): Promise<{ sim: Simulation; stopped: StopSignal | null }> {
  const sim = new Simulation(scenario, sink === null ? undefined : { onHistory: (event) => sink.push(event) });
  const progress = control.progress === null ? null : new Progress(control.progress, control.now, runPlan(scenario, endUs));
  const stopped = await runSliced(sim, endUs, {
    now: control.now,
    onSlice: progress === null ? undefined : (s) => progress.update(s.nowUs, s.eventsProcessed),
    stopRequested: control.stopRequested,
    mustWait: () => sink?.mustWait ?? false,
    wait: () => sink!.wait(),
  });
  progress?.finish(stopped === null ? { how: "done" } : { how: "stopped", signal: stopped }, sim.nowUs, sim.eventsProcessed);
  return { sim, stopped };
}

/** The events the run will take: the scenario's estimate, in proportion for a moment before or past its end. */
function runPlan(scenario: Scenario, endUs: number): RunPlan {
  const estimate = estimateEvents(scenario);
  const share = endUs / Math.max(1, msToUs(scenario.durationMs));
  return {
    endUs: Math.max(1, endUs),
    events: Math.max(1, Math.ceil(estimate.events * share)),
    what: `${bigCount(estimate.writes * share)} writes to 1 + ${estimate.replicas} nodes, ${bigCount(estimate.reads * share)} reads`,
  };
}
