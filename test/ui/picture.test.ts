import { describe, expect, it } from "vitest";
import { FB_APPLY, FB_FLUSH, FB_PING_REPLY, FB_START, FB_STATUS, FB_WRITE } from "../../src/engine/cluster/state";
import { ACK_CAUSES } from "../../src/worker/inFlight";
import { tapeCells } from "../../src/ui/views/picture/tape";
import { treeLayout } from "../../src/ui/views/picture/treeLayout";
import type { NodeView, WalRecordView } from "../../src/engine/views";

describe("ACK causes cross the worker boundary by the engine's numbers", () => {
  it("the worker's names are in the engine's FB_* order", () => {
    expect([FB_WRITE, FB_FLUSH, FB_APPLY, FB_STATUS, FB_PING_REPLY, FB_START].map((n) => ACK_CAUSES[n]))
      .toEqual(["write", "flush", "apply", "status", "reply", "start"]);
  });
});

const rec = (i: number, timeline = 1): WalRecordView => ({ startLsn: i * 100, endLsn: (i + 1) * 100, writeId: i, key: "x", value: String(i), session: "c", timeline });
const node = (name: string, write: number, flush: number, replay: number, timeline = 1): NodeView => ({
  name, role: "replica", state: "up", crashKind: null, problem: null, wouldLose: null, wouldLoseAtLeast: false, walRetainedBytes: null, secondsBehindSourceUs: null,
  timeline, lsn: { insert: write, write, flush, replay }, config: { networkDelayMs: 0, jitterMs: 0, fsyncMs: 1, applyDelayMs: 0, lossPercent: 0 },
});

describe("a node's tape", () => {
  const records = [0, 1, 2, 3, 4].map((i) => rec(i));
  it("marks each record applied, flushed, received or not yet by the replica's own positions", () => {
    const cells = tapeCells(node("s1", 400, 300, 200), false, records, 5);
    expect(cells.map((c) => c.state)).toEqual(["applied", "applied", "flushed", "received", "missing"]);
    expect(cells[2]!.lsnText).toBe("0/C8");
    expect(cells[2]!.what).toBe("x=2");
    expect(cells[3]!.title).toContain("received (written, in memory), not yet flushed");
  });
  it("shows the newest records that fit", () => {
    expect(tapeCells(node("s1", 500, 500, 500), false, records, 3).map((c) => c.what)).toEqual(["x=2", "x=3", "x=4"]);
    expect(tapeCells(node("s1", 500, 500, 500), false, records, 0)).toEqual([]);
  });
  it("on the primary: flushed, or written and not yet flushed", () => {
    const p = { ...node("db1", 500, 400, 0), role: "primary" as const };
    expect(tapeCells(p, true, records, 5).map((c) => c.state)).toEqual(["flushed", "flushed", "flushed", "flushed", "received"]);
  });
  it("in MySQL/MariaDB's words: each cell at its position in the source's binary log file, the file in the title, relay log states", () => {
    const cells = tapeCells(node("s1", 400, 300, 200), false, records, 5, "mysql");
    expect(cells.map((c) => c.state)).toEqual(["applied", "applied", "flushed", "received", "missing"]);
    // offset 200 is byte 204 of mysql-bin.000001: the file's 4-byte magic number comes first
    expect(cells[2]!.lsnText).toBe("204");
    expect(cells[2]!.title).toBe("mysql-bin.000001:204: c wrote x=2 (binary log events mysql-bin.000001:204–304); on s1: in its relay log on disk, not yet applied");
    expect(cells.map((c) => c.title).join(" ")).not.toMatch(/WAL|\b0\/[0-9A-F]+/);
    const p = { ...node("db1", 500, 400, 0), role: "primary" as const };
    expect(tapeCells(p, true, records, 5, "mysql")[4]!.title).toContain("written to its binary log, not yet synced");
  });
  it("a node on an older timeline does not hold a newer timeline's records", () => {
    const cells = tapeCells(node("old", 500, 500, 500, 1), false, [rec(0), rec(1, 2)], 2);
    expect(cells.map((c) => c.state)).toEqual(["applied", "other-history"]);
  });
});

describe("the tree layout", () => {
  const z = { em: 15, cardHeight: 100, cellWidth: 50, client: { width: 195, height: 60 } };
  it("puts the primary on top, the replicas on a row below, the client beside the primary", () => {
    const l = treeLayout({ center: "db1", ring: ["s1", "s2"] }, 700, 320, z)!;
    expect(l.positions.get("db1")!.y).toBeLessThan(l.positions.get("s1")!.y);
    expect(l.positions.get("s1")!.y).toBe(l.positions.get("s2")!.y);
    expect(l.positions.get("s1")!.x).toBeLessThan(l.positions.get("s2")!.x);
    expect(l.client).not.toBeNull();
    expect(l.client!.x + l.client!.width / 2).toBeLessThan(l.positions.get("db1")!.x - l.centerCard.width / 2);
    expect(l.cells).toBeGreaterThanOrEqual(3);
  });
  it("gives up (the star takes over) when the replicas do not fit on one row with full cards, or the box is too low", () => {
    expect(treeLayout({ center: "p", ring: Array.from({ length: 16 }, (_, i) => `s${i}`) }, 700, 400, z)).toBeNull();
    expect(treeLayout({ center: "p", ring: ["s1"] }, 700, 150, z)).toBeNull();
  });
});
