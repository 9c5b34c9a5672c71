/*
 * The controller between the page and the worker: it starts the worker, feeds the store from
 * its messages, keeps the replay log, and offers the actions the controls call (send, speed,
 * pause, step, reset, load, copy, restart). Components never talk to the worker directly.
 */
import type { Scenario } from "../../engine/scenario/schema";
import { LabWorker } from "../../worker/client";
import { messagesFromColumns } from "../../worker/inFlight";
import type { CommandInput, FromWorker, Replay, RunSource, TimelineStart, ToWorker } from "../../worker/protocol";
import { DEFAULT_SPEED } from "../../worker/defaultScenario";
import { HISTORY_LIMIT_PARAM, HISTORY_LIMIT_WRITES, parseHistoryLimit } from "../../worker/historyLimit";
import { MAX_SCENARIO_FILE_BYTES, scenarioForReset, scenarioWithCommands } from "../../worker/scenarioFile";
import { applySnapshot, FAILURE_LIMIT, labStore, type CommandFailure } from "../store";
import { lagBefore, noteBranches, noteLagWindow, noteNewRun, noteRefused, noteSnapshot } from "../timeline/feed";
import { forgetTrace, onTrace } from "../spacetime/traceStore";
import type { Point } from "../../timeline/moment";
import { forgetSteps, noteStepped } from "../step/stepSaid";

let worker: LabWorker | null = null;
let nextCommandId = 1;
let frameRequested = false;
/** The page's first run came from ?scenario=: if the worker refuses it, run the built-in one. */
let defaultIfInvalid = false;
/** writes a run may hold (the page address may lower it): every run of this page gets it */
let historyLimit = HISTORY_LIMIT_WRITES;
/** problems with the page address's other parameters, listed with the first run's warnings */
let addressWarnings: string[] = [];

/** the space-time diagram is shown: the worker records and sends the run's trace */
let traceWanted = false;
let nextExportId = 1;
const pendingExports = new Map<number, (r: { lines: string | null; error: string | null }) => void>();

/** The page address's parameter that carries a scenario (URL-encoded JSON) to run at start. */
export const SCENARIO_PARAM = "scenario";

function handle(msg: FromWorker): void {
  switch (msg.type) {
    case "started": return onStarted(msg.scenario, msg.warnings, msg.source);
    case "scenario-invalid":
      restoredHandler = null;
      labStore.setState({ scenarioErrors: msg.problems });
      if (defaultIfInvalid) {
        // Nothing runs yet: the built-in scenario does, under the list of problems.
        defaultIfInvalid = false;
        boot(null, "default", null, false, 0);
      }
      return;
    case "snapshot": {
      const current = labStore.getState();
      // The view jumped to another moment: its log comes anew, and its lag samples are the ones
      // seen before that moment of that branch.
      const state = msg.jumped ? { ...current, log: [], lagHistory: lagBefore(msg.travel.branch, msg.snapshot.nowUs) } : current;
      const next = applySnapshot(state, { ...msg.snapshot, inFlight: messagesFromColumns(msg.inFlight) }, performance.now());
      labStore.setState({
        ...next, paused: msg.paused, speed: msg.speed, behind: msg.behind, events: msg.events, historyFull: msg.historyFull,
        travel: msg.travel, received: msg.received,
      });
      noteSnapshot(msg.travel, msg.jumped, next.lagHistory?.at(-1));
      if ((msg.jumped || lagWindowAfterRestore) && (next.lagHistory?.length ?? 0) <= 1 && msg.snapshot.nowUs > 0) askLagWindowSoon();
      lagWindowAfterRestore = false;
      if (msg.trace) onTrace(msg.trace);
      requestFrame();
      return;
    }
    case "command-applied":
      labStore.setState((s) => ({ commands: [...s.commands, msg.applied] }));
      return;
    case "command-rejected":
      addFailure({ id: msg.id, op: msg.op, message: msg.message, atWall: performance.now() });
      return;
    case "refused":
      addFailure({ id: -1, op: msg.what, message: msg.message, atWall: performance.now() });
      return;
    case "branches": {
      // The commands in force on the current branch: what Copy scenario, Reset and Restart use.
      const branch = msg.tree.branches.find((b) => b.id === msg.tree.current);
      if (branch) labStore.setState({ commands: branch.log });
      noteBranches(msg.tree);
      return;
    }
    case "stepped":
      noteStepped({ text: msg.text, atUs: msg.atUs, events: msg.events });
      return;
    case "travel-refused":
      noteRefused();
      addFailure({ id: -1, op: "timeline", message: msg.message, atWall: performance.now() });
      return;
    case "lag-window": {
      noteLagWindow(msg.branch, msg.samples);
      const s = labStore.getState();
      if (s.snapshot?.nowUs === msg.atUs && s.travel?.branch === msg.branch) {
        labStore.setState({ lagHistory: [...lagBefore(msg.branch, msg.atUs), ...s.lagHistory.slice(-1)] });
      }
      return;
    }
    case "restored":
      lagWindowAfterRestore = true;
      if (restoredHandler?.(msg.notices)) return;
      if (msg.notices.length > 0) labStore.setState((s) => ({ scenarioWarnings: [...s.scenarioWarnings, ...msg.notices] }));
      return;
    case "history-lines":
      pendingExports.get(msg.id)?.({ lines: msg.lines, error: msg.error });
      pendingExports.delete(msg.id);
      return;
    case "fatal":
      return onFailure(msg.message);
  }
}

/** a run rebuilt from a link or a restart: its first snapshot's lag chart has no samples before it */
let lagWindowAfterRestore = false;
let lagWindowTimer: ReturnType<typeof setTimeout> | null = null;
/** the view must have stayed on a moment this long before its lag window is asked for (not on every step of a drag) */
const LAG_WINDOW_SETTLE_MS = 250;

/**
 * The view shows a moment this page never played, so the lag chart is empty: once the view has
 * settled there, ask the worker to replay the moments before it (src/worker/lagWindow.ts), one
 * sample a frame at the speed in force, as the chart would have drawn them.
 */
function askLagWindowSoon(): void {
  if (lagWindowTimer !== null) clearTimeout(lagWindowTimer);
  const atUs = labStore.getState().snapshot?.nowUs;
  lagWindowTimer = setTimeout(() => {
    lagWindowTimer = null;
    const s = labStore.getState();
    if (atUs === undefined || s.snapshot?.nowUs !== atUs || s.lagHistory.length > 1) return;
    worker?.post({ type: "lag-window", atUs, stepUs: Math.max(1, Math.round((s.speed * 1_000_000) / 60)) });
  }, LAG_WINDOW_SETTLE_MS);
}

/** Tell the worker we can draw another snapshot, once per animation frame at most. */
function requestFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    worker?.post({ type: "frame" });
  });
}

function onStarted(scenario: Scenario, warnings: string[], source: RunSource): void {
  const fresh = source !== "restart";
  defaultIfInvalid = false;
  if (fresh) {
    noteNewRun();
    forgetSteps();
  }
  labStore.setState((s) => ({
    status: "running",
    error: null,
    scenario,
    seed: scenario.seed,
    // The built-in run starts after a refused ?scenario=: its problems stay listed.
    scenarioErrors: source === "default" ? s.scenarioErrors : [],
    scenarioWarnings: [...warnings, ...addressWarnings],
    commands: fresh ? [] : s.commands,
    log: fresh ? [] : s.log,
    lagHistory: fresh ? [] : s.lagHistory,
    failures: fresh ? [] : s.failures,
    snapshot: fresh ? null : s.snapshot,
    travel: fresh ? null : s.travel,
    historyFull: fresh ? null : s.historyFull,
  }));
  addressWarnings = [];
}

function onFailure(message: string): void {
  worker?.terminate();
  worker = null;
  labStore.setState({ status: "failed", error: message });
}

function addFailure(failure: CommandFailure): void {
  labStore.setState((s) => ({ failures: [...s.failures, failure].slice(-FAILURE_LIMIT) }));
}

/** Start a run in the worker; a dead worker (or a restart) gets a new one. */
function boot(scenario: unknown, source: RunSource, replay: Replay | null, paused: boolean, logSeq: number,
  timeline: TimelineStart | null = null): void {
  if (!worker || source === "restart") {
    worker?.terminate();
    frameRequested = false;
    worker = new LabWorker({ onMessage: handle, onFailure });
  }
  const speed = labStore.getState().speed;
  forgetTrace();
  const unsent = worker.post({ type: "start", scenario, replay, speed, paused, source, logSeq, historyLimit, timeline });
  // Refused like an invalid file: the problem is listed and the current run goes on.
  if (unsent !== null) handle({ type: "scenario-invalid", problems: [{ path: "", message: `The scenario was not loaded: ${unsent}` }] });
  if (traceWanted) worker.post({ type: "trace", on: true });
}

/** The space-time diagram opened or closed: the worker records the run's trace only while it is shown. */
export function setTraceWanted(on: boolean): void {
  traceWanted = on;
  worker?.post({ type: "trace", on });
}

/** The history of the run on screen as JSON lines (the worker replays it: exact, and free until asked). */
export function exportHistory(): Promise<{ lines: string | null; error: string | null }> {
  const id = nextExportId++;
  return new Promise((resolve) => {
    if (!worker) return resolve({ lines: null, error: "The simulation is not running." });
    pendingExports.set(id, resolve);
    const unsent = worker.post({ type: "export-history", id });
    if (unsent !== null) { pendingExports.delete(id); resolve({ lines: null, error: unsent }); }
  });
}

/** Time travel (src/ui/timeline): seek, step back, back to live, switch or rename a branch. */
export function sendTravel(msg: Extract<ToWorker, { type: "seek" | "step-back" | "live" | "switch-branch" | "rename-branch" }>): void {
  worker?.post(msg);
}

/** Who hears the worker's `restored` notices instead of the scenario warnings (a link being opened). */
let restoredHandler: ((notices: string[]) => boolean) | null = null;
export function onRestored(handler: ((notices: string[]) => boolean) | null): void {
  restoredHandler = handler;
}

/** Start the run a link holds: its scenario, branches and moment (the worker checks them all again). */
export function startFromTimeline(scenario: unknown, timeline: TimelineStart): void {
  labStore.setState({ send: (cmd) => { sendCommand(cmd); }, speed: worker ? labStore.getState().speed : DEFAULT_SPEED, scenarioErrorSource: "link", status: "starting" });
  defaultIfInvalid = worker === null;
  // A link opens on its moment, paused: the person who sent it wants that moment seen.
  boot(scenario, "url", null, true, 0, timeline);
}

/** Post a command; returns its id so a control can find its own rejection in `failures`. */
export function sendCommand(cmd: CommandInput): number {
  const id = nextCommandId++;
  if (!worker) {
    addFailure({ id, op: cmd.op, message: "The simulation is not running.", atWall: performance.now() });
    return id;
  }
  const unsent = worker.post({ type: "command", id, cmd });
  if (unsent !== null) addFailure({ id, op: cmd.op, message: unsent, atWall: performance.now() });
  return id;
}

export function setSpeed(speed: number): void {
  labStore.setState({ speed });
  worker?.post({ type: "speed", speed });
}

export function setPaused(paused: boolean): void {
  labStore.setState({ paused });
  worker?.post({ type: paused ? "pause" : "resume" });
}

/** Messages handed to the worker so far: a snapshot whose `received` is at least this shows their effect. */
export function sentToWorker(): number {
  return worker?.sent ?? 0;
}

/** The run pauses by itself after `afterUs` more virtual µs (null: drop the stop). */
export function stopAfter(afterUs: number | null): void {
  worker?.post({ type: "stop-after", afterUs });
}

/** Run `us` virtual µs at once, before any later message: a wait measured in the run's time, not the page's. */
export function runFor(us: number): void {
  worker?.post({ type: "run-for", us });
}

export function stepOnce(): void {
  labStore.setState({ paused: true });
  worker?.post({ type: "step" });
}

/** Start the page's first run (the built-in scenario). */
export function startDefault(): void {
  labStore.setState({ send: (cmd) => { sendCommand(cmd); }, speed: DEFAULT_SPEED, status: "starting" });
  boot(null, "default", null, false, 0);
}

/**
 * Start the page's first run from its address: `?scenario=<URL-encoded JSON>` runs that scenario
 * (validated by the worker like a loaded file, its problems listed the same way, the built-in
 * scenario running instead); without the parameter, the built-in scenario. `?historyLimit=<writes>`
 * lowers the number of writes a run may hold (historyLimit.ts).
 */
export function startFromAddress(search: string): void {
  const params = new URLSearchParams(search);
  readAddressLimits(search);
  const text = params.get(SCENARIO_PARAM);
  if (text === null) return startDefault();
  labStore.setState({ scenarioErrorSource: "url" });
  const input = parseScenarioJson(text, `?${SCENARIO_PARAM}=`);
  if (input === undefined) return startDefault();
  labStore.setState({ send: (cmd) => { sendCommand(cmd); }, speed: DEFAULT_SPEED, status: "starting" });
  defaultIfInvalid = true;
  boot(input, "url", null, false, 0);
}

/**
 * The page address's limits for every run of this page (`?historyLimit=<writes>`), whatever the
 * run starts from: a scenario in the address, the built-in one or a link to a moment. A value it
 * gets wrong is listed with the first run's warnings and the page's own limit holds.
 */
export function readAddressLimits(search: string): void {
  const limit = parseHistoryLimit(new URLSearchParams(search).get(HISTORY_LIMIT_PARAM));
  if (limit.ok) historyLimit = limit.limit;
  else addressWarnings = [`?${HISTORY_LIMIT_PARAM}=: ${limit.message}`];
}

/** JSON text to a value, or undefined with the parse error listed in `scenarioErrors`. */
function parseScenarioJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    labStore.setState({ scenarioErrors: [{ path: where, message: `not valid JSON: ${message}` }] });
    return undefined;
  }
}

/** A new run with the same settings (and possibly another seed). */
export function reset(seed?: number): void {
  const { scenario, commands, paused } = labStore.getState();
  if (!scenario) return startDefault();
  const next = scenarioForReset(scenario, commands, seed ?? scenario.seed);
  labStore.setState({ status: "starting" });
  boot(next, "reset", null, paused, 0);
}

/** Load a scenario file's text; problems are listed in `scenarioErrors`, the current run goes on. */
export function loadScenarioText(text: string): void {
  labStore.setState({ scenarioErrorSource: "file" });
  const input = parseScenarioJson(text, "(file)");
  if (input === undefined) return;
  boot(input, "file", null, labStore.getState().paused, 0);
}

/** A chosen file: its size checked before reading, its bytes UTF-8, then as loadScenarioText. */
export async function loadScenarioFile(file: Blob): Promise<void> {
  const refuse = (message: string) => labStore.setState({ scenarioErrorSource: "file", scenarioErrors: [{ path: "(file)", message }] });
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  if (file.size > MAX_SCENARIO_FILE_BYTES) {
    return refuse(`the file is ${mib(file.size)}; a scenario file may be at most ${mib(MAX_SCENARIO_FILE_BYTES)}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return refuse("the file is not valid UTF-8 (an invalid byte sequence); save it as UTF-8");
  }
  loadScenarioText(text);
}

/** The run so far as a scenario file: its settings plus every command as a timed action. */
export function currentScenarioJson(): string | null {
  const { scenario, commands } = labStore.getState();
  if (!scenario) return null;
  return JSON.stringify(scenarioWithCommands(scenario, commands), null, 2);
}

/** After a failure: a new worker replays the scenario and the command log to where the run was. */
export function restart(): void {
  const { scenario, commands, snapshot, events, log } = labStore.getState();
  if (!scenario) return startDefault();
  const replay: Replay = { log: commands, untilUs: snapshot?.nowUs ?? 0, untilEvents: events };
  const logSeq = log[log.length - 1]?.seq ?? 0;
  labStore.setState({ status: "starting", error: null, paused: true, events: 0 });
  // Restart paused: if the failure is deterministic, running on would hit it again at once.
  boot(scenario, "restart", replay, true, logSeq);
}

/** Test hook: make the worker throw, to exercise restart. */
export function debugThrow(): void {
  worker?.post({ type: "debug-throw" });
}

/** Start a run of a scenario given as data (a lesson's, an example's) at a speed, paused or not. */
export function startScenario(input: unknown, options: { speed: number; paused: boolean }): void {
  labStore.setState({ send: (cmd) => { sendCommand(cmd); }, speed: options.speed, scenarioErrorSource: "file", status: "starting" });
  boot(input, "file", null, options.paused, 0);
}

/** Show an exact moment of the current branch (a lesson's Back): the worker's time travel, paused. */
export function seekMoment(at: Point): void {
  worker?.post({ type: "seek", events: at.events, atUs: at.atUs, commands: at.commands });
}

/** Play on from the moment shown: from the past, on a new branch that starts there (the old future is kept). */
export function playHere(): void {
  labStore.setState({ paused: false });
  worker?.post({ type: "play-here" });
}
