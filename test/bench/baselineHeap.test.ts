import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BaselineHeap, runBaseline, xorshift32 } from "../../bench/baselineHeap";
import { runQueueOnly } from "../../bench/queueOnly";

type Ev = { time: number; seq: number };
const before = (x: Ev, y: Ev) => x.time < y.time || (x.time === y.time && x.seq < y.seq);

describe("baseline heap", () => {
  it("pops every event in (time, seq) order, ties in insertion order", () => {
    // Few distinct times, so most events tie and only the sequence can order them.
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3000 }), (times) => {
      const heap = new BaselineHeap();
      times.forEach((t, i) => heap.push(t, i));
      const expected = times.map((time, seq) => ({ time, seq })).sort((x, y) => x.time - y.time || x.seq - y.seq);
      const got: Ev[] = [];
      while (heap.pop()) {
        expect(heap.payload).toBe(heap.seq); // payload is the insertion index: it travelled with its event
        got.push({ time: heap.time, seq: heap.seq });
      }
      expect(got).toEqual(expected);
      expect(heap.size).toBe(0);
    }));
  });

  it("matches a sorted-list model when pushes and pops interleave, as an event loop does", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(-1)), { maxLength: 4000 }), (ops) => {
      const heap = new BaselineHeap();
      const model: Ev[] = [];
      let seq = 0;
      let now = 0;
      for (const op of ops) {
        if (op < 0) {
          const popped = heap.pop();
          expect(popped).toBe(model.length > 0);
          if (!popped) continue;
          let best = 0;
          for (let i = 1; i < model.length; i++) if (before(model[i]!, model[best]!)) best = i;
          const [want] = model.splice(best, 1);
          expect({ time: heap.time, seq: heap.seq }).toEqual(want);
          expect(heap.time).toBeGreaterThanOrEqual(now); // successors are never scheduled in the past
          now = heap.time;
        } else {
          heap.push(now + op, seq);
          model.push({ time: now + op, seq: seq++ });
        }
        expect(heap.size).toBe(model.length);
      }
    }));
  });

  it("orders a large random heap (past its initial capacity) with float times", () => {
    const rand = xorshift32(12345);
    const heap = new BaselineHeap();
    const n = 50_000;
    for (let i = 0; i < n; i++) heap.push((rand() % 100_000) / 7, i);
    let prevTime = -Infinity, prevSeq = -1, count = 0, outOfOrder = 0;
    while (heap.pop()) {
      if (!before({ time: prevTime, seq: prevSeq }, { time: heap.time, seq: heap.seq })) outOfOrder++;
      prevTime = heap.time;
      prevSeq = heap.seq;
      count++;
    }
    expect(outOfOrder).toBe(0);
    expect(count).toBe(n);
  });

  it("runBaseline processes the requested events and keeps the heap at its size", () => {
    const r = runBaseline({ events: 100_000, queueSize: 300, seed: 3 });
    expect(r.events).toBe(100_000);
    expect(r.finalSize).toBe(300);
    expect(r.eventsPerSec).toBeGreaterThan(0);
  });

  it("the engine's queue alone does the same work: same events, same payloads seen, same size kept", () => {
    const opts = { events: 50_000, queueSize: 40, seed: 9 };
    const heap = runBaseline(opts), wheel = runQueueOnly(opts);
    expect([wheel.events, wheel.finalSize]).toEqual([50_000, 40]);
    // Same successors drawn from the same xorshift stream: both loops pop the same events in the same order.
    expect(wheel.checksum).toBe(heap.checksum);
  });
});
