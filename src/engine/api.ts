import type { Checkpoint } from "./checkpoint/checkpoint";
import type { TraceRecorder } from "./trace/recorder";
import type { Command, HistoryEvent, InFlightColumns, Report, Snapshot } from "./views";

/** Thrown for a command that names something that does not exist or cannot be done now. */
export class CommandError extends Error {
  override name = "CommandError";
}

/** The simulation as the worker, the CLI and the tests drive it. Implemented by `Simulation`. */
export interface SimulationApi {
  /** virtual time, integer µs */
  readonly nowUs: number;
  /**
   * write rows the engine holds: every write not yet compacted away by the retention window
   * (compactHistory), and the older ones it still needs (src/engine/retention)
   */
  readonly writesKept: number;
  /** process every event with time <= timeUs (at most maxEvents), then set the clock to timeUs. Returns events processed. */
  runUntil(timeUs: number, maxEvents?: number): number;
  /** process the next event; false when none is left */
  step(): boolean;
  /** the event step() or runUntil() ran last: its kind and arguments (eventKinds.ts), node `a`'s name */
  lastEvent(): { kind: number; a: number; b: number; aNode: string | null };
  /** time of the next event, or null */
  nextEventUs(): number | null;
  /** apply a command now; throws CommandError with a readable message when it cannot */
  command(cmd: Command): void;
  /** a plain-data picture of now; log entries with seq > sinceLogSeq */
  snapshot(sinceLogSeq?: number, options?: { omitInFlight?: boolean }): Snapshot;
  /** the messages in flight as typed-array columns (cheap to post from a worker) */
  inFlightColumns(): InFlightColumns;
  report(): Report;
  /**
   * The whole state, saved: restoreSimulation(checkpoint) builds a simulation that goes on
   * exactly as this one does from here. Immutable; shares unchanged columns with this
   * simulation's previous checkpoint (src/engine/checkpoint).
   */
  checkpoint(): Checkpoint;
  /**
   * Drops the history every node has durably passed (src/engine/retention): memory only, never
   * what the run shows or reports. Optional: a stand-in engine may hold nothing to drop.
   */
  compactHistory?(): void;
}

export interface SimulationOptions {
  /** every client history event, as it happens (for --history and outside checkers) */
  onHistory?: (event: HistoryEvent) => void;
  /**
   * Opt-in: records messages, operations and fault bands for a space-time diagram
   * (src/engine/trace). Options are not part of a checkpoint, so the owner of this object may
   * set or clear the field while the run goes on (the page's worker does).
   */
  trace?: TraceRecorder | null;
}
