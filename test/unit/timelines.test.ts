import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Timeline } from "../../src/engine/wal/timelines";

/*
 * A timeline keeps write ids only: a record's end is its write's commit LSN, its start the end of
 * the record before it. Held here against a plain list of (start, end) records through appends,
 * crash cuts and re-appends.
 */

type Step = { t: "append"; bytes: number } | { t: "cut"; back: number } | { t: "find"; at: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant("append" as const), bytes: fc.integer({ min: 1, max: 300 }) }), weight: 6 },
  { arbitrary: fc.record({ t: fc.constant("cut" as const), back: fc.nat(5) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("find" as const), at: fc.nat(20_000) }), weight: 2 },
);

describe("Timeline", () => {
  it("derives every record's start from the record before it, like a list that stores both", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5_000 }), fc.array(stepArb, { maxLength: 300 }), (first, steps) => {
      const lsn = new Float64Array(1024);
      const writes = { lsn, base: 0, lsnOf: (id: number) => lsn[id]! };
      const tl = new Timeline(2, null, first, writes, 4);
      const list: { start: number; end: number; id: number }[] = [];
      let insert = first, nextId = 0;
      for (const s of steps) {
        if (s.t === "append") {
          const id = nextId++;
          tl.append(insert, id);
          insert += s.bytes;
          writes.lsn[id] = insert;
          list.push({ start: insert - s.bytes, end: insert, id });
        } else if (s.t === "cut") {
          // A crash cuts at a flushed record's end: `back` records before the last.
          const keep = Math.max(0, list.length - s.back);
          const at = keep === 0 ? first : list[keep - 1]!.end;
          tl.truncate(at);
          list.length = keep;
          insert = at;
        } else {
          const want = list.findIndex((r) => r.start >= s.at);
          expect(tl.lowerBound(s.at)).toBe(want < 0 ? list.length : want);
        }
        expect(tl.count).toBe(list.length);
        list.forEach((r, i) => {
          expect(tl.start(i)).toBe(r.start);
          expect(tl.writeIds[i]).toBe(r.id);
        });
      }
    }), { numRuns: 200 });
  });

  it("refuses a record that does not start where the last one ends", () => {
    const lsn = new Float64Array(8);
    const writes = { lsn, base: 0, lsnOf: (id: number) => lsn[id]! };
    const tl = new Timeline(1, null, 0, writes);
    tl.append(0, 0);
    writes.lsn[0] = 80;
    expect(() => tl.append(81, 1)).toThrow(/WAL record at 81 on timeline 1: the last record ends at 80/);
    tl.append(80, 1);
    expect(tl.start(1)).toBe(80);
  });
});
