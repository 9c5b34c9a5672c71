/*
 * The replay-lag chart for a moment the page has not played (a link opened on it, a jump past what
 * this page saw): the chart draws one sample per snapshot the page received, so such a moment
 * starts with an empty chart. Here the worker replays the moments before it in a scratch run,
 * from a kept checkpoint, and samples pg_stat_replication's replay_lag where the page would have:
 * one sample a frame at the speed in force. The engine is deterministic, so a sample taken this way
 * is the one the page would have drawn had it played that moment (test/timeline/lagWindow.test.ts).
 *
 * Bounded: at most MAX_WINDOW_EVENTS events are replayed (past the nearest checkpoint) (the worker answers nothing else
 * meanwhile); a window that would need more starts later, at a checkpoint within reach.
 */
import type { CheckpointKeeper } from "../timeline/checkpoints";
import type { LoggedCommand } from "../timeline/moment";
import type { Run } from "./run";
import type { Snapshot } from "../engine/views";

/**
 * one sample: each standby's replay_lag (µs; null while none is reported), as pg_stat_replication
 * shows it, and each replica's own Seconds_Behind_Source (µs; null for NULL), as MySQL's chart draws it
 */
export interface LagWindowSample {
  atUs: number;
  lags: [name: string, replayLagUs: number | null][];
  behind: [name: string, secondsBehindSourceUs: number | null][];
}

/** A snapshot's lag sample: what the chart draws of it (the page's own snapshots are sampled by this too, store.ts). */
export function lagSampleOf(snap: Snapshot, atUs = snap.nowUs): LagWindowSample {
  return {
    atUs,
    lags: snap.replication.map((r) => [r.name, r.replayLagUs]),
    behind: snap.nodes.filter((n) => n.role === "replica").map((n) => [n.name, n.secondsBehindSourceUs]),
  };
}

/** events a window may replay: about a third of a second of engine time at ~1 M events/s */
export const MAX_WINDOW_EVENTS = 300_000;
/** samples a window holds at most (the chart keeps 600, the last of which is the moment itself) */
export const MAX_WINDOW_SAMPLES = 599;

/**
 * The samples at `at.atUs − k × stepUs` for k = count … 1 that lie on or after the first moment
 * reachable within MAX_WINDOW_EVENTS (and not before 0), oldest first. `log` is the branch's
 * command log; `at` a moment of that branch (its event count and time).
 */
export function lagWindow(keeper: CheckpointKeeper, log: readonly LoggedCommand[], at: { events: number; atUs: number },
  stepUs: number, count = MAX_WINDOW_SAMPLES, maxEvents = MAX_WINDOW_EVENTS): LagWindowSample[] {
  if (!(stepUs >= 1) || count < 1 || at.atUs <= 0) return [];
  const wantFromUs = Math.max(0, at.atUs - count * stepUs);
  const start = startingPoint(keeper, log, at, wantFromUs, maxEvents);
  const firstK = Math.min(count, Math.floor((at.atUs - Math.max(wantFromUs, start.nowUs)) / stepUs));
  if (firstK < 1) return [];
  // A scratch run of its own: the runs on screen are not touched.
  const run = keeper.seek(log, { events: start.events, untilUs: start.nowUs });
  const samples: LagWindowSample[] = [];
  for (let k = firstK; k >= 1; k--) {
    const t = at.atUs - k * stepUs;
    if (t <= 0) continue; // at time 0 nothing has happened to chart
    advanceTo(run, log, t, at.events);
    samples.push(lagSampleOf(run.sim.snapshot(Number.MAX_SAFE_INTEGER, { omitInFlight: true }), t));
  }
  return samples;
}

/**
 * Runs every event up to time `t` (never past `maxEvents`), applying the branch's commands given
 * by then at their exact moments, as the live run took them.
 */
function advanceTo(run: Run, log: readonly LoggedCommand[], t: number, maxEvents: number): void {
  let end = run.log.length;
  while (end < log.length && log[end]!.atUs <= t && log[end]!.events <= maxEvents) end++;
  run.replay({ log: log.slice(run.log.length, end), untilUs: t, untilEvents: maxEvents });
}

/**
 * Where the scratch run starts: the latest checkpoint on the branch at or before the window's start,
 * unless replaying from it to `at` would exceed MAX_WINDOW_EVENTS; then the earliest one within
 * reach (the window is shortened to start there); with none kept before `at`, the run's start.
 */
function startingPoint(keeper: CheckpointKeeper, log: readonly LoggedCommand[], at: { events: number; atUs: number },
  fromUs: number, maxEvents: number): { events: number; nowUs: number } {
  const before = keeper.listOn(log).filter((c) => c.events <= at.events && c.nowUs <= at.atUs);
  let best: { events: number; nowUs: number } = { events: 0, nowUs: 0 };
  for (const c of before) if (c.nowUs <= fromUs) best = c;
  if (at.events - best.events <= maxEvents) return best;
  const inReach = before.find((c) => at.events - c.events <= maxEvents);
  return inReach ?? before.at(-1) ?? best;
}
