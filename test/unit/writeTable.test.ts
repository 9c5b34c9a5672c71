import { describe, expect, it } from "vitest";
import { W_PENDING, WriteTable } from "../../src/engine/clients/writeTable";

describe("WriteTable", () => {
  it("starts every row as not yet done (completeUs, lsn and node -1, pending, level 0), also rows added after it grows", () => {
    const w = new WriteTable(4);
    for (let i = 0; i < 37; i++) {
      const id = w.add(10 * i, i % 5, i % 3, i % 2 === 0 ? -1 : i, i === 7 ? "x" : null);
      expect(id).toBe(i);
      // A row filled in before a later growth keeps what it was given.
      if (id === 2) { w.lsn[id] = 500; w.node[id] = 1; w.complete(id, 1, 77); }
    }
    for (let id = 0; id < 37; id++) {
      expect([w.invokeUs[id], w.keyId[id], w.sessionId[id], w.action(id)]).toEqual([10 * id, id % 5, id % 3, id % 2 === 0 ? null : id]);
      if (id === 2) expect([w.lsn[id], w.node[id], w.completeUs[id], w.status[id]]).toEqual([500, 1, 77, 1]);
      else expect([w.lsn[id], w.node[id], w.completeUs[id], w.status[id], w.level[id], w.timeline[id], w.lost[id]])
        .toEqual([-1, -1, -1, W_PENDING, 0, 0, 0]);
    }
    expect(w.value(7)).toBe("x");
    expect(w.value(8)).toBe("v8");
  });
});
