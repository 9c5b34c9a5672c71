/*
 * The page's lesson driver: the same LessonMachine the headless player uses, fed by the worker's
 * snapshots and applied commands (through the lab store), acting through the same commands a
 * student's clicks send. It holds the run while a step waits for the student and lets it go while
 * a step observes. Back goes to the moment the earlier step began with the worker's time travel
 * (an exact seek: events, time and commands in force); when the lesson goes on from there, the run
 * plays on from that moment on a new branch (the old future is kept, as every fork is). A link to a
 * step plays the lesson's own actions up to it, quickly.
 */
import { LessonMachine, runsNow, stopAfterMs } from "../../lessons/machine";
import { isWait, type Lesson, type LessonCommand } from "../../lessons/schema";
import type { MarkValue } from "../../lessons/template";
import type { LogTally } from "../../lessons/view";
import type { CommandInput } from "../../worker/protocol";
import type { Snapshot } from "../../engine/views";
import { sameMoment, type Point } from "../../timeline/moment";
import { playHere, runFor, seekMoment, sendCommand, sentToWorker, setPaused, setSpeed, startScenario, stopAfter } from "../controls/lab";
import { labStore, type LabState } from "../store";
import { lessonStore } from "./lessonStore";
import { withDone, withStop, writeProgress } from "./progress";

/** Where a step began: the moment on the run's timeline, and what the lesson had recorded by then. */
interface Checkpoint {
  at: Point;
  marks: Map<string, MarkValue>;
  tally: LogTally;
  /** A step that holds the run begins where the run stopped, which the worker confirms a snapshot
   *  or two after the step opened: until then `at` follows the held run (see settle). */
  settling: { since: Snapshot } | null;
}

/** Virtual ms per wall ms while playing the lesson's own actions up to a linked step: fast, yet a
 *  frame (about 80 virtual ms) stays well inside the lessons' time bounds. */
const FAST_SPEED = 5;
/** The page sees the run once a frame, so a step's time bound gets this much slack (virtual ms):
 *  a late snapshot must not time a step out that the run reached in time. */
const TIMEOUT_SLACK_MS = 500;

let machine: LessonMachine | null = null;
let checkpoints: Checkpoint[] = [];
let seenCommands = 0;
/** the run we asked for and are waiting to see start, or the moment a Back is seeking */
type Pending =
  | { kind: "start"; lesson: Lesson; armed: boolean }
  | { kind: "seek"; lesson: Lesson; index: number; cp: Checkpoint;
      /** the lesson as it was, kept in case the worker refuses the seek */
      before: { machine: LessonMachine; checkpoints: Checkpoint[] };
      /** the newest failure when Back was pressed: a newer "timeline" one is the refusal */
      lastFailure: unknown };
let pending: Pending | null = null;
/** play the lesson's own actions until this step (a link to a step) */
let fastTo: number | null = null;
/** "Show me" already played this step's solution (the autopilot plays it once) */
let solutionPlayed = false;
/*
 * Holding and releasing the run exactly. The page sees the run a frame (or, on a loaded machine,
 * many frames) late, so "pause" stops the worker later than the snapshot that asked for it. A step
 * that then runs counts its time and figures from where the run really stopped: the first snapshot
 * the worker posted after reading the pause (its `received` count), not the last one on screen.
 */
/** messages sent to the worker when the driver last held the run */
let heldAt = 0;
/** the driver let the run go for the current step */
let released = false;
/** a step's run waits for the snapshot of where the held run stopped */
let startWaits = false;
let unsubscribe: (() => void) | null = null;

export function startLesson(lesson: Lesson, atStep = 0): void {
  ensureSubscribed();
  solutionPlayed = false;
  machine = null;
  checkpoints = [];
  fastTo = atStep > 0 ? Math.min(atStep, lesson.steps.length - 1) : null;
  pending = { kind: "start", lesson, armed: false };
  lessonStore.setState({ lesson, step: null, marks: new Map(), finished: false, overlay: "none",
    busy: fastTo !== null ? `Playing the lesson up to step ${fastTo + 1}…` : "Starting the lesson…" });
  startScenario(lesson.scenario, { speed: fastTo !== null ? FAST_SPEED : lesson.speed, paused: true });
  heldAt = sentToWorker();
  released = false;
  startWaits = false;
}

export function closeLesson(): void {
  if (released || startWaits) stopAfter(null);
  released = false;
  startWaits = false;
  machine = null;
  pending = null;
  fastTo = null;
  lessonStore.setState({ lesson: null, step: null, finished: false, busy: null });
}

export function next(): void {
  if (!machine || !done()) return;
  if (machine.atEnd) return finish();
  enter(machine.state.index + 1);
}

export function back(): void {
  const m = machine;
  if (!m || pending) return;
  const lesson = lessonStore.getState().lesson;
  const finished = lessonStore.getState().finished;
  const target = finished ? m.state.index : m.state.index - 1;
  const cp = checkpoints[target];
  if (!lesson || target < 0 || !cp) return;
  solutionPlayed = false;
  fastTo = null;
  pending = { kind: "seek", lesson, index: target, cp, before: { machine: m, checkpoints }, lastFailure: labStore.getState().failures.at(-1) };
  checkpoints = checkpoints.slice(0, target + 1);
  machine = null;
  lessonStore.setState({ busy: `Going back to step ${target + 1}…`, finished: false });
  seekMoment(cp.at);
}

export function restartLesson(): void {
  const lesson = lessonStore.getState().lesson;
  if (lesson) startLesson(lesson, 0);
}

/** A predict step: the student's answer. */
export function choose(choice: number): void {
  const m = machine;
  const step = m?.step;
  if (!m || step?.kind !== "predict") return;
  m.choose(choice, labStore.getState().snapshot?.nowUs ?? 0);
  if (step.action) sendCommand(step.action as CommandInput);
  sync();
}

/** "Show me": the lesson's own action for a do step, or its solution for a goal. */
export function showMe(): void {
  const step = machine?.step;
  if (!step) return;
  if (step.kind === "do") sendCommand(step.action as CommandInput);
  else if (step.kind === "your-turn") playSolution(step.solution);
}

/** The solution's commands in order, its waits in the run's own time (the worker runs them before
 *  the next command): "write, wait 5 ms, read" is 5 virtual ms on any machine, as headless. */
function playSolution(items: readonly (LessonCommand | { waitMs: number })[]): void {
  solutionPlayed = true;
  for (const item of items) {
    if (isWait(item)) runFor(item.waitMs * 1000);
    else sendCommand(item as CommandInput);
  }
}

function done(): boolean {
  const status = machine?.state.status;
  return status === "done" || status === "timed-out";
}

function enter(index: number): void {
  const m = machine;
  const lab = labStore.getState();
  if (!m || !lab.snapshot) return;
  solutionPlayed = false;
  m.enter(index, lab.snapshot.nowUs);
  if (lab.travel) checkpoints[index] = checkpointHere(m, lab);
  saveProgress((p) => withStop(p, m.lesson.name, index));
  m.observe(lab.snapshot);
  sync();
}

function finish(): void {
  const m = machine;
  if (!m) return;
  hold();
  saveProgress((p) => withStop(withDone(p, m.lesson.name), m.lesson.name, null));
  lessonStore.setState({ finished: true, marks: new Map(m.marks) });
}

function saveProgress(change: (p: ReturnType<typeof lessonStore.getState>["progress"]) => ReturnType<typeof lessonStore.getState>["progress"]): void {
  const progress = change(lessonStore.getState().progress);
  lessonStore.setState({ progress });
  writeProgress(progress);
}

/** Publish the machine's state and hold or release the run as the step says. */
function sync(): void {
  const m = machine;
  if (!m) return;
  lessonStore.setState({ step: { ...m.state }, marks: new Map(m.marks) });
  // Said every time, not only when the store disagrees: a snapshot posted before the last
  // pause/resume arrived may still carry the old state.
  const runs = runsNow(m.step, m.state);
  if (!runs) hold();
  else if (labStore.getState().travel?.past) {
    // After Back the view is in the past: the run plays on from there (an exact moment), not from its old live end.
    startWaits = false;
    released = true;
    playHere();
  } else if (!released) {
    startWaits = true;
    beginWhenSettled(labStore.getState());
  }
  autopilot();
}

/** Hold the run. Said every time, not only when the store disagrees: a snapshot posted before
 *  the last pause/resume arrived may still carry the old state. */
function hold(): void {
  released = false;
  startWaits = false;
  setPaused(true);
  heldAt = sentToWorker();
}

/** Let the step's run go, from the moment the worker says the held run stopped at, with the step's own end. */
function beginWhenSettled(s: LabState): void {
  const m = machine;
  if (!startWaits || !m || !s.snapshot || s.received < heldAt || !runsNow(m.step, m.state)) return;
  startWaits = false;
  released = true;
  m.startAt(s.snapshot);
  const stop = stopAfterMs(m.step, TIMEOUT_SLACK_MS);
  stopAfter(stop === null ? null : stop * 1000);
  setPaused(false);
}

function checkpointHere(m: LessonMachine, lab: LabState): Checkpoint {
  const held = !runsNow(m.step, m.state);
  return { at: lab.travel!.at, marks: new Map(m.marks), tally: m.tallyCopy(), settling: held && lab.snapshot ? { since: lab.snapshot } : null };
}

/** A held step's moment is where the run stopped: the first snapshot the worker sends paused, with no command since. */
function settle(s: LabState): void {
  const m = machine;
  const cp = m ? checkpoints[m.state.index] : undefined;
  if (!cp?.settling || !s.travel || !s.snapshot || s.snapshot === cp.settling.since) return;
  if (s.travel.at.commands !== cp.at.commands || s.travel.past) {
    cp.settling = null;
    return;
  }
  cp.at = s.travel.at;
  if (s.paused) cp.settling = null;
}

/** Fast-forward to a linked step: do what the lesson itself would do, step by step. */
function autopilot(): void {
  const m = machine;
  if (!m || fastTo === null) return;
  const lesson = m.lesson;
  if (m.state.index >= fastTo) {
    fastTo = null;
    setSpeed(lesson.speed);
    lessonStore.setState({ busy: null });
    return;
  }
  if (done()) {
    queueMicrotask(() => enter(m.state.index + 1));
    return;
  }
  const step = m.step;
  if (m.state.status !== "waiting") return;
  if (step.kind === "do") sendCommand(step.action as CommandInput);
  else if (step.kind === "predict") choose(step.answer);
  else if (step.kind === "your-turn" && !solutionPlayed) playSolution(step.solution);
}

function ensureSubscribed(): void {
  if (unsubscribe) return;
  unsubscribe = labStore.subscribe(onLab);
}

function onLab(s: LabState, prev: LabState): void {
  if (pending?.kind === "start") return awaitStart(s, pending);
  if (pending?.kind === "seek") return awaitSeek(s, pending);
  const m = machine;
  if (!m) return;
  let changed = false;
  if (s.commands.length < seenCommands) seenCommands = s.commands.length;
  for (const applied of s.commands.slice(seenCommands)) changed = m.commandApplied(applied.cmd as LessonCommand) || changed;
  seenCommands = s.commands.length;
  if (s.snapshot && s.snapshot !== prev.snapshot) {
    settle(s);
    changed = m.observe(s.snapshot) || changed;
    beginWhenSettled(s);
  }
  if (changed) sync();
}

/** The run we asked for has started once its scenario is in force and its first snapshot arrived. */
function awaitStart(s: LabState, p: Extract<Pending, { kind: "start" }>): void {
  const ours = s.status === "running" && s.scenario?.name === (p.lesson.scenario as { name?: unknown }).name;
  if (!ours) return;
  if (s.snapshot === null) {
    p.armed = true;
    return;
  }
  if (!p.armed) return;
  pending = null;
  const m = new LessonMachine(p.lesson, 0, s.snapshot.nowUs, TIMEOUT_SLACK_MS);
  begin(m, s, 0);
  if (s.travel) checkpoints[0] = checkpointHere(m, s);
  if (fastTo === null) lessonStore.setState({ busy: null });
  sync();
}

/** Back has arrived once a snapshot shows the step's moment; a refused seek leaves the lesson where it was. */
function awaitSeek(s: LabState, p: Extract<Pending, { kind: "seek" }>): void {
  const failure = s.failures.at(-1);
  if (failure !== p.lastFailure && failure?.op === "timeline") {
    pending = null;
    machine = p.before.machine;
    checkpoints = p.before.checkpoints;
    lessonStore.setState({ busy: null });
    sync();
    return;
  }
  if (!s.snapshot || !s.travel || !sameMoment(s.travel.at, p.cp.at) || s.travel.at.commands !== p.cp.at.commands) return;
  pending = null;
  const m = new LessonMachine(p.lesson, p.index, s.snapshot.nowUs, TIMEOUT_SLACK_MS);
  m.restoreMarks(p.cp.marks);
  m.restoreTally(p.cp.tally);
  begin(m, s, p.index);
  lessonStore.setState({ busy: null });
  sync();
}

/** The machine takes over at a step, at the moment on screen. */
function begin(m: LessonMachine, s: LabState, index: number): void {
  machine = m;
  seenCommands = s.commands.length;
  m.prime(s.snapshot!);
  m.observe(s.snapshot!);
  saveProgress((pr) => withStop(pr, m.lesson.name, index));
}
