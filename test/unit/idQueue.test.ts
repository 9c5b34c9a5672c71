import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdQueue } from "../../src/engine/clients/writeTable";

describe("IdQueue", () => {
  it("is a FIFO: any mix of pushes and shifts (through its regrowth and reuse of space) matches a plain array", () => {
    // a run of pushes (n > 0) or shifts (n < 0)
    fc.assert(fc.property(fc.array(fc.integer({ min: -200, max: 300 }), { maxLength: 40 }), (runs) => {
      const q = new IdQueue(), model: number[] = [];
      let next = 0;
      for (const n of runs) {
        if (n > 0) for (let i = 0; i < n; i++) { q.push(next); model.push(next++); }
        for (let i = 0; i < -n && model.length > 0; i++) expect(q.shift()).toBe(model.shift());
        expect(q.length).toBe(model.length);
        if (model.length > 0) expect([q.peek(), q.at(model.length - 1)]).toEqual([model[0], model.at(-1)]);
      }
    }), { numRuns: 300 });
  });
});
