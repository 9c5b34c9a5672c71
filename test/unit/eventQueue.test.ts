import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue, WHEEL_SPAN_US } from "../../src/engine/core/eventQueue";

/*
 * The timing-wheel queue against a plain sorted list: events leave in (time, insertion order),
 * whether they are due at once, within the wheel's span, right at its edge or far beyond it.
 */
const delay = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: WHEEL_SPAN_US - 3, max: WHEEL_SPAN_US + 3 }),
  fc.integer({ min: 0, max: 3 * WHEEL_SPAN_US }),
  fc.integer({ min: 0, max: 2 ** 40 }),
);
const op = fc.oneof(
  { arbitrary: fc.record({ push: delay, b: fc.integer({ min: -5, max: 5 }) }), weight: 3 },
  { arbitrary: fc.record({ popUntil: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 2 * WHEEL_SPAN_US })) }), weight: 2 },
  { arbitrary: fc.constant({ peek: true as const }), weight: 1 },
);

describe("EventQueue", () => {
  it("pops in (time, insertion order) through the wheel and the far heap, whatever is pushed in between", () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 600 }), fc.nat(2 ** 36), (ops, start) => {
      const q = new EventQueue();
      const model: { time: number; seq: number; b: number }[] = [];
      let seq = 0, now = 0;
      // Start somewhere on the clock, so the wheel's lists wrap at arbitrary places.
      q.push(start, 1, -1);
      expect(q.pop()).toBe(true);
      now = start;
      for (const o of ops) {
        if ("push" in o) {
          q.push(now + o.push, 2, seq, o.b);
          model.push({ time: now + o.push, seq: seq++, b: o.b });
        } else if ("peek" in o) {
          model.sort((x, y) => x.time - y.time || x.seq - y.seq);
          expect(q.peekTime()).toBe(model[0]?.time ?? null);
        } else {
          model.sort((x, y) => x.time - y.time || x.seq - y.seq);
          const limit = now + o.popUntil;
          const want = model[0] !== undefined && model[0].time <= limit ? model.shift() : undefined;
          expect(q.popUntil(limit)).toBe(want !== undefined);
          if (want) {
            expect([q.time, q.a, q.b, q.kind]).toEqual([want.time, want.seq, want.b, 2]);
            now = want.time;
          }
        }
        expect(q.size).toBe(model.length);
      }
      // Drain: everything left comes out in order.
      model.sort((x, y) => x.time - y.time || x.seq - y.seq);
      for (const want of model) {
        expect(q.pop()).toBe(true);
        expect([q.time, q.a]).toEqual([want.time, want.seq]);
      }
      expect(q.pop()).toBe(false);
    }), { numRuns: 400 });
  });

  it("refuses a time before the last event or a fractional one", () => {
    const q = new EventQueue();
    q.push(100, 1, 0);
    q.pop();
    expect(() => q.push(99, 1, 0)).toThrow(/not before the last event/);
    expect(() => q.push(100.5, 1, 0)).toThrow(/whole µs/);
    q.push(100, 1, 0);
    expect(q.size).toBe(1);
  });

  it("keeps thousands of simultaneous events in order (its storage grows)", () => {
    const q = new EventQueue();
    for (let i = 0; i < 5000; i++) q.push(i % 3 === 0 ? 7 : 5 + (i % 2) * WHEEL_SPAN_US * 4, 1, i);
    const out: [number, number][] = [];
    while (q.pop()) out.push([q.time, q.a]);
    const want = Array.from({ length: 5000 }, (_, i) => [i % 3 === 0 ? 7 : 5 + (i % 2) * WHEEL_SPAN_US * 4, i] as [number, number])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(out).toEqual(want);
  });
});
