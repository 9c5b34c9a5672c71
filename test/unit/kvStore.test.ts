import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KvStore, KvTable } from "../../src/engine/cluster/kvStore";

describe("KvStore", () => {
  it("calls a version newest only when no version shown on its timeline has a larger or equal LSN", () => {
    const set = fc.record({ key: fc.nat(5), lsn: fc.nat(50), timeline: fc.integer({ min: 1, max: 4 }) });
    fc.assert(fc.property(fc.array(fc.oneof(set, fc.record({ ask: set })), { maxLength: 80 }), (steps) => {
      const kv = new KvStore(new KvTable(), 0);
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
    const kv = new KvStore(new KvTable(), 0);
    kv.set(1, 0, 100, 1);
    kv.set(2, 1, 200, 1);
    expect(kv.isNewest(250, 1)).toBe(true);
    expect(kv.isNewest(150, 1)).toBe(false);
    kv.set(3, 2, 180, 2);
    expect(kv.isNewest(190, 2)).toBe(true);
    kv.set(4, 3, 300, 1);
    expect(kv.isNewest(400, 2)).toBe(false);
  });

  it("keeps each node's column apart while the table grows in rows and columns, and clears one column", () => {
    const set = fc.record({ node: fc.nat(6), key: fc.nat(300), id: fc.nat(10_000) });
    fc.assert(fc.property(fc.array(fc.oneof(set, fc.record({ clear: fc.nat(6) })), { maxLength: 200 }), (steps) => {
      const table = new KvTable();
      const nodes: KvStore[] = [];
      const model: Map<number, number>[] = [];
      // Columns are created as nodes are, one after another, some of them late.
      const node = (i: number) => {
        while (nodes.length <= i) { nodes.push(new KvStore(table, nodes.length)); model.push(new Map()); }
        return i;
      };
      for (const s of steps) {
        if ("clear" in s) { nodes[node(s.clear)]!.clear(); model[s.clear]!.clear(); continue; }
        nodes[node(s.node)]!.set(s.key, s.id, 1, 1);
        model[s.node]!.set(s.key, s.id);
      }
      nodes.forEach((kv, i) => {
        for (let key = 0; key <= 300; key++) expect(kv.get(key)).toBe(model[i]!.get(key) ?? -1);
      });
    }), { numRuns: 200 });
  });
});
