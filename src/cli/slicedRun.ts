/*
 * The engine runs in slices of events, and between two slices the CLI returns to Node's event
 * loop: that is where a signal (Ctrl-C, SIGTERM) is handled, the history file drains and the
 * progress line is redrawn. A slice aims at SLICE_TARGET_MS of work, sized from the last one, so
 * the loop is visited dozens of times a second whatever the scenario's cost per event;
 * the engine's own loop (runUntil) is the same code as for a run in one go.
 */
import type { Simulation } from "../engine/index";

/** a slice's aim in wall time: short enough for a prompt stop, long enough to cost nothing */
export const SLICE_TARGET_MS = 15;
/**
 * Below this a slice costs more than it saves: on a loaded machine a slice that lost the CPU
 * looks slow, and shrinking after it made slices of a few hundred events, the run 30 % slower
 * (bench:slices). 4,096 events take 1-10 ms.
 */
const MIN_SLICE = 4096;
const MAX_SLICE = 1 << 22;

export type StopSignal = "SIGINT" | "SIGTERM";

export interface SliceHooks {
  /** wall clock in ms (performance.now) */
  now(): number;
  /** after each slice: the run so far (progress) */
  onSlice?(sim: Simulation): void;
  /** asked after each slice: a signal that stops the run, or null to go on */
  stopRequested(): StopSignal | null;
  /** waited for after each slice when true (the history file's back-pressure) */
  mustWait?(): boolean;
  wait?(): Promise<void>;
}

/** Lets Node's event loop run its I/O and signal handlers once (a macrotask, not a microtask). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `sim` to `endUs` (every event up to that µs) unless a signal stops it first; returns that signal or null. */
export async function runSliced(sim: Simulation, endUs: number, hooks: SliceHooks): Promise<StopSignal | null> {
  let slice = 4096;
  for (;;) {
    const started = hooks.now();
    const ran = sim.runUntil(endUs, slice);
    const tookMs = hooks.now() - started;
    hooks.onSlice?.(sim);
    if (ran < slice) return null; // through: runUntil moved the clock to endUs
    await turn();
    if (hooks.mustWait?.()) await hooks.wait!();
    const stop = hooks.stopRequested();
    if (stop !== null) return stop;
    // Aim the next slice at the target: growing by at most 4x, shrinking by at most half at a time
    // (one slice that lost the CPU to another process is no trend).
    const scale = tookMs <= 0 ? 4 : Math.min(4, Math.max(0.5, SLICE_TARGET_MS / tookMs));
    slice = Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.round(slice * scale)));
  }
}
