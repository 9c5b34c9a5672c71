import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KvStore } from "../../src/engine/cluster/kvStore";

describe("KvStore", () => {
  it("calls a version newest only when no version shown on its timeline has a larger or equal LSN", () => {
    const set = fc.record({ key: fc.nat(5), lsn: fc.nat(50), timeline: fc.integer({ min: 1, max: 4 }) });
    fc.assert(fc.property(fc.array(fc.oneof(set, fc.record({ ask: set })), { maxLength: 80 }), (steps) => {
      const kv = new KvStore();
      const shown = new Map<number, { lsn: number; timeline: number; id: number }>();
      let id = 0;
      for (const s of steps) {
        if ("ask" in s) {
          if (kv.isNewest(s.ask.lsn, s.ask.timeline)) {
            for (const v of shown.values()) if (v.timeline === s.ask.timeline) expect(v.lsn).toBeLessThan(s.ask.lsn);
          }
        } else {
          kv.set(s.key, id, s.lsn, s.timeline);
          shown.set(s.key, { lsn: s.lsn, timeline: s.timeline, id: id++ });
        }
      }
      for (const [key, v] of shown) expect(kv.get(key)).toBe(v.id);
      expect(kv.get(99)).toBe(-1);
    }), { numRuns: 500 });
  });

  it("keeps the shortcut while versions come in lineage order", () => {
    const kv = new KvStore();
    kv.set(1, 0, 100, 1);
    kv.set(2, 1, 200, 1);
    expect(kv.isNewest(250, 1)).toBe(true);
    expect(kv.isNewest(150, 1)).toBe(false);
    kv.set(3, 2, 180, 2);
    expect(kv.isNewest(190, 2)).toBe(true);
    kv.set(4, 3, 300, 1);
    expect(kv.isNewest(400, 2)).toBe(false);
  });
});
