/*
 * The Web Worker host: owns the engine, paces it against wall time × speed, applies commands
 * and posts at most one snapshot per animation frame (the page says "frame" when it has drawn
 * the last one). The engine is deterministic; this file is the only place wall time enters.
 */
/// <reference lib="webworker" />
import "../zodConfig";
import { Simulation } from "../engine/index";
import { parseScenario } from "../engine/scenario/validate";
import { CommandError } from "../engine/api";
import type { Scenario } from "../engine/scenario/schema";
import { plannedWrites } from "../engine/scenario/expectedWrites";
import type { FromWorker, ToWorker } from "./protocol";
import { DEFAULT_SCENARIO } from "./defaultScenario";
import { advance, clampSpeed, newClock, reanchor, type PaceClock } from "./pacing";
import { columnBuffers } from "./inFlight";
import { Run } from "./run";
import { checkCommand, opOf } from "./validateCommand";
import { checkMessage } from "./checkMessage";

declare const self: DedicatedWorkerGlobalScope;

const TICK_MS = 16;
/** one tick never holds the worker longer than this, so commands stay responsive */
const BUDGET_MS = 8;

let run: Run | null = null;
let clock: PaceClock = newClock(0, performance.now(), 1, false);
let chunk = 256;
let logSeq = 0;
let behind = false;
/** "behind" stays on this long after the last tick that fell short, so it does not flicker */
const BEHIND_HOLD_MS = 750;
let behindUntil = 0;
/** the page has drawn the last snapshot and can take another */
let pageReady = true;
/** something changed since the last snapshot was posted */
let dirty = true;
let failed = false;

function post(msg: FromWorker, transfer: Transferable[] = []): void { self.postMessage(msg, transfer); }

function start(msg: Extract<ToWorker, { type: "start" }>): void {
  const parsed = parseScenario(msg.scenario ?? DEFAULT_SCENARIO);
  if (!parsed.ok) {
    post({ type: "scenario-invalid", problems: parsed.errors.map((e) => ({ path: e.path, message: e.message })) });
    return;
  }
  const scenario: Scenario = parsed.scenario;
  const next = new Run(new Simulation(scenario), msg.historyLimit);
  if (msg.replay) next.replay(msg.replay);
  run = next;
  logSeq = msg.logSeq;
  chunk = 256;
  behind = false;
  behindUntil = 0;
  // A replayed run may already hold its limit of writes.
  clock = newClock(next.nowUs, performance.now(), msg.speed, msg.paused || next.historyFull() !== null);
  dirty = true;
  post({ type: "started", scenario, warnings: [...parsed.warnings.map(String), ...historyWarning(scenario, next.historyLimit)],
    source: msg.source });
  flush();
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
    const applied = run.command(checked.cmd);
    post({ type: "command-applied", id, applied });
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    post({ type: "command-rejected", id, op: checked.cmd.op, message: err.message });
  }
  dirty = true;
  flush();
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
  if (!run) return;
  if (!run.historyFull()) run.step();
  clock = reanchor(clock, run.nowUs, performance.now(), { paused: true });
  dirty = true;
  flush();
}

function tick(): void {
  if (!run || failed) return;
  if (!clock.paused) {
    const result = advance(run, clock, { budgetMs: BUDGET_MS, chunk, now: () => performance.now() });
    clock = result.clock;
    chunk = result.chunk;
    const now = performance.now();
    if (result.behind) behindUntil = now + BEHIND_HOLD_MS;
    behind = now < behindUntil;
    if (run.historyFull()) clock = reanchor(clock, run.nowUs, now, { paused: true });
    // Time moved even without events: the page animates messages against it.
    dirty = true;
  }
  flush();
}

/** Post a snapshot if the page is ready for one and something changed. */
function flush(): void {
  if (!run || !pageReady || !dirty || failed) return;
  const { snapshot, inFlight } = run.snapshotForPosting(logSeq);
  const last = snapshot.log[snapshot.log.length - 1];
  if (last) logSeq = last.seq;
  pageReady = false;
  dirty = false;
  post({ type: "snapshot", snapshot, inFlight, paused: clock.paused, speed: clock.speed, events: run.events, behind,
    historyFull: run.historyFull() },
    columnBuffers(inFlight));
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
    case "pause": return setClock({ paused: true });
    case "resume": return setClock({ paused: false });
    case "step": return step();
    case "frame":
      pageReady = true;
      return flush();
    case "debug-throw":
      throw new Error("Deliberate failure (test hook): the worker threw.");
  }
}

self.onmessage = (event: MessageEvent<unknown>) => {
  if (failed) return;
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
