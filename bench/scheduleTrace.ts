/*
 * A second view of the yardstick, a diagnostic beside the target: the same bare heap driven by
 * the engine's own schedule instead of the hold model's uniform random delays. The engine's run
 * is recorded once (every event it pushes, and during which event: a replay is due 20 µs ahead,
 * a network delivery milliseconds ahead), then the heap pops the same number of events and,
 * after each, pushes what the engine pushed after it, as far ahead. Its handlers stay trivial.
 *
 * The recording wraps the queue's push on one Simulation object, which changes that object's
 * shape: V8's feedback at every call site that schedules an event would see two shapes. So it
 * runs only after the engine's timed runs, never before them.
 */
import { Simulation } from "../src/engine/index";
import type { Scenario } from "../src/engine/scenario/schema";
import { BaselineHeap, cpuMsSince, type BaselineResult } from "./baselineHeap";

export interface ScheduleTrace {
  /** due times of the events queued before the run's first event (the first arrival, timers), µs */
  initial: Float64Array<ArrayBuffer>;
  /** per event, in the order the engine ran them: how many events it pushed */
  pushes: Int32Array<ArrayBuffer>;
  /** every push, in order: how far ahead of the event that pushed it, µs */
  delays: Float64Array<ArrayBuffer>;
}

interface Pushable { push(time: number, kind: number, a: number, b?: number): void }

/** Runs the scenario event by event to its end, recording its schedule. */
export function recordSchedule(scenario: Scenario): ScheduleTrace {
  const sim = new Simulation(scenario);
  const queue = (sim as unknown as { queue: Pushable & { size: number } }).queue;
  const queuedAtStart = queue.size;
  let now = 0;
  const delays: number[] = [];
  const push = queue.push.bind(queue);
  queue.push = (time, kind, a, b) => { delays.push(time - now); push(time, kind, a, b); };
  const pushes: number[] = [], popped: number[] = [];
  const end = scenario.durationMs * 1000;
  for (let t = sim.nextEventUs(); t !== null && t <= end; t = sim.nextEventUs()) {
    now = t;
    const before = delays.length;
    sim.step();
    popped.push(t);
    pushes.push(delays.length - before);
  }
  return { initial: initialTimes(queuedAtStart, popped, pushes, delays, end), pushes: Int32Array.from(pushes),
    delays: Float64Array.from(delays) };
}

/**
 * The events queued before the run were pushed in the constructor, unrecorded. Those the run
 * popped are the popped times no recorded push accounts for (a multiset difference); the rest
 * were still queued at the end (long timers), and stand at times past it.
 */
function initialTimes(queuedAtStart: number, popped: number[], pushes: number[], delays: number[], end: number): Float64Array<ArrayBuffer> {
  const pushed: number[] = [];
  for (let e = 0, p = 0; e < pushes.length; e++) for (let k = 0; k < pushes[e]!; k++) pushed.push(popped[e]! + delays[p++]!);
  const a = [...popped].sort((x, y) => x - y), b = pushed.sort((x, y) => x - y);
  const initial: number[] = [];
  for (let i = 0, j = 0; i < a.length; i++) {
    while (j < b.length && b[j]! < a[i]!) j++;
    if (j < b.length && b[j] === a[i]) j++;
    else initial.push(a[i]!);
  }
  for (let i = initial.length; i < queuedAtStart; i++) initial.push(end + 1 + i);
  return Float64Array.from(initial);
}

/** The bare heap doing the recorded run's events: pop, then push what the engine pushed then. */
export function runHeapOnSchedule(trace: ScheduleTrace): BaselineResult {
  const heap = new BaselineHeap();
  const { initial, pushes, delays } = trace;
  for (let i = 0; i < initial.length; i++) heap.push(initial[i]!, i);
  let checksum = 0, p = 0;
  const events = pushes.length;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let e = 0; e < events; e++) {
    heap.pop();
    checksum = (checksum + heap.payload) | 0;
    const now = heap.time;
    for (let k = pushes[e]!; k > 0; k--) heap.push(now + delays[p]!, p++);
  }
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  return { events, wallMs, cpuMs, eventsPerSec: events / (wallMs / 1000), eventsPerCpuSec: events / (cpuMs / 1000),
    finalSize: heap.size, checksum };
}
