/*
 * Checkpoints along a run, and seeking with them. A moment of a run is reached again exactly by
 * restoring the nearest checkpoint at or before it and running forward, applying the run's
 * commands at the event counts (and virtual times) they were logged at: the engine is
 * deterministic, so this rebuilds the very state the run had there. Pure: no DOM, no worker API,
 * no clock; the worker, the CLI and the benchmark use it alike.
 *
 * Checkpoints are kept every `everyEvents` events of whatever run is observed. A checkpoint
 * belongs to the commands applied before it: it serves every branch whose log starts with
 * those commands and has none between them and the checkpoint, so branches share the
 * checkpoints before their fork. Past `maxCheckpoints`, older ones are thinned (every other one
 * in the older half goes), so density falls with age and memory stays bounded. Memory is
 * counted by distinct chunk: checkpoints share the unchanged parts of their columns.
 *
 * The retention window: before each checkpoint the run's simulation drops the history every
 * node has durably passed (Simulation.compactHistory: memory only, never what the run shows),
 * so a checkpoint holds only a window's worth of rows; checkpoints older than `windowUs` behind
 * the newest go. From then on a seek reaches back only to the oldest checkpoint kept on its
 * branch (`earliest`); before it, the moment would have to be rebuilt from the start.
 */
import { type Checkpoint, restoreSimulation, Simulation } from "../engine";
import type { SimulationOptions } from "../engine/api";
import type { Scenario } from "../engine/scenario/schema";
import type { AppliedCommand } from "../worker/protocol";
import { Run } from "../worker/run";

export interface KeeperPolicy {
  /** events between two checkpoints of a run */
  everyEvents: number;
  /** checkpoints kept before the older half is thinned */
  maxCheckpoints: number;
  /** the writes a run may hold (Run's historyLimit) */
  historyLimit?: number;
  /** virtual µs of history behind the newest checkpoint a seek can reach (the retention window) */
  windowUs: number;
  /**
   * compact a run's history before each checkpoint (Simulation.compactHistory). Off only for tests
   * that compare a sought run's whole internal state with a run never compacted.
   */
  compact: boolean;
}

/** Ten minutes of simulated time: what a class steps back through, with room to spare. */
export const DEFAULT_WINDOW_US = 600_000_000;

/**
 * A checkpoint every 100,000 events: a seek runs forward at most that many (about 20–40 ms of CPU
 * at the engine's speed), restoring costs a few ms, about a tenth of such an interval, and a
 * 10-minute run at 2,000 writes/s keeps about 110 checkpoints in about 160 MB. At 50,000 seeks
 * were twice as fast but the same run held 236 MB (docs/benchmarks.md, "Time travel").
 */
export const DEFAULT_POLICY: KeeperPolicy = { everyEvents: 100_000, maxCheckpoints: 400, windowUs: DEFAULT_WINDOW_US, compact: true };

/**
 * A moment of a run: after exactly `events` events, with the log's commands up to there applied.
 * With `untilUs`, the clock then moved on to that time (as the pacer moves it between events),
 * and commands logged at `events` events at or before that time are applied too; without it,
 * the moment is right after the events-th event, before any command logged at that count.
 */
export interface Moment {
  events: number;
  untilUs?: number;
}

/** What a kept checkpoint is (for the page's timeline marks and for tests). */
export interface CheckpointInfo {
  events: number;
  nowUs: number;
  /** commands applied before it */
  commands: number;
}

interface Kept {
  cp: Checkpoint;
  events: number;
  nowUs: number;
  /** the commands applied before it, in order */
  log: readonly AppliedCommand[];
}

export class CheckpointKeeper {
  readonly policy: KeeperPolicy;
  /** ordered by events, then time */
  private kept: Kept[] = [];
  /** how many kept checkpoints hold each chunk (memory is counted once per chunk) */
  private readonly chunkUsers = new Map<object, number>();
  private chunkBytes = 0;
  private objectBytes = 0;
  /** whether the window has dropped a checkpoint: then moments before the oldest kept are out of reach */
  private windowDropped = false;

  constructor(readonly scenario: Scenario, policy: Partial<KeeperPolicy> = {}, private readonly simOptions: SimulationOptions = {}) {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    if (!(this.policy.everyEvents >= 1) || !(this.policy.maxCheckpoints >= 2) || !(this.policy.windowUs > 0)) {
      throw new RangeError("everyEvents ≥ 1, maxCheckpoints ≥ 2 and windowUs > 0");
    }
  }

  /** bytes the kept checkpoints hold (their distinct chunks, and an estimate of their objects) */
  get bytes(): number {
    return this.chunkBytes + this.objectBytes;
  }

  get count(): number {
    return this.kept.length;
  }

  list(): CheckpointInfo[] {
    return this.kept.map((k) => ({ events: k.events, nowUs: k.nowUs, commands: k.log.length }));
  }

  /**
   * The earliest moment a seek along the branch `log` can reach: the start until the retention
   * window has dropped a checkpoint; then the oldest checkpoint kept on the branch (a branch with
   * none kept is rebuilt from the start, however long that takes).
   */
  earliest(log: readonly AppliedCommand[] = []): { events: number; atUs: number } {
    if (this.windowDropped) {
      for (const k of this.kept) if (onBranch(k, log)) return { events: k.events, atUs: k.nowUs };
    }
    return { events: 0, atUs: 0 };
  }

  /** Call after `run` advanced or took a command: saves a checkpoint of it when one is due. */
  observe(run: Run): boolean {
    const last = this.latestFor(run.log, { events: run.events, untilUs: run.nowUs });
    if (run.events - (last?.events ?? 0) < this.policy.everyEvents) return false;
    this.save(run);
    return true;
  }

  /** Saves a checkpoint of `run` as it is now (its simulation compacted first), and lets older ones go. */
  save(run: Run): void {
    if (this.policy.compact) run.compactHistory();
    const cp = run.sim.checkpoint();
    const k: Kept = { cp, events: run.events, nowUs: run.nowUs, log: [...run.log] };
    let i = this.kept.length;
    while (i > 0 && (this.kept[i - 1]!.events > k.events || (this.kept[i - 1]!.events === k.events && this.kept[i - 1]!.nowUs > k.nowUs))) i--;
    this.kept.splice(i, 0, k);
    this.hold(k, 1);
    this.dropOutsideWindow(k.nowUs);
    if (this.kept.length > this.policy.maxCheckpoints) this.thin();
  }

  /** Drops the checkpoints more than the window behind `newestUs` (one that young stays, however many go). */
  private dropOutsideWindow(newestUs: number): void {
    const from = newestUs - this.policy.windowUs;
    if (!this.kept.some((k) => k.nowUs < from)) return;
    this.kept = this.kept.filter((k) => {
      if (k.nowUs >= from) return true;
      this.hold(k, -1);
      return false;
    });
    this.windowDropped = true;
  }

  /**
   * A run at `target` on the branch whose commands are `log`: the nearest checkpoint at or before
   * it restored, then run forward with the log's commands. `options`: the new simulation's (a
   * history hook). The run returned is the caller's; the checkpoints are not changed by it.
   * `reuse`: a run the caller is done with (the previous seek's, while the Timeline slider is
   * dragged): when it lies on the branch between that checkpoint and the target it is simply run
   * on; else its columns are recycled (restoreSimulation's reuse). Either way it must not be used
   * again except as the run returned.
   */
  seek(log: readonly AppliedCommand[], target: Moment, options: SimulationOptions = this.simOptions, reuse?: Run): Run {
    if (reuse?.retired) throw new RangeError("seek: the run to reuse was already recycled by an earlier seek");
    const from = this.latestFor(log, target);
    let run: Run;
    if (reuse && before(asKept(reuse), target) && onBranch(asKept(reuse), log) && reuse.events >= (from?.events ?? 0) &&
      (reuse.sim as Simulation).options === options) {
      // The run to reuse is on the way there, past the nearest checkpoint: no restore at all.
      run = reuse;
    } else if (from) {
      // With no run to recycle, into a new simulation's objects: made by the engine's own
      // constructors, they have the hidden classes the engine's code was optimized for, and the
      // events run after the seek do not pay for a second shape of every object (GraphCopier.copy).
      const into = (reuse?.sim as Simulation | undefined) ?? new Simulation(this.scenario);
      const sim = restoreSimulation(from.cp, options, into);
      // Its simulation (the very object, filled in place) now holds this moment: the old run is done.
      reuse?.retire("a later seek recycled its simulation");
      run = new Run(sim, this.policy.historyLimit, { events: from.events, log: from.log });
    } else {
      reuse?.retire("a later seek replaced it");
      run = new Run(new Simulation(this.scenario, options), this.policy.historyLimit);
    }
    runForward(run, log, target);
    return run;
  }

  /** The kept checkpoints that lie on the branch `log`, oldest first. */
  listOn(log: readonly AppliedCommand[]): CheckpointInfo[] {
    return this.kept.filter((k) => onBranch(k, log)).map((k) => ({ events: k.events, nowUs: k.nowUs, commands: k.log.length }));
  }

  /** The latest kept checkpoint that lies on the branch `log` at or before `target`. */
  private latestFor(log: readonly AppliedCommand[], target: Moment): Kept | null {
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const k = this.kept[i]!;
      if (before(k, target) && onBranch(k, log)) return k;
    }
    return null;
  }

  /** Drops every other checkpoint of the older half (the first kept one stays). */
  private thin(): void {
    const older = Math.floor(this.kept.length / 2);
    const next: Kept[] = [];
    this.kept.forEach((k, i) => {
      if (i < older && i % 2 === 1) this.hold(k, -1);
      else next.push(k);
    });
    this.kept = next;
  }

  private hold(k: Kept, by: 1 | -1): void {
    this.objectBytes += by * k.cp.objectBytes;
    for (const c of k.cp.chunks) {
      const n = (this.chunkUsers.get(c) ?? 0) + by;
      if (n === 0) { this.chunkUsers.delete(c); this.chunkBytes -= c.byteLength; }
      else {
        if (n === 1 && by === 1) this.chunkBytes += c.byteLength;
        this.chunkUsers.set(c, n);
      }
    }
  }
}

function asKept(run: Run): Pick<Kept, "events" | "nowUs" | "log"> {
  return { events: run.events, nowUs: run.nowUs, log: run.log };
}

/** Whether checkpoint k comes at or before the moment. */
function before(k: Pick<Kept, "events" | "nowUs">, t: Moment): boolean {
  if (k.events < t.events) return true;
  // At the same count only when the moment's clock is not behind it (and a moment without a
  // time is right after the event, which a checkpoint at that count may already be past).
  return k.events === t.events && t.untilUs !== undefined && k.nowUs <= t.untilUs;
}

/** Whether k's commands are the first of `log`, with none of the log's others before k. */
function onBranch(k: Pick<Kept, "events" | "nowUs" | "log">, log: readonly AppliedCommand[]): boolean {
  if (k.log.length > log.length) return false;
  for (let i = 0; i < k.log.length; i++) if (!sameEntry(k.log[i]!, log[i]!)) return false;
  const next = log[k.log.length];
  return next === undefined || next.events > k.events || (next.events === k.events && next.atUs >= k.nowUs);
}

function sameEntry(a: AppliedCommand, b: AppliedCommand): boolean {
  return a === b || (a.atUs === b.atUs && a.events === b.events && JSON.stringify(a.cmd) === JSON.stringify(b.cmd));
}

/** The log's commands that come before the moment (see Moment). */
export function commandsBefore(log: readonly AppliedCommand[], t: Moment): AppliedCommand[] {
  return log.filter((e) => e.events < t.events || (e.events === t.events && t.untilUs !== undefined && e.atUs <= t.untilUs));
}

/** virtual time one runUntil call may cover while counting events (any bound works: see runEvents) */
const STRIDE_US = 1_000_000;

/** Brings `run` forward to `target`, applying the log's commands it has not applied yet. */
function runForward(run: Run, log: readonly AppliedCommand[], target: Moment): void {
  const todo = commandsBefore(log, target).slice(run.log.length);
  if (target.untilUs !== undefined) {
    run.replay({ log: todo, untilUs: target.untilUs, untilEvents: target.events });
    return;
  }
  const last = todo[todo.length - 1];
  if (last) run.replay({ log: todo, untilUs: last.atUs, untilEvents: last.events });
  runEvents(run, target.events);
}

/**
 * Runs exactly up to `events` events. The clock ends at the last event's time: a call that
 * stops on the count does not move it, and one that ran out of events before its time limit
 * moves it only to a time before the next event, which that event then sets anyway.
 */
function runEvents(run: Run, events: number): void {
  while (run.events < events) {
    const next = run.nextEventUs();
    if (next === null) break;
    run.runUntil(next + STRIDE_US, events - run.events);
  }
}
