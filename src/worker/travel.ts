/*
 * Time travel in the worker: the branches of the run (src/timeline/branches.ts), the run at the
 * current branch's live end, and, while the view is in the past, a second run at the moment
 * shown. Past moments are reached through the CheckpointKeeper (src/timeline/checkpoints.ts):
 * restore the nearest checkpoint at or before the moment, run forward. The live run is kept
 * aside while the view is in the past, so "Back to live" costs nothing; a command given in the
 * past forks a new branch, whose live run is the past run.
 */
import { CommandError } from "../engine/api";
import type { Command } from "../engine/views";
import { Simulation } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import { CheckpointKeeper, commandsBefore } from "../timeline/checkpoints";
import {
  currentBranch, extend, findBranch, forkAt, giveCommand, MAX_BRANCHES, newTree, renameBranch, switchBranch, type Branch, type BranchTree,
} from "../timeline/branches";
import { compareMoments, type LoggedCommand, type Moment, type Point } from "../timeline/moment";
import { Run } from "./run";
import { lagWindow, type LagWindowSample } from "./lagWindow";

/** A seek as the page asks for it: an event count, and the exact time and commands of a moment when known. */
export interface SeekTarget {
  events: number;
  atUs?: number;
  commands?: number;
}

/** A refused request: nothing changed. */
export class TravelError extends Error {
  override name = "TravelError";
}

export class Travel {
  private tree: BranchTree = newTree();
  private live: Run;
  private past: Run | null = null;
  readonly keeper: CheckpointKeeper;

  constructor(readonly scenario: Scenario, readonly historyLimit: number) {
    this.keeper = new CheckpointKeeper(scenario, { historyLimit });
    this.live = new Run(new Simulation(scenario), historyLimit);
  }

  /** The run on screen: the past moment, or the live end. */
  get shown(): Run { return this.past ?? this.live; }
  get liveRun(): Run { return this.live; }
  get inPast(): boolean { return this.past !== null; }
  get branches(): BranchTree { return this.tree; }
  get end(): Moment { return currentBranch(this.tree).end; }

  /** The earliest moment of the current branch a seek can reach (older ones are no longer kept). */
  earliest(): Moment {
    return this.keeper.earliest(currentBranch(this.tree).log);
  }

  point(): Point {
    const run = this.shown;
    return { events: run.events, atUs: run.nowUs, commands: run.log.length };
  }

  /** After the pacer (or a step) moved the live run: keep a checkpoint when due, move the branch's end. */
  advanced(): void {
    this.keeper.observe(this.live);
    this.tree = extend(this.tree, { events: this.live.events, atUs: this.live.nowUs });
  }

  /**
   * Apply a command to the run on screen. Live, it joins the branch; in the past it starts a new
   * branch from there, whose live end is that moment. Throws CommandError (nothing changes) when the
   * engine refuses it, TravelError when no branch can be added.
   */
  command(cmd: Command): { entry: LoggedCommand; forked: Branch | null } {
    const run = this.shown;
    const inForce = run.log.length;
    if (this.past && this.tree.branches.length >= MAX_BRANCHES) {
      throw new TravelError(`a run keeps at most ${MAX_BRANCHES} branches: this command would start one more`);
    }
    const entry = run.command(cmd);
    const given = giveCommand(this.tree, entry, inForce);
    if (!given.ok) throw new TravelError(given.message);
    this.tree = given.tree;
    if (this.past) {
      this.live = this.past;
      this.past = null;
    }
    this.keeper.observe(this.live);
    return { entry, forked: given.forked };
  }

  /**
   * Play on from the moment shown: in the past, a new branch starts there (the commands in force,
   * none added; the old future is kept) and the past run becomes its live end. At the live end,
   * nothing to do. Returns the new branch, or null. Throws TravelError when no branch can be added.
   */
  playHere(): Branch | null {
    const past = this.past;
    if (!past) return null;
    const r = forkAt(this.tree, { events: past.events, atUs: past.nowUs }, past.log.length);
    if (!r.ok) throw new TravelError(r.message);
    this.tree = r.tree;
    this.live = past;
    this.past = null;
    this.keeper.observe(this.live);
    return r.forked;
  }

  /** Show a moment of the current branch; at or past its end, the live end. */
  seek(target: SeekTarget): void {
    const branch = currentBranch(this.tree);
    const events = Math.max(0, Math.min(Math.floor(target.events), branch.end.events));
    if (events >= branch.end.events && (target.commands === undefined || target.commands >= branch.log.length)) {
      this.past = null;
      return;
    }
    // Before the retention window's oldest checkpoint: as far back as the window reaches.
    const first = this.earliest();
    if (events < first.events || (events === first.events && target.atUs !== undefined && target.atUs < first.atUs)) {
      target = { events: first.events, atUs: first.atUs, commands: commandsBefore(branch.log, { events: first.events, untilUs: first.atUs }).length };
      return this.seek(target);
    }
    const exact = target.atUs !== undefined && target.commands !== undefined;
    const log = exact ? branch.log.slice(0, target.commands) : branch.log;
    // The past run shown so far is recycled (run on, or its simulation refilled): only it, never
    // the live run. Handed over, it is no longer ours, even if the seek throws.
    const reuse = this.past ?? undefined;
    this.past = null;
    this.past = this.keeper.seek(log, exact ? { events, untilUs: target.atUs } : { events }, undefined, reuse);
  }

  stepBack(): void {
    const at = this.shown.events;
    if (at > 0) this.seek({ events: at - 1 });
  }

  /** One step forward in the past: the next command logged at this moment, else the next event. */
  stepForward(): void {
    const run = this.shown;
    const next = currentBranch(this.tree).log[run.log.length];
    if (next && next.events === run.events) this.seek({ events: next.events, atUs: next.atUs, commands: run.log.length + 1 });
    else this.seek({ events: run.events + 1 });
  }

  backToLive(): void {
    this.past = null;
  }

  /** Go to another branch's live end (its run rebuilt from the nearest checkpoint on it). */
  switchTo(id: number): void {
    const next = switchBranch(this.tree, id);
    if (!next) throw new TravelError(`there is no branch ${id}`);
    if (id === this.tree.current) return this.backToLive();
    const branch = currentBranch(next);
    try {
      this.live = this.keeper.seek(branch.log, { events: branch.end.events, untilUs: branch.end.atUs });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      throw new TravelError(`branch "${branch.name}" could not be rebuilt: ${err.message}`);
    }
    this.tree = next;
    this.past = null;
  }

  rename(id: number, name: string): void {
    const r = renameBranch(this.tree, id, name);
    if (!r.ok) throw new TravelError(r.message);
    this.tree = r.tree;
  }

  /**
   * Rebuild a run from a tree of branches (a link, or a restart): the current branch run to its
   * end with checkpoints kept on the way, then the moment shown. A command the engine refuses ends
   * its branch there. Returns what could not be restored, in sentences.
   */
  restore(tree: BranchTree, at: Point): string[] {
    const notices: string[] = [];
    const branch = currentBranch(tree);
    const built = buildAlong(this.live, this.keeper, branch.log, branch.end);
    let restored = tree;
    if (built !== null) {
      const { index, message } = built;
      notices.push(`Branch "${branch.name}": its command ${index + 1} (${branch.log[index]!.cmd.op}) could not be applied ` +
        `(${message}); the branch ends there.`);
      const cut: Branch = { ...branch, log: branch.log.slice(0, index), inherited: Math.min(branch.inherited, index),
        end: { events: this.live.events, atUs: this.live.nowUs } };
      restored = { ...tree, branches: tree.branches.map((b) => (b.id === cut.id ? cut : b)) };
    }
    this.tree = restored;
    const end = currentBranch(restored).end;
    if (built === null && compareMoments(at, end) <= 0) this.seek(at);
    return notices;
  }

  /** The replay-lag samples before the moment shown, one each `stepUs`, replayed aside (lagWindow.ts). */
  lagWindow(stepUs: number): LagWindowSample[] {
    const run = this.shown;
    return lagWindow(this.keeper, currentBranch(this.tree).log, { events: run.events, atUs: run.nowUs }, stepUs);
  }

  findBranch(id: number): Branch | undefined {
    return findBranch(this.tree, id);
  }
}

/**
 * Bring `run` forward along `log` to `end`, saving checkpoints on the way. Null when done; else the
 * index of the command the engine refused (the run stops just before it).
 */
export function buildAlong(run: Run, keeper: CheckpointKeeper, log: readonly LoggedCommand[], end: Moment): { index: number; message: string } | null {
  for (let i = run.log.length; i < log.length; i++) {
    const entry = log[i]!;
    runObserved(run, keeper, entry.events, entry.atUs);
    try {
      run.replay({ log: [entry], untilUs: entry.atUs, untilEvents: entry.events });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      return { index: i, message: err.message };
    }
    keeper.observe(run);
  }
  runObserved(run, keeper, end.events, end.atUs);
  run.replay({ log: [], untilUs: end.atUs, untilEvents: end.events });
  keeper.observe(run);
  return null;
}

/** Run up to `events` events (none later than `boundUs`) in pieces, keeping checkpoints between them. */
function runObserved(run: Run, keeper: CheckpointKeeper, events: number, boundUs: number): void {
  // Bounded: each pass runs events or stops.
  while (run.events < events) {
    const before = run.events;
    run.replay({ log: [], untilUs: boundUs, untilEvents: Math.min(events, run.events + keeper.policy.everyEvents) });
    keeper.observe(run);
    if (run.events === before) break;
  }
}
