/*
 * REAL-BEHAVIOUR.md, WAL retention. A standby without a slot, down while more WAL than
 * wal_keep_size is written and a checkpoint runs, cannot rejoin: "requested WAL segment has
 * already been removed" (it needs a new base backup). With a slot, the primary retains all that
 * WAL (wal_status reserved) and the standby rejoins. With max_slot_wal_keep_size too small the
 * slot goes unreserved, then lost at the next checkpoint, and the standby cannot rejoin.
 *
 * Tiny segments (4 KB) and ~70-byte records, so a few hundred writes cross many segments.
 */
import { describe, expect, it } from "vitest";
import { pgLab, type Lab } from "./lab";

const SEGMENT_MB = 4096 / (1024 * 1024);
const KEEP_MB = 8192 / (1024 * 1024);

function downWhileWriting(slot: boolean, maxSlotKeepMb = -1): Lab {
  const lab = pgLab([{ name: "s1", networkDelayMs: 1, jitterMs: 0, slot }, { name: "s2", networkDelayMs: 1, jitterMs: 0 }], {
    synchronous_commit: "on", synchronous_standby_names: "",
    wal_segment_size_mb: SEGMENT_MB, wal_keep_size_mb: KEEP_MB, max_slot_wal_keep_size_mb: maxSlotKeepMb,
  });
  lab.runTo(100);
  lab.do({ op: "crash", node: "s1", kind: "process" });
  for (let i = 0; i < 400; i++) { lab.write(`k${i % 10}`, `v${i}`); lab.runFor(2); }
  lab.runFor(100);
  return lab;
}

describe("a standby down while WAL is written and a checkpoint runs", () => {
  it("without a slot: WAL past wal_keep_size is removed and the standby cannot rejoin", () => {
    const lab = downWhileWriting(false);
    lab.do({ op: "checkpoint" });
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(2000);
    const s1 = lab.node("s1");
    expect(s1.problem).toMatch(/requested WAL segment .*has already been removed/);
    expect(s1.lsn.flush).toBeLessThan(lab.node("primary").lsn.flush);
    expect(lab.standby("s1")).toBeUndefined();
    expect(lab.node("s2").lsn.flush).toBe(lab.node("primary").lsn.flush);
  });

  it("without a slot but no checkpoint yet: the WAL is still there and the standby rejoins", () => {
    const lab = downWhileWriting(false);
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(2000);
    expect(lab.node("s1").problem).toBeNull();
    expect(lab.node("s1").lsn.flush).toBe(lab.node("primary").lsn.flush);
  });

  it("a re-clone (new base backup) brings the slot-less standby back", () => {
    const lab = downWhileWriting(false);
    lab.do({ op: "checkpoint" });
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(500);
    lab.do({ op: "reclone", node: "s1" });
    lab.runFor(500);
    expect(lab.node("s1").problem).toBeNull();
    expect(lab.node("s1").lsn.replay).toBe(lab.node("primary").lsn.flush);
  });

  it("with a slot: the primary keeps the WAL (reserved) and the standby rejoins", () => {
    const lab = downWhileWriting(true);
    const [slot] = lab.snapshot().slots;
    expect(slot).toMatchObject({ name: "s1", walStatus: "reserved" });
    expect(slot!.retainedBytes).toBeGreaterThan(8192);
    lab.do({ op: "checkpoint" });
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(2000);
    expect(lab.node("s1").problem).toBeNull();
    expect(lab.node("s1").lsn.flush).toBe(lab.node("primary").lsn.flush);
    expect(lab.snapshot().slots[0]!.retainedBytes).toBe(0);
  });

  it("with max_slot_wal_keep_size too small: the slot goes unreserved, then lost at the checkpoint", () => {
    const lab = downWhileWriting(true, KEEP_MB);
    expect(lab.snapshot().slots[0]!.walStatus).toBe("unreserved");
    lab.do({ op: "checkpoint" });
    expect(lab.snapshot().slots[0]!.walStatus).toBe("lost");
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(2000);
    expect(lab.node("s1").problem).toMatch(/has already been removed/);
    expect(lab.standby("s1")).toBeUndefined();
  });
});
