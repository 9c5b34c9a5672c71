import { describe, expect, it } from "vitest";
import type { LogEntry, LossesView } from "../../src/engine/views";
import { consequences, lossWindowUs, readOf } from "../../src/ui/views/lostWritesModel";

const lost = (writeId: number, key: string, value: string, ackUs: number) =>
  ({ writeId, key, value, session: "client", node: "db1", ackUs, lsn: writeId * 66 });
const losses: LossesView = {
  total: 3,
  writes: [lost(1, "x", "1", 1_000_000), lost(2, "x", "2", 1_040_000), lost(3, "y", "7", 1_120_500)],
  failovers: [{ atUs: 2_000_000, promoted: "s1", from: "db1", lost: 3, rpoUs: 900_000 }],
};
const entry = (seq: number, atUs: number, kind: LogEntry["kind"], text: string): LogEntry => ({ seq, atUs, kind, text });

describe("lost writes", () => {
  it("measure the loss window from the first to the last lost acknowledgement", () => {
    expect(lossWindowUs(losses.writes)).toBe(120_500);
    expect(lossWindowUs([])).toBe(0);
  });

  it("read the key of a read's log line", () => {
    expect(readOf(entry(1, 0, "stale-read", "client reads x on s1: (none) — STALE"))).toEqual({ key: "x", value: null });
    expect(readOf(entry(1, 0, "stale-read", "bob reads user 7 on s2: v3 — STALE"))).toEqual({ key: "user 7", value: "v3" });
    expect(readOf(entry(1, 0, "read", "bob reads x on s2: 5"))).toEqual({ key: "x", value: "5" });
    expect(readOf(entry(1, 0, "crash", "db1 crashed"))).toBeNull();
  });

  it("mark a later read of a lost key that returns the older value as the loss's consequence", () => {
    const log = [
      entry(1, 500_000, "stale-read", "client reads x on s2: (none) — STALE"),
      entry(2, 3_000_000, "read", "client reads x on s1: (none)"),
      entry(3, 3_100_000, "read", "client reads x on s1: 2"),
      entry(4, 3_200_000, "read", "client reads z on s1: (none)"),
      entry(5, 3_300_000, "read", "w1 reads y on s1: v2"),
      entry(6, 3_300_000, "read", "w1 reads y on s1: v9"),
      entry(7, 3_400_000, "write-ok", "client writes x = 8 on s1"),
      entry(8, 3_500_000, "read", "client reads x on s1: (none)"),
    ];
    const c = consequences(losses, log);
    expect(c.map((x) => [x.entry.seq, x.key, x.lost.value])).toEqual([[2, "x", "2"], [5, "y", "7"]]);
  });
});
