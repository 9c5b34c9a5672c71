/*
 * One run: an engine, the count of events it has processed and the log of commands applied to
 * it. The count matters: a command lands between two events, and replaying "after E events,
 * at time T" rebuilds exactly the same state in a new worker, whatever chunks the pacer used.
 */
import type { Command, InFlightColumns, Snapshot } from "../engine/views";
import type { SimulationApi } from "../engine/api";
import type { AppliedCommand, Replay } from "./protocol";
import { HISTORY_LIMIT_WRITES, type HistoryFull } from "./historyLimit";

export class Run {
  private eventCount: number;
  private readonly applied: AppliedCommand[];
  /** why the run may no longer be used (a seek recycled its simulation), or null */
  private retiredBy: string | null = null;

  /**
   * `historyLimit`: writes the run may hold before the page stops it (historyLimit.ts).
   * `from`: where `sim` already is (a simulation restored from a checkpoint): the events it has
   * processed and the commands applied to get there; a new simulation starts at 0 with none.
   */
  constructor(readonly sim: SimulationApi, readonly historyLimit = HISTORY_LIMIT_WRITES,
    from: { events: number; log: readonly AppliedCommand[] } = { events: 0, log: [] }) {
    this.eventCount = from.events;
    this.applied = [...from.log];
  }

  get events(): number { return this.eventCount; }

  /** Whether a seek recycled this run's simulation (it then holds another moment: see retire). */
  get retired(): boolean { return this.retiredBy !== null; }

  /**
   * The run's simulation was recycled into another run (CheckpointKeeper.seek's reuse): it now
   * holds another moment, so every later use of this run throws instead of showing that moment
   * under this run's event count and log.
   */
  retire(why: string): void {
    this.retiredBy = why;
  }

  private live(): void {
    if (this.retiredBy !== null) throw new Error(`this run can no longer be used: ${this.retiredBy}`);
  }
  get nowUs(): number { return this.sim.nowUs; }
  get log(): readonly AppliedCommand[] { return this.applied; }

  /** The pacer's view of the engine: counts every event it runs. */
  runUntil(timeUs: number, maxEvents?: number): number {
    this.live();
    const n = this.sim.runUntil(timeUs, maxEvents);
    this.eventCount += n;
    return n;
  }

  nextEventUs(): number | null { return this.sim.nextEventUs(); }

  /** Lets the engine drop history every node has durably passed (memory only: see SimulationApi). */
  compactHistory(): void {
    this.live();
    this.sim.compactHistory?.();
  }

  /** Null while the run may go on; once it holds its limit of writes, how many it holds. */
  historyFull(): HistoryFull | null {
    const writes = this.sim.writesKept;
    return writes >= this.historyLimit ? { writes, limit: this.historyLimit } : null;
  }

  step(): boolean {
    this.live();
    const ran = this.sim.step();
    if (ran) this.eventCount += 1;
    return ran;
  }

  /** Apply a command now. Throws what the engine throws (CommandError for a refused command). */
  command(cmd: Command): AppliedCommand {
    this.live();
    const entry: AppliedCommand = { atUs: this.sim.nowUs, events: this.eventCount, cmd };
    this.sim.command(cmd);
    this.applied.push(entry);
    return entry;
  }

  snapshot(sinceLogSeq: number): Snapshot {
    this.live();
    return this.sim.snapshot(sinceLogSeq);
  }

  /** A snapshot without its messages, and the messages as transferable columns. */
  snapshotForPosting(sinceLogSeq: number): { snapshot: Snapshot; inFlight: InFlightColumns } {
    this.live();
    return { snapshot: this.sim.snapshot(sinceLogSeq, { omitInFlight: true }), inFlight: this.sim.inFlightColumns() };
  }

  /** Where the run is, for a replay in another worker. */
  replayPoint(): Replay {
    return { log: [...this.applied], untilUs: this.sim.nowUs, untilEvents: this.eventCount };
  }

  /** Bring a fresh run to the point `replay` describes: same events, same commands, same time. */
  replay(replay: Replay): void {
    for (const entry of replay.log) {
      this.runTo(entry.atUs, entry.events);
      this.command(entry.cmd);
    }
    this.runTo(replay.untilUs, replay.untilEvents);
  }

  /** Run exactly up to `events` events (never more), then on to time `timeUs`. */
  private runTo(timeUs: number, events: number): void {
    // Bounded: every pass runs at least one event or stops.
    while (this.eventCount < events) {
      const n = this.runUntil(timeUs, events - this.eventCount);
      if (n === 0) break;
    }
    if (this.sim.nowUs < timeUs) {
      const next = this.sim.nextEventUs();
      // Only move the clock if that processes no further event: otherwise the count would differ.
      if (next === null || next > timeUs) this.runUntil(timeUs, 1);
    }
  }
}
