/*
 * The Web Worker host: owns the engine, paces it against wall time × speed, applies commands
 * and posts at most one snapshot per animation frame (the page says "frame" when it has drawn
 * the last one). The engine is deterministic; this file is the only place wall time enters.
 */
/// <reference lib="webworker" />
import "../zodConfig";
import { parseScenario } from "../engine/scenario/validate";
import { CommandError } from "../engine/api";
import type { Scenario } from "../engine/scenario/schema";
import { plannedWrites } from "../engine/scenario/expectedWrites";
import type { FromWorker, Replay, TimelineStart, ToWorker } from "./protocol";
import { DEFAULT_SCENARIO } from "./defaultScenario";
import { advance, clampSpeed, newClock, reanchor, type PaceClock } from "./pacing";
import { columnBuffers } from "./inFlight";
import type { Run } from "./run";
import { Travel, TravelError } from "./travel";
import { checkTimeline } from "./checkTimeline";
import { newTree } from "../timeline/branches";
import { checkCommand, opOf } from "./validateCommand";
import { checkMessage } from "./checkMessage";
import { TraceFeed } from "./traceFeed";
import { deltaBuffers } from "../spacetime/feed";
import { historyLines } from "./historyExport";
import { narrateStep } from "../narrate/stepNarration";

declare const self: DedicatedWorkerGlobalScope;

const TICK_MS = 16;
/** one tick never holds the worker longer than this, so commands stay responsive */
const BUDGET_MS = 8;

/** the run's branches and the view on them; `run` is the live end, which the pacer drives */
let travel: Travel | null = null;
let run: Run | null = null;
/** the view jumped since the last snapshot: the next one carries the recent log anew */
let jumped = false;
/** the run was playing when the view went into the past: "Back to live" plays on */
let resumeOnLive = false;
let clock: PaceClock = newClock(0, performance.now(), 1, false);
let chunk = 256;
let logSeq = 0;
let behind = false;
/** "behind" stays on this long after the last tick that fell short, so it does not flicker */
const BEHIND_HOLD_MS = 750;
let behindUntil = 0;
/** the run pauses by itself on reaching this virtual time (a lesson step's end), or never: null */
let stopAtUs: number | null = null;
/** messages read from the page so far: each snapshot says how many (protocol.ts `received`) */
let received = 0;
/** the page has drawn the last snapshot and can take another */
let pageReady = true;
/** something changed since the last snapshot was posted */
let dirty = true;
let failed = false;
/** the space-time diagram's trace of the live run, while the page shows it */
const traceFeed = new TraceFeed();

function post(msg: FromWorker, transfer: Transferable[] = []): void { self.postMessage(msg, transfer); }

function start(msg: Extract<ToWorker, { type: "start" }>): void {
  const parsed = parseScenario(msg.scenario ?? DEFAULT_SCENARIO);
  if (!parsed.ok) {
    post({ type: "scenario-invalid", problems: parsed.errors.map((e) => ({ path: e.path, message: e.message })) });
    return;
  }
  const scenario: Scenario = parsed.scenario;
  const nextTravel = new Travel(scenario, msg.historyLimit);
  const timeline = msg.timeline ?? (msg.replay ? replayTimeline(msg.replay) : null);
  let notices: string[] | null = null;
  if (timeline) {
    const checked = checkTimeline(timeline);
    notices = [...checked.notices, ...nextTravel.restore(checked.tree, checked.at)];
  }
  travel = nextTravel;
  traceFeed.forget();
  const next = nextTravel.liveRun;
  run = next;
  logSeq = msg.logSeq;
  // A restart keeps the page's log (logSeq): only seeks send the recent log anew.
  jumped = false;
  resumeOnLive = false;
  chunk = 256;
  behind = false;
  behindUntil = 0;
  stopAtUs = null;
  // A replayed run may already hold its limit of writes.
  clock = newClock(next.nowUs, performance.now(), msg.speed, msg.paused || next.historyFull() !== null);
  dirty = true;
  post({ type: "started", scenario, warnings: [...parsed.warnings.map(String), ...historyWarning(scenario, next.historyLimit)],
    source: msg.source });
  post({ type: "branches", tree: nextTravel.branches });
  if (notices) post({ type: "restored", notices });
  flush();
}

/** A restart's replay (one line of commands) as a tree of one branch. */
function replayTimeline(replay: Replay): TimelineStart {
  const tree = newTree();
  const end = { events: replay.untilEvents, atUs: replay.untilUs };
  return { tree: { ...tree, branches: [{ ...tree.branches[0]!, log: replay.log, end }] }, at: { ...end, commands: replay.log.length } };
}

/** Said at the start when the scenario asks for more writes than a run in the page may hold. */
function historyWarning(scenario: Scenario, limit: number): string[] {
  const planned = plannedWrites(scenario);
  if (planned <= limit) return [];
  return [`the scenario plans about ${Math.round(planned).toLocaleString("en")} writes; the simulator keeps every write, and ` +
    `a run in this page stops once it holds ${limit.toLocaleString("en")} of them`];
}

function command(id: number, cmd: unknown): void {
  if (!run) {
    post({ type: "command-rejected", id, op: opOf(cmd), message: "The simulation has not started yet." });
    return;
  }
  const checked = checkCommand(cmd);
  if (!checked.ok) {
    post({ type: "command-rejected", id, op: opOf(cmd), message: checked.message });
    return;
  }
  try {
    const wasPast = travel!.inPast;
    const { entry, forked } = travel!.command(checked.cmd);
    post({ type: "command-applied", id, applied: entry });
    post({ type: "branches", tree: travel!.branches });
    if (wasPast || forked) {
      // The past run is now the new branch's live end: it stays paused there.
      run = travel!.liveRun;
      clock = reanchor(clock, run.nowUs, performance.now(), { paused: true });
    }
  } catch (err) {
    if (!(err instanceof CommandError) && !(err instanceof TravelError)) throw err;
    post({ type: "command-rejected", id, op: checked.cmd.op, message: err.message });
  }
  dirty = true;
  flush();
}

/** Seek, step back, back to live, switch or rename: the view moves (paused) or the page is told why not. */
function travelTo(act: (t: Travel) => void, options: { pause: boolean; branches: boolean }): void {
  if (!travel || !run) return;
  const wasPast = travel.inPast;
  try {
    act(travel);
  } catch (err) {
    if (!(err instanceof TravelError)) throw err;
    post({ type: "travel-refused", message: err.message });
    return;
  }
  run = travel.liveRun;
  // A stop belongs to the moment it was set at: a jump elsewhere drops it.
  stopAtUs = null;
  if (!wasPast && travel.inPast) resumeOnLive = !clock.paused;
  const backLive = wasPast && !travel.inPast && !options.branches;
  const paused = backLive && resumeOnLive ? false : options.pause || clock.paused;
  clock = reanchor(clock, run.nowUs, performance.now(), { paused });
  if (!travel.inPast) resumeOnLive = false;
  if (options.branches) post({ type: "branches", tree: travel.branches });
  jumped = true;
  dirty = true;
  flush();
}

/** Play on from the moment shown; from the past, on a new branch that starts there. */
function playHere(): void {
  if (!travel || !run) return;
  if (travel.inPast) {
    try {
      travel.playHere();
    } catch (err) {
      if (!(err instanceof TravelError)) throw err;
      post({ type: "travel-refused", message: err.message });
      return;
    }
    run = travel.liveRun;
    resumeOnLive = false;
    post({ type: "branches", tree: travel.branches });
  }
  setClock({ paused: false });
}

function setClock(change: { speed?: number; paused?: boolean }): void {
  if (!run) {
    clock = { ...clock, ...change };
    return;
  }
  // A full run stays paused; the snapshot below tells the page why.
  if (run.historyFull()) change = { ...change, paused: true };
  clock = reanchor(clock, run.nowUs, performance.now(), change);
  behind = false;
  behindUntil = 0;
  dirty = true;
  flush();
}

function step(): void {
  if (!run || !travel) return;
  if (travel.inPast) return travelTo((t) => t.stepForward(), { pause: true, branches: false });
  if (!run.historyFull()) {
    // What the event did, said in one line (src/narrate): the run before and after it.
    const before = run.snapshot(logSeq);
    if (run.step()) {
      const after = run.snapshot(before.log.at(-1)?.seq ?? logSeq);
      post({ type: "stepped", text: narrateStep(run.sim.lastEvent(), before, after), atUs: run.nowUs, events: run.events });
    }
    travel.advanced();
  }
  clock = reanchor(clock, run.nowUs, performance.now(), { paused: true });
  dirty = true;
  flush();
}

/** Run `us` of virtual time now, whatever the pace: the messages after this one see the run there. */
function runFor(us: number): void {
  if (!run || !travel) return;
  if (travel.inPast) {
    post({ type: "travel-refused", message: "Waiting is for the live run: go back to live first." });
    return;
  }
  const target = run.nowUs + us;
  // Bounded like a tick (but with no wall budget): a run that fills its history stops there.
  while (run.nowUs < target && !run.historyFull()) {
    run.runUntil(target, 50_000);
    const next = run.nextEventUs();
    if (next === null || next > target) run.runUntil(target, 1);
  }
  travel.advanced();
  if (stopAtUs !== null && run.nowUs >= stopAtUs) stopAtUs = null;
  clock = reanchor(clock, run.nowUs, performance.now(), { paused: clock.paused || run.historyFull() !== null });
  dirty = true;
  flush();
}

function tick(): void {
  if (!run || failed) return;
  if (!clock.paused) {
    const result = advance(run, clock, { budgetMs: BUDGET_MS, chunk, now: () => performance.now(), stopAtUs });
    clock = result.clock;
    chunk = result.chunk;
    const now = performance.now();
    if (stopAtUs !== null && run.nowUs >= stopAtUs) {
      clock = reanchor(clock, run.nowUs, now, { paused: true });
      stopAtUs = null;
    }
    if (result.behind) behindUntil = now + BEHIND_HOLD_MS;
    behind = now < behindUntil;
    if (run.historyFull()) clock = reanchor(clock, run.nowUs, now, { paused: true });
    travel!.advanced();
    // Time moved even without events: the page animates messages against it.
    dirty = true;
  }
  flush();
}

/** Post a snapshot if the page is ready for one and something changed. */
function flush(): void {
  if (!run || !travel || !pageReady || !dirty || failed) return;
  const shown = travel.shown;
  // After a jump the page's log is of another moment: it gets the recent log of this one anew.
  const { snapshot, inFlight } = shown.snapshotForPosting(jumped ? 0 : logSeq);
  const last = snapshot.log[snapshot.log.length - 1];
  if (last) logSeq = last.seq;
  pageReady = false;
  dirty = false;
  const past = travel.inPast;
  const trace = traceFeed.next(travel.scenario, travel.liveRun);
  post({ type: "snapshot", snapshot, inFlight, paused: clock.paused || past, speed: clock.speed, events: shown.events, behind,
    historyFull: run.historyFull(), jumped, received,
    travel: { past, at: travel.point(), end: travel.end, branch: travel.branches.current, earliest: travel.earliest() }, trace },
    [...columnBuffers(inFlight), ...(trace ? deltaBuffers(trace.delta) : [])]);
  jumped = false;
}

function fail(err: unknown): void {
  if (failed) return;
  failed = true;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const stack = err instanceof Error && err.stack ? err.stack : null;
  post({ type: "fatal", message, stack });
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case "start": return start(msg);
    case "command": return command(msg.id, msg.cmd);
    case "speed": return setClock({ speed: clampSpeed(msg.speed) });
    case "pause":
      resumeOnLive = false;
      return setClock({ paused: true });
    case "resume":
      // Play from the past goes back to the live end and runs on from there.
      if (travel?.inPast) travelTo((t) => t.backToLive(), { pause: false, branches: false });
      return setClock({ paused: false });
    case "stop-after":
      stopAtUs = msg.afterUs === null || !run ? null : run.nowUs + msg.afterUs;
      return;
    case "run-for": return runFor(msg.us);
    case "play-here": return playHere();
    case "step": return step();
    case "seek": {
      const { events, atUs, commands } = msg;
      return travelTo((t) => t.seek(atUs === null || commands === null ? { events } : { events, atUs, commands }), { pause: true, branches: false });
    }
    case "step-back": return travelTo((t) => t.stepBack(), { pause: true, branches: false });
    case "live": return travelTo((t) => t.backToLive(), { pause: false, branches: false });
    case "switch-branch": return travelTo((t) => t.switchTo(msg.id), { pause: true, branches: true });
    case "rename-branch": {
      // A rename moves nothing: only the branches are posted again.
      if (!travel) return;
      try {
        travel.rename(msg.id, msg.name);
        post({ type: "branches", tree: travel.branches });
      } catch (err) {
        if (!(err instanceof TravelError)) throw err;
        post({ type: "travel-refused", message: err.message });
      }
      return;
    }
    case "frame":
      pageReady = true;
      return flush();
    case "trace":
      traceFeed.set(msg.on);
      dirty = true;
      return flush();
    case "export-history": {
      if (!travel) return post({ type: "history-lines", id: msg.id, lines: null, error: "The simulation has not started yet." });
      const out = historyLines(travel.scenario, travel.shown.replayPoint());
      return post({ type: "history-lines", id: msg.id, ...out });
    }
    case "lag-window": {
      // Only for the moment still shown: by the time a drag's request is read, the view may have moved on.
      if (!travel || travel.shown.nowUs !== msg.atUs) return;
      return post({ type: "lag-window", branch: travel.branches.current, atUs: msg.atUs, samples: travel.lagWindow(msg.stepUs) });
    }
    case "debug-throw":
      throw new Error("Deliberate failure (test hook): the worker threw.");
  }
}

self.onmessage = (event: MessageEvent<unknown>) => {
  if (failed) return;
  received++;
  // Checked before anything reads it: a malformed message is answered, never thrown on.
  const checked = checkMessage(event.data);
  if (!checked.ok) {
    post({ type: "refused", what: checked.what, message: checked.message });
    return;
  }
  try {
    handle(checked.msg);
  } catch (err) {
    fail(err);
  }
};

setInterval(() => {
  try {
    tick();
  } catch (err) {
    fail(err);
  }
}, TICK_MS);
