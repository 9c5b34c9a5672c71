/*
 * Pacing: virtual time follows wall time × speed. Pure (the wall clock is passed in), so the
 * vitest suite drives it with a fake clock and a fake engine.
 *
 * The clock is an anchor: "virtual time anchorUs was reached at wall time anchorWallMs".
 * Changing speed, pausing, stepping or falling behind re-anchors at the engine's current
 * time, so virtual time never jumps and a slow engine never builds up debt (no spiral).
 */

/** The slice of the engine the pacer drives. */
export interface Runnable {
  readonly nowUs: number;
  runUntil(timeUs: number, maxEvents?: number): number;
  nextEventUs(): number | null;
}

export interface PaceClock {
  anchorWallMs: number;
  anchorUs: number;
  /** virtual ms per wall ms */
  speed: number;
  paused: boolean;
}

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;
export const SPEED_PRESETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

export function newClock(nowUs: number, wallMs: number, speed: number, paused: boolean): PaceClock {
  return { anchorWallMs: wallMs, anchorUs: nowUs, speed: clampSpeed(speed), paused };
}

/** Where virtual time should be now, integer µs (the engine's clock is integer µs). */
export function targetUs(clock: PaceClock, wallMs: number): number {
  if (clock.paused) return clock.anchorUs;
  const elapsedWallMs = Math.max(0, wallMs - clock.anchorWallMs);
  return Math.floor(clock.anchorUs + elapsedWallMs * clock.speed * 1000);
}

/** Re-anchor at the engine's time: used on speed change, pause, resume, step and falling behind. */
export function reanchor(clock: PaceClock, nowUs: number, wallMs: number, change: Partial<Pick<PaceClock, "speed" | "paused">> = {}): PaceClock {
  return {
    anchorWallMs: wallMs,
    anchorUs: nowUs,
    speed: change.speed === undefined ? clock.speed : clampSpeed(change.speed),
    paused: change.paused ?? clock.paused,
  };
}

export interface AdvanceResult {
  clock: PaceClock;
  events: number;
  /** the time budget ran out before virtual time reached its target */
  behind: boolean;
  /** events per chunk to try next tick (learned from how long this tick's chunks took) */
  chunk: number;
}

export interface AdvanceOptions {
  /** wall-clock ms one tick may spend in the engine, so the worker stays responsive */
  budgetMs: number;
  /** events to run per runUntil call, adapted tick to tick */
  chunk: number;
  now: () => number;
  /** never run past this virtual time (a lesson step's exact end): the tick stops there */
  stopAtUs?: number | null;
}

const MIN_CHUNK = 16;
const MAX_CHUNK = 50_000;

/** Run the engine towards the clock's target, for at most budgetMs of wall time. */
export function advance(sim: Runnable, clock: PaceClock, opts: AdvanceOptions): AdvanceResult {
  const start = opts.now();
  const target = Math.min(targetUs(clock, start), opts.stopAtUs ?? Number.POSITIVE_INFINITY);
  let chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(opts.chunk)));
  if (clock.paused || target <= sim.nowUs) return { clock, events: 0, behind: false, chunk };

  let events = 0;
  // Bounded: each pass either finishes or spends wall time, and the budget ends the loop.
  for (;;) {
    const before = opts.now();
    const n = sim.runUntil(target, chunk);
    events += n;
    const after = opts.now();
    if (!hasWorkBefore(sim, target)) {
      // A run capped at exactly `chunk` events leaves the clock at its last event: move it on.
      if (sim.nowUs < target) sim.runUntil(target, 1);
      return { clock, events, behind: false, chunk: grow(chunk, n, after - before, opts.budgetMs) };
    }
    chunk = grow(chunk, n, after - before, opts.budgetMs);
    if (after - start >= opts.budgetMs) {
      // Drop the debt: from here virtual time runs on from where the engine got to.
      return { clock: reanchor(clock, Math.min(sim.nowUs, target), after), events, behind: true, chunk };
    }
  }
}

function hasWorkBefore(sim: Runnable, target: number): boolean {
  const next = sim.nextEventUs();
  return next !== null && next <= target;
}

/** Size the next chunk so that it takes about a quarter of the budget. */
function grow(chunk: number, ran: number, tookMs: number, budgetMs: number): number {
  if (ran < chunk) return chunk; // finished early: no information about the cost
  if (tookMs <= 0) return Math.min(MAX_CHUNK, chunk * 2);
  const perEventMs = tookMs / ran;
  const ideal = Math.floor(budgetMs / 4 / perEventMs);
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, ideal));
}
