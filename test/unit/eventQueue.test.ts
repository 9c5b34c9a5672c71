import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/engine/core/eventQueue";

describe("EventQueue", () => {
  it("pops in (time, insertion order), whatever is pushed and popped in between", () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 50 }) }), fc.constant({ pop: true as const }));
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const q = new EventQueue();
      const model: { time: number; seq: number }[] = [];
      let seq = 0;
      for (const o of ops) {
        if ("push" in o) {
          q.push(o.push, 1, seq, 0);
          model.push({ time: o.push, seq: seq++ });
        } else {
          model.sort((a, b) => a.time - b.time || a.seq - b.seq);
          const want = model.shift();
          expect(q.pop()).toBe(want !== undefined);
          if (want) expect([q.time, q.a]).toEqual([want.time, want.seq]);
        }
        expect(q.size).toBe(model.length);
      }
    }), { numRuns: 300 });
  });
});
