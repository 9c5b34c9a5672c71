/*
 * The lesson runner's heart, shared by the headless player (headless.ts) and the page's lesson
 * panel: which step we are on, whether it is done, what the student chose, which marks the run
 * recorded. It is fed snapshots and applied commands and answers what the driver should do
 * (keep the run going or hold it); it never touches the engine or the worker itself.
 */
import type { Snapshot } from "../engine/views";
import { holds } from "./conditions";
import { parsePath, readPath, resolveShape, VIEW_SHAPE } from "./fields";
import type { Lesson, LessonCommand, Step } from "./schema";
import type { MarkValue } from "./template";
import { lessonView, LogTally, type LessonView } from "./view";

export type StepStatus =
  /** the student has something to do (a control to use, a choice to make, a goal to reach) */
  | "waiting"
  /** the run goes on until the step's condition holds */
  | "running"
  | "done"
  /** the condition did not hold within the step's time bound */
  | "timed-out";

export interface StepState {
  index: number;
  status: StepStatus;
  startUs: number;
  /** predict: the student's choice, then the choice the run proved right (null: none held) */
  chosen: number | null;
  outcome: number | null;
}

/** Should the run move now? Narration and "do" hold it; observing and a free goal let it go. */
export function runsNow(step: Step, state: StepState): boolean {
  return state.status === "running" || (step.kind === "your-turn" && state.status === "waiting");
}

/**
 * Where the page's run should stop by itself once a step's run begins, in virtual ms from its start:
 * a step that watches for a span of time ("step.elapsedMs >= 3000") ends exactly there, as it does
 * headless, whatever the page's frame rate; any other timed step stops just past its bound (so it
 * times out there rather than running on). A goal for the student ("your-turn") has no end.
 */
export function stopAfterMs(step: Step, slackMs: number): number | null {
  if (step.kind !== "observe" && step.kind !== "predict") return null;
  const u = step.until;
  if ("field" in u && u.field === "step.elapsedMs" && u.is === ">=" && typeof u.value === "number") return u.value;
  return step.withinMs + slackMs + 1;
}

export class LessonMachine {
  private tally = new LogTally();
  /** the log seq the next snapshot should start after (headless asks the engine for entries after it) */
  get logSince(): number { return this.tally.since; }
  readonly marks = new Map<string, MarkValue>();
  private markNumbers = new Map<string, number>();
  state: StepState;
  private lastView: LessonView | null = null;
  /** the latest snapshot's latency histogram, and the one when the step (or its run) began */
  private lastCounts: readonly number[] = [];
  private startCounts: readonly number[] = [];

  /** `timeoutSlackMs`: extra virtual time before a step times out (the page sees the run a frame late). */
  constructor(readonly lesson: Lesson, index = 0, nowUs = 0, private readonly timeoutSlackMs = 0) {
    this.state = this.fresh(index, nowUs);
  }

  get step(): Step { return this.lesson.steps[this.state.index]!; }
  get atEnd(): boolean { return this.state.index === this.lesson.steps.length - 1; }
  get view(): LessonView | null { return this.lastView; }

  /** Marks recorded before a step the run was rewound to (the page's Back). */
  restoreMarks(marks: ReadonlyMap<string, MarkValue>): void {
    this.marks.clear();
    this.markNumbers.clear();
    for (const [name, mark] of marks) {
      this.marks.set(name, mark);
      if (mark.value !== null) this.markNumbers.set(name, mark.value);
    }
  }

  /** What the run had counted at the step the run was rewound to (the page's Back): a copy is kept. */
  restoreTally(tally: LogTally): void {
    this.tally = tally.copy();
  }

  /** A copy of the log counts so far (kept with each step, for Back). */
  tallyCopy(): LogTally {
    return this.tally.copy();
  }

  /** Take in the snapshot of the moment the machine starts at, without judging the step: its log and
   *  its latency histogram are "before the step" (the step's own figures count from here). */
  prime(snap: Snapshot): void {
    this.tally.add(snap.log, snap.nowUs);
    this.lastCounts = snap.latency.counts;
    this.startCounts = snap.latency.counts;
  }

  /** Enter step `index` at virtual time nowUs. */
  enter(index: number, nowUs: number): void {
    this.state = this.fresh(index, nowUs);
    this.startCounts = this.lastCounts;
  }

  private fresh(index: number, nowUs: number): StepState {
    const step = this.lesson.steps[index]!;
    const status: StepStatus = step.kind === "narration" ? "done" : step.kind === "observe" ? "running" : "waiting";
    return { index, status, startUs: nowUs, chosen: null, outcome: null };
  }

  /**
   * The step's run begins at this snapshot, where the held run really stopped (the page learns it a
   * frame or more after holding it): the step's time and its figures count from here.
   */
  startAt(snap: Snapshot): void {
    this.state = { ...this.state, startUs: snap.nowUs };
    this.lastCounts = snap.latency.counts;
    this.startCounts = snap.latency.counts;
  }

  /** A predict step: the student's answer; the run then goes on until the question is settled. */
  choose(choice: number, nowUs: number): void {
    if (this.step.kind !== "predict" || this.state.status !== "waiting") return;
    this.state = { ...this.state, chosen: choice, status: "running", startUs: nowUs };
    this.startCounts = this.lastCounts;
  }

  /** A command the run applied (the student's click, or the lesson's own). True when it completes a "do" step. */
  commandApplied(cmd: LessonCommand): boolean {
    const step = this.step;
    if (step.kind !== "do" || this.state.status !== "waiting" || !matches(step, cmd)) return false;
    this.complete("done");
    return true;
  }

  /** Feed the latest snapshot. True when it completed the step. */
  observe(snap: Snapshot): boolean {
    this.tally.add(snap.log, snap.nowUs);
    this.lastCounts = snap.latency.counts;
    const view = lessonView(snap, this.tally, { atUs: this.state.startUs, latencyCounts: this.startCounts });
    this.lastView = view;
    const step = this.step;
    if (step.kind !== "observe" && step.kind !== "predict" && step.kind !== "your-turn") return false;
    const active = this.state.status === "running" || (step.kind === "your-turn" && this.state.status === "waiting");
    if (!active) return false;
    if (holds(step.until, view, this.markNumbers)) {
      if (step.kind === "predict") {
        const i = step.choices.findIndex((c) => holds(c.when, view, this.markNumbers));
        this.state = { ...this.state, outcome: i < 0 ? null : i };
      }
      this.complete("done");
      return true;
    }
    if (step.kind !== "your-turn" && view.step.elapsedMs > step.withinMs + this.timeoutSlackMs) {
      this.complete("timed-out");
      return true;
    }
    return false;
  }

  /** How long the current step may still run, in virtual µs (headless uses it as a bound). */
  boundUs(): number {
    const step = this.step;
    return "withinMs" in step ? step.withinMs * 1000 : 0;
  }

  private complete(status: "done" | "timed-out"): void {
    this.state = { ...this.state, status };
    const step = this.step;
    if (step.kind === "narration" || !step.mark || !this.lastView) return;
    for (const mark of step.mark) this.record(mark.name, mark.field, this.lastView);
  }

  private record(name: string, field: string, view: LessonView): void {
    const shape = resolveShape(VIEW_SHAPE, field);
    const unit = typeof shape !== "string" && shape.kind === "number" ? shape.unit : "none";
    const value = readNumber(view, field);
    this.marks.set(name, { value, unit });
    if (value !== null) this.markNumbers.set(name, value);
  }
}

function readNumber(view: LessonView, field: string): number | null {
  const parts = parsePath(field);
  const value = typeof parts === "string" ? undefined : readPath(view, parts);
  return typeof value === "number" ? value : null;
}

/** Does a command the run applied do what the "do" step asks? Its op, and the fields the step names (default: node, between). */
export function matches(step: Extract<Step, { kind: "do" }>, cmd: LessonCommand): boolean {
  const fields = step.match ?? ["op", "node", "between"];
  const want = step.action as Record<string, unknown>;
  const got = cmd as Record<string, unknown>;
  return fields.every((f) => !Object.hasOwn(want, f) || sameJson(want[f], Object.hasOwn(got, f) ? got[f] : undefined));
}

function sameJson(a: unknown, b: unknown): boolean {
  // A link is the same link whichever end is named first.
  if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2) {
    return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
