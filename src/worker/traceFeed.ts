/*
 * The worker's side of the space-time diagram: while the page shows the diagram, the live run
 * records its messages, operations and fault bands (src/engine/trace), and every snapshot
 * carries what was recorded since the last one.
 *
 * Switched on mid-run, or after the live run changed (a seek that forked, a branch switch), the
 * trace of the past is rebuilt by replaying the live run from the start with a recorder (the
 * engine is deterministic: the replay records exactly what the live run did), and the recorder
 * then goes on with the live run. Off, the engine pays nothing but a property check.
 */
import { Simulation } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import { attachTrace, TraceRecorder } from "../engine/trace/recorder";
import { deltaSince, START_CURSOR, type TraceCursor, type TraceDelta } from "../spacetime/feed";
import { Run } from "./run";

export interface TracePost {
  /** the page drops what it had: this delta starts the run's trace anew */
  reset: boolean;
  delta: TraceDelta;
}

export class TraceFeed {
  private on = false;
  private rec: TraceRecorder | null = null;
  private attachedTo: Run | null = null;
  private cursor: TraceCursor = START_CURSOR;
  private reset = false;

  get enabled(): boolean { return this.on; }

  set(on: boolean): void {
    this.on = on;
    if (!on) this.detach();
  }

  /** Forget the run (a new start): the next delta is a reset. */
  forget(): void {
    this.detach();
  }

  /** What to post with the next snapshot of `live` (null: the diagram is off). */
  next(scenario: Scenario, live: Run): TracePost | null {
    if (!this.on) return null;
    if (this.attachedTo !== live) this.rebuild(scenario, live);
    const { delta, cursor } = deltaSince(this.rec!, this.cursor);
    this.cursor = cursor;
    const reset = this.reset;
    this.reset = false;
    return { reset, delta };
  }

  private rebuild(scenario: Scenario, live: Run): void {
    this.detach();
    const rec = new TraceRecorder();
    const replay = new Run(new Simulation(scenario, { trace: rec }), Infinity);
    replay.replay(live.replayPoint());
    attachTrace(live.sim as Simulation, rec);
    this.rec = rec;
    this.attachedTo = live;
    this.cursor = START_CURSOR;
    this.reset = true;
  }

  private detach(): void {
    if (this.attachedTo) attachTrace(this.attachedTo.sim as Simulation, null);
    this.attachedTo = null;
    this.rec = null;
  }
}
