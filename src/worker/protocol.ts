/*
 * The page ⇄ worker protocol: types only, one discriminated union per direction (see comlink's
 * protocol.ts). A stream of snapshots fits a message protocol better than an RPC proxy.
 * Everything here crosses postMessage by structured clone, so it is plain data.
 */
import type { Command, InFlightColumns, Snapshot } from "../engine/views";
import type { LagWindowSample } from "./lagWindow";
import type { Scenario, ScenarioInput } from "../engine/scenario/schema";
import type { HistoryFull } from "./historyLimit";
import type { BranchTree } from "../timeline/branches";
import type { Moment, Point } from "../timeline/moment";
import type { TracePost } from "./traceFeed";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command as the page sends it: fields with a default in the schema may be left out; the
 *  worker validates it and fills them in (the applied Command has them all). */
export type CommandInput = DistributiveOmit<NonNullable<ScenarioInput["actions"]>[number], "atMs">;

/** A command the worker applied, with where in the run it was applied, so a new worker can
 *  replay it to exactly the same state: after `events` events, at virtual time `atUs`. */
export interface AppliedCommand {
  atUs: number;
  events: number;
  cmd: Command;
}

/** Everything needed to rebuild a run: the scenario, the commands, and how far it had got. */
export interface Replay {
  log: AppliedCommand[];
  /** run on to this virtual time (and event count) after the last command */
  untilUs: number;
  untilEvents: number;
}

/** Why a run started: the page's default, a loaded file, the page address's ?scenario=, a reset,
 *  or a restart after a failure. */
export type RunSource = "default" | "file" | "url" | "reset" | "restart";

export interface ScenarioProblem { path: string; message: string; }

/** A run's branches and the moment to show: from a link, or kept by the page for a restart. */
export interface TimelineStart {
  tree: BranchTree;
  at: Point;
}

/** Where the view is on the run's timeline (with every snapshot). */
export interface TravelState {
  /** the view shows a moment in the past of the current branch; the engine is paused */
  past: boolean;
  /** the moment shown */
  at: Point;
  /** how far the current branch has run (its live end) */
  end: Moment;
  /** the current branch */
  branch: number;
  /**
   * The earliest moment of the current branch a seek can reach (the retention window: older
   * moments were compacted away in a long run). {events: 0, atUs: 0} while the whole run is kept.
   */
  earliest: Moment;
}

// ---------- page → worker ----------

export type ToWorker =
  /** Start a run. `scenario` is raw input (a parsed JSON file; null: the built-in default); the
   *  worker validates it. `replay` rebuilds an earlier run after the worker failed. */
  | { type: "start"; scenario: unknown; replay: Replay | null; speed: number; paused: boolean; source: RunSource;
      /** snapshots carry log entries after this seq (a restart keeps the page's log) */
      logSeq: number;
      /** writes the run may hold before it is stopped (historyLimit.ts) */
      historyLimit: number;
      /** branches and a moment to rebuild (a link, a restart); the worker checks every command again */
      timeline: TimelineStart | null }
  /** a command: at the live end it joins the branch; in the past it starts a new branch there */
  | { type: "command"; id: number; cmd: CommandInput }
  /** show a moment of the current branch (pauses): an event count, or an exact moment of a link */
  | { type: "seek"; events: number; atUs: number | null; commands: number | null }
  /** show the moment one event earlier (pauses) */
  | { type: "step-back" }
  /** leave the past: show the current branch's live end again */
  | { type: "live" }
  /** play on from the moment shown: in the past, a new branch starts there (the commands in force,
   *  none added; the old future is kept) and runs; at the live end, as "resume" */
  | { type: "play-here" }
  /** go to another branch's live end (pauses) */
  | { type: "switch-branch"; id: number }
  | { type: "rename-branch"; id: number; name: string }
  | { type: "speed"; speed: number }
  | { type: "pause" }
  /** the run pauses by itself once it has run `afterUs` more virtual µs (null: no such stop); a
   *  lesson's timed step ends exactly where the headless run ends it, however loaded the machine */
  | { type: "stop-after"; afterUs: number | null }
  /** run `us` virtual µs at once, before the next message is read ("Show me" plays a lesson's
   *  "write, wait 5 ms, read" this way: the wait is virtual time, not the page's timers) */
  | { type: "run-for"; us: number }
  | { type: "resume" }
  /** pause, then process exactly the next event */
  | { type: "step" }
  /** the page drew the last snapshot and can take another (at most one per animation frame) */
  | { type: "frame" }
  /** the space-time diagram is shown (snapshots carry the trace) or not (the engine records nothing) */
  | { type: "trace"; on: boolean }
  /** the history of the run on screen (to its moment) as JSON lines, as `--history` writes it */
  | { type: "export-history"; id: number }
  /** the replay-lag samples before the moment shown at `atUs`, one each `stepUs` (the page did not
   *  play that moment: a link, a jump); answered only while that moment is still shown */
  | { type: "lag-window"; atUs: number; stepUs: number }
  /** test hook: throw inside the worker, to exercise the restart path */
  | { type: "debug-throw" };

// ---------- worker → page ----------

export type FromWorker =
  /** a run started; `scenario` is the validated scenario with defaults applied */
  | { type: "started"; scenario: Scenario; warnings: string[]; source: RunSource }
  /** the scenario given to "start" was invalid; the current run (if any) goes on */
  | { type: "scenario-invalid"; problems: ScenarioProblem[] }
  /** `snapshot.inFlight` is empty: the messages travel as `inFlight` columns (transferred buffers) */
  | { type: "snapshot"; snapshot: Snapshot; inFlight: InFlightColumns; paused: boolean; speed: number;
      /** events the run has processed (the replay point, with snapshot.nowUs) */
      events: number;
      /** the engine could not keep up with wall × speed: virtual time runs slower than asked */
      behind: boolean;
      /** the run holds its limit of writes: it stays paused (play and step are refused) */
      historyFull: HistoryFull | null;
      travel: TravelState;
      /** how many messages the worker had read when it posted this: a snapshot with received ≥ n
       *  shows the run after the page's n-th message (e.g. where a pause really stopped it) */
      received: number;
      /** the view jumped (a seek, a branch switch): `snapshot.log` holds the recent log anew, not what came since the last */
      jumped: boolean;
      /** while the diagram is on: what the live run recorded since the last snapshot (src/spacetime/feed.ts) */
      trace: TracePost | null }
  /** the answer to export-history: JSON lines, or why there are none */
  | { type: "history-lines"; id: number; lines: string | null; error: string | null }
  /** the branches changed (a command, a fork, a switch, a rename); the current one's end is in `travel` */
  | { type: "branches"; tree: BranchTree }
  /** Step ran one event: what it did and why, in one line (src/narrate); `events`: the run's count after it */
  | { type: "stepped"; text: string; atUs: number; events: number }
  /** a seek, switch or rename that could not be done: nothing changed */
  | { type: "travel-refused"; message: string }
  /** the answer to "lag-window": samples of the current branch before `atUs`, oldest first */
  | { type: "lag-window"; branch: number; atUs: number; samples: LagWindowSample[] }
  /** a run rebuilt from branches (a link, a restart): what could not be restored, in sentences */
  | { type: "restored"; notices: string[] }
  | { type: "command-applied"; id: number; applied: AppliedCommand }
  /** `op`: the op the command named (any text: the command may be malformed), or "command" */
  | { type: "command-rejected"; id: number; op: string; message: string }
  /** a message the worker could not act on (malformed): nothing changed, the run goes on */
  | { type: "refused"; what: string; message: string }
  /** the engine threw: the worker stops; the page offers a restart that replays the log */
  | { type: "fatal"; message: string; stack: string | null };
