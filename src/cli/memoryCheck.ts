/*
 * Before a run: would the scenario's writes fit in this machine's memory? The engine keeps every
 * write (its row, its WAL record, the checker's row while it matters), and a scenario may ask for
 * up to a million writes a second for a day. Such a run would fill memory minutes in and die with
 * V8's out-of-memory abort, not a message; this says so before it starts, in numbers.
 */
import { plannedWrites } from "../engine/scenario/expectedWrites";
import type { Scenario } from "../engine/scenario/schema";

/**
 * Bytes the engine holds a write, rounded up: measured at 54-78 bytes over runs of 1 to 14
 * million writes, 1 + 3 nodes (docs/benchmarks.md), including the columns' room to grow.
 */
export const BYTES_PER_WRITE = 80;

/** Null when the planned writes fit in `memoryBytes`; else why not, for an exit status 2. */
export function memoryProblem(scenario: Scenario, memoryBytes: number): string | null {
  const writes = plannedWrites(scenario);
  const needs = writes * BYTES_PER_WRITE;
  if (needs <= memoryBytes) return null;
  return `the scenario asks for about ${count(writes)} writes (workload.writesPerSec over the time the workload runs, ` +
    `and its write actions); the simulator keeps every write, about ${BYTES_PER_WRITE} bytes each: ${size(needs)}, ` +
    `more than this machine's ${size(memoryBytes)} of memory. Lower workload.writesPerSec or durationMs, ` +
    "or stop the workload sooner (workload.stopMs)";
}

function count(n: number): string {
  return Math.round(n).toLocaleString("en");
}

function size(bytes: number): string {
  const gb = bytes / 2 ** 30;
  if (gb >= 1024) return `${(gb / 1024).toFixed(1)} TB`;
  if (gb >= 1) return `${gb.toFixed(1)} GB`;
  return bytes >= 2 ** 20 ? `${Math.ceil(bytes / 2 ** 20)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}
