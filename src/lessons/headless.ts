/*
 * Plays a lesson headless against the engine, with the lesson's own actions (each "do" step's
 * action, each "your turn" step's solution, each prediction's declared answer), and checks what
 * the lesson claims: every condition must hold within its time bound and every prediction's
 * declared answer must be the one the run proves. `npm run lesson -- NAME` and the Vitest suite
 * call it, so a lesson can never claim what the simulation does not do.
 */
import { parseScenario, Simulation } from "../engine";
import { actionSchema } from "../engine/scenario/schema";
import type { Command } from "../engine/views";
import { describe } from "./conditions";
import { LessonMachine } from "./machine";
import { isWait, type Lesson, type LessonCommand, type Step } from "./schema";
import { fill } from "./template";

/** Virtual time between two looks at the state while a step runs: the page looks about this often at a lesson's speed. */
export const CHECK_EVERY_US = 2_000;

export interface StepResult {
  index: number;
  kind: Step["kind"];
  title: string;
  status: "done" | "timed-out" | "failed";
  atMs: number;
  /** predict: the choice the run proved right */
  outcome?: number | null;
  message?: string;
}

export interface PlayResult {
  lesson: string;
  ok: boolean;
  problems: string[];
  steps: StepResult[];
  /** the summary table, every mark filled in */
  summary: { columns: string[]; rows: string[][] };
  virtualMs: number;
}

/** Problems with a lesson's scenario and commands, as the engine sees them (the page checks them in the worker). */
export function engineProblems(lesson: Lesson, file: string): string[] {
  const problems: string[] = [];
  const parsed = parseScenario(lesson.scenario);
  if (!parsed.ok) for (const e of parsed.errors) problems.push(`${file}: scenario.${e.path}: ${e.message}`);
  lesson.steps.forEach((step, i) => {
    for (const cmd of commandsOf(step)) {
      const r = actionSchema.safeParse({ ...cmd, atMs: 0 });
      if (!r.success) problems.push(`${file}: step ${i + 1} (${step.kind}): action ${r.error.issues[0]!.path.join(".")}: ${r.error.issues[0]!.message}`);
    }
  });
  return problems;
}

function commandsOf(step: Step): LessonCommand[] {
  if (step.kind === "do") return [step.action];
  if (step.kind === "your-turn") return step.solution.filter((item) => !isWait(item)) as LessonCommand[];
  if (step.kind === "predict" && step.action) return [step.action];
  return [];
}

/**
 * A student who does nothing: at your-turn step `step` the run goes on for `forMs` without the
 * solution, and the play stops there. A goal the run reaches alone is no goal (test/lessons).
 */
export interface Idle { step: number; forMs: number; }

export function playLesson(lesson: Lesson, file = `${lesson.name}.json`, idle: Idle | null = null): PlayResult {
  const problems = engineProblems(lesson, file);
  const empty = { columns: lesson.summary.columns, rows: [] };
  if (problems.length > 0) return { lesson: lesson.name, ok: false, problems, steps: [], summary: empty, virtualMs: 0 };
  const parsed = parseScenario(lesson.scenario);
  if (!parsed.ok) throw new Error("unreachable: checked above");
  const sim = new Simulation(parsed.scenario);
  const machine = new LessonMachine(lesson);
  const steps: StepResult[] = [];
  machine.observe(sim.snapshot(0, { omitInFlight: true }));
  for (let i = 0; i < lesson.steps.length; i++) {
    machine.enter(i, sim.nowUs);
    const step = lesson.steps[i]!;
    if (idle?.step === i && step.kind === "your-turn") {
      steps.push(finishRun(sim, machine, { ...step, withinMs: idle.forMs }, { index: i, kind: step.kind, title: step.title }, () => null));
      break;
    }
    const result = playStep(sim, machine, step, i);
    steps.push(result);
    if (result.status !== "done") problems.push(`${file}: step ${i + 1} (${result.kind}) "${result.title}": ${result.message}`);
  }
  const summary = { columns: lesson.summary.columns, rows: lesson.summary.rows.map((row) => row.map((cell) => fill(cell, machine.marks))) };
  for (const [name, mark] of machine.marks) if (mark.value === null) problems.push(`${file}: mark ${name} recorded no number`);
  return { lesson: lesson.name, ok: problems.length === 0, problems, steps, summary, virtualMs: sim.nowUs / 1000 };
}

function playStep(sim: Simulation, machine: LessonMachine, step: Step, index: number): StepResult {
  const base = { index, kind: step.kind, title: step.title };
  const at = () => sim.nowUs / 1000;
  switch (step.kind) {
    case "narration":
      return { ...base, status: "done", atMs: at() };
    case "do": {
      const failure = apply(sim, step.action);
      if (failure) return { ...base, status: "failed", atMs: at(), message: failure };
      machine.observe(sim.snapshot(machine.logSince, { omitInFlight: true }));
      const ok = machine.commandApplied(step.action);
      return ok ? { ...base, status: "done", atMs: at() }
        : { ...base, status: "failed", atMs: at(), message: "the step's own action does not match what it waits for" };
    }
    case "predict":
      machine.choose(step.answer, sim.nowUs);
      if (step.action) {
        const failure = apply(sim, step.action);
        if (failure) return { ...base, status: "failed", atMs: at(), message: failure };
      }
      return finishRun(sim, machine, step, base, (outcome) => outcome === step.answer ? null
        : `the lesson says choice ${step.answer + 1} ("${step.choices[step.answer]!.text}"), the run proved ${outcome === null ? "none of the choices" : `choice ${outcome + 1} ("${step.choices[outcome]!.text}")`}`);
    case "observe":
      return finishRun(sim, machine, step, base, () => null);
    case "your-turn":
      for (const item of step.solution) {
        if (isWait(item)) {
          runFor(sim, machine, item.waitMs * 1000);
          continue;
        }
        const failure = apply(sim, item as LessonCommand);
        if (failure) return { ...base, status: "failed", atMs: at(), message: failure };
      }
      return finishRun(sim, machine, step, base, () => null);
  }
}

function apply(sim: Simulation, cmd: LessonCommand): string | null {
  try {
    sim.command(cmd as Command);
    return null;
  } catch (err) {
    return `action ${JSON.stringify(cmd)} was refused: ${err instanceof Error ? err.message : String(err)}`;
  }
}

type Base = Pick<StepResult, "index" | "kind" | "title">;

/** Run until the step's condition holds (or its bound passes), then judge the outcome. */
function finishRun(sim: Simulation, machine: LessonMachine, step: Extract<Step, { until: unknown }>, base: Base,
  judge: (outcome: number | null) => string | null): StepResult {
  const deadline = sim.nowUs + step.withinMs * 1000 + CHECK_EVERY_US;
  // A condition may already hold at the step's start.
  let done = machine.observe(sim.snapshot(machine.logSince, { omitInFlight: true }));
  while (!done && sim.nowUs < deadline) {
    sim.runUntil(sim.nowUs + CHECK_EVERY_US);
    done = machine.observe(sim.snapshot(machine.logSince, { omitInFlight: true }));
  }
  const atMs = sim.nowUs / 1000;
  if (machine.state.status !== "done") {
    return { ...base, status: "timed-out", atMs, message: `"${describe(step.until)}" did not hold within ${step.withinMs} ms` };
  }
  const problem = judge(machine.state.outcome);
  return problem ? { ...base, status: "failed", atMs, outcome: machine.state.outcome, message: problem }
    : { ...base, status: "done", atMs, ...(step.kind === "predict" ? { outcome: machine.state.outcome } : {}) };
}

/** Let virtual time pass (a pause in a solution), looking at the state as the page would. */
function runFor(sim: Simulation, machine: LessonMachine, us: number): void {
  const until = sim.nowUs + us;
  while (sim.nowUs < until) {
    sim.runUntil(Math.min(until, sim.nowUs + CHECK_EVERY_US));
    machine.observe(sim.snapshot(machine.logSince, { omitInFlight: true }));
  }
}
