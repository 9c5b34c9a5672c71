/*
 * The engine's own event queue (a timing wheel, src/engine/core/eventQueue.ts) driven exactly as
 * the bare-heap baseline is: filled to the engine's mean queue size, each event's only work to
 * push one successor 1–maxDelayUs µs ahead. Printed beside the heap baseline so that a reader
 * can tell how much of the engine's figure comes from its queue being cheaper than a binary heap
 * and how much from the simulation itself. Not the target's yardstick: that is the heap.
 */
import { EventQueue } from "../src/engine/core/eventQueue";
import { cpuMsSince, xorshift32, type BaselineOptions, type BaselineResult } from "./baselineHeap";

export function runQueueOnly(opts: BaselineOptions): BaselineResult {
  const maxDelay = opts.maxDelayUs ?? 5000;
  const rand = xorshift32(opts.seed ?? 1);
  const q = new EventQueue();
  const size = Math.max(1, Math.round(opts.queueSize));
  for (let i = 0; i < size; i++) q.push(1 + (rand() % maxDelay), 1, i);
  let checksum = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let n = 0; n < opts.events; n++) {
    q.pop();
    checksum = (checksum + q.a) | 0;
    q.push(q.time + 1 + (rand() % maxDelay), 1, q.a);
  }
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  return { events: opts.events, wallMs, cpuMs, eventsPerSec: opts.events / (wallMs / 1000),
    eventsPerCpuSec: opts.events / (cpuMs / 1000), finalSize: q.size, checksum };
}
