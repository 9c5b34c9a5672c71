/*
 * WAL retention (REAL-BEHAVIOUR.md, "WAL retention and failover"): a checkpoint removes whole
 * WAL segments nobody needs: older than wal_keep_size behind the tip and than every slot's
 * restart_lsn. A standby without a slot that fell too far behind cannot rejoin ("requested WAL
 * segment has already been removed") and needs a re-clone; a slot holds the WAL back and grows
 * the primary's disk use; a slot more than max_slot_wal_keep_size behind is `unreserved`, then
 * `lost` at the next checkpoint, and its standby cannot rejoin either.
 *
 * Tiny segments (4096 bytes) and 69-byte records (64 header + "k3" + "042"), so 400 writes make
 * 27 600 bytes of WAL and cross six segment boundaries.
 */
import { describe, expect, it } from "vitest";
import { pg, rep, type Run } from "./harness";

const MB = 1024 * 1024;
const SEGMENT = 4096;
const RECORD = 69;
const TIP = 400 * RECORD;

function settings(keepBytes: number, maxSlotBytes = -1, checkpointMs = 300_000) {
  return {
    synchronous_commit: "on", synchronous_standby_names: "", wal_segment_size_mb: SEGMENT / MB, wal_keep_size_mb: keepBytes / MB,
    max_slot_wal_keep_size_mb: maxSlotBytes < 0 ? -1 : maxSlotBytes / MB, checkpoint_timeout_ms: checkpointMs,
  } as const;
}

/** s1 (with or without a slot) crashes at 100 ms; 400 writes follow, 2 ms apart; s2 keeps streaming. */
function s1DownWhileWriting(slot: boolean, keepBytes: number, maxSlotBytes = -1, checkpointMs = 300_000): Run {
  const r = pg([rep("s1", 1, { slot }), rep("s2", 1)], settings(keepBytes, maxSlotBytes, checkpointMs));
  r.to(100).do({ op: "crash", node: "s1", kind: "process" });
  for (let i = 0; i < 400; i++) { r.write(`k${i % 10}`, String(i).padStart(3, "0")); r.for(2); }
  r.for(10);
  expect(r.node("primary").lsn.flush).toBe(TIP);
  return r;
}

describe("a standby without a slot", () => {
  it("down while more than wal_keep_size is written and a checkpoint runs: refused, \"requested WAL segment has already been removed\"", () => {
    const r = s1DownWhileWriting(false, 8192);
    expect(r.node("primary").walRetainedBytes).toBe(TIP);
    r.do({ op: "checkpoint" });
    // Keep wal_keep_size (8192) behind the tip, rounded down to a segment: from 16384 on.
    expect(r.logText()).toContain("checkpoint on primary: removed WAL segments before LSN 16384");
    expect(r.node("primary").walRetainedBytes).toBe(TIP - 16384);
    r.do({ op: "restart", node: "s1" }).for(2000);
    expect(r.node("s1")).toMatchObject({ state: "up", lsn: { flush: 0 },
      problem: "requested WAL segment at LSN 0 has already been removed (oldest kept: 16384); a new base backup is needed" });
    expect(r.standby("s1")).toBeUndefined();
    expect(r.report().nodes.find((n) => n.name === "s1")!.state).toBe("disconnected");
    // It keeps retrying (wal_retrieve_retry_interval 5 s) and keeps being refused.
    r.for(10_000);
    expect(r.logTimes(/s1: could not stream from primary: requested WAL segment/).length).toBeGreaterThanOrEqual(3);
  });

  it("a re-clone (a new base backup) brings it back", () => {
    const r = s1DownWhileWriting(false, 8192);
    r.do({ op: "checkpoint" }).do({ op: "restart", node: "s1" }).for(100);
    r.do({ op: "reclone", node: "s1" }).for(100);
    expect(r.node("s1")).toMatchObject({ problem: null, lsn: { flush: TIP, replay: TIP } });
    expect(r.standby("s1")?.state).toBe("streaming");
    expect(r.read("s1", "k9")).toBe("399");
  });

  it("down, but the WAL it missed is within wal_keep_size: the checkpoint keeps it and the standby rejoins", () => {
    const r = s1DownWhileWriting(false, 32_768);
    r.do({ op: "checkpoint" });
    expect(r.node("primary").walRetainedBytes).toBe(TIP);
    r.do({ op: "restart", node: "s1" }).for(100);
    expect(r.node("s1")).toMatchObject({ problem: null, lsn: { flush: TIP } });
  });

  it("down, far behind, but no checkpoint has run yet: the WAL is still there and it rejoins", () => {
    const r = s1DownWhileWriting(false, 0);
    r.do({ op: "restart", node: "s1" }).for(100);
    expect(r.node("s1")).toMatchObject({ problem: null, lsn: { flush: TIP } });
  });

  it("checkpoint_timeout runs checkpoints by itself", () => {
    const r = s1DownWhileWriting(false, 8192, -1, 500);
    r.to(1000);
    expect(r.logTimes(/checkpoint on primary: removed WAL segments/).length).toBeGreaterThan(0);
    expect(r.node("primary").walRetainedBytes).toBe(TIP - 16384);
  });
});

describe("a standby with a physical replication slot", () => {
  it("the slot holds back all the WAL the standby has not confirmed: disk use grows with every write", () => {
    const r = pg([rep("s1", 1, { slot: true }), rep("s2", 1)], settings(0));
    r.to(100).do({ op: "crash", node: "s1", kind: "process" });
    const retained: number[] = [];
    for (let i = 0; i < 400; i++) {
      r.write(`k${i % 10}`, String(i).padStart(3, "0"));
      r.for(2);
      if (i % 100 === 99) retained.push(r.node("primary").walRetainedBytes!);
    }
    expect(retained).toEqual([100, 200, 300, 400].map((n) => n * RECORD));
    expect(r.snapshot().slots).toEqual([{ name: "s1", restartLsn: 0, walStatus: "reserved", retainedBytes: TIP }]);
  });

  it("a checkpoint removes nothing it holds (wal_status reserved), and the standby rejoins", () => {
    const r = s1DownWhileWriting(true, 8192);
    r.do({ op: "checkpoint" });
    expect(r.node("primary").walRetainedBytes).toBe(TIP);
    r.do({ op: "restart", node: "s1" }).for(100);
    expect(r.node("s1")).toMatchObject({ problem: null, lsn: { flush: TIP } });
    // Caught up: the slot's restart_lsn follows s1's flush, and the next checkpoint frees the WAL.
    expect(r.snapshot().slots).toEqual([{ name: "s1", restartLsn: TIP, walStatus: "reserved", retainedBytes: 0 }]);
    r.do({ op: "checkpoint" });
    expect(r.node("primary").walRetainedBytes).toBe(TIP - 16384);
  });

  it("past max_slot_wal_keep_size: `unreserved`; the next checkpoint invalidates it (`lost`); the standby cannot rejoin", () => {
    const r = s1DownWhileWriting(true, 8192, 16_384);
    expect(r.snapshot().slots).toEqual([{ name: "s1", restartLsn: 0, walStatus: "unreserved", retainedBytes: TIP }]);
    r.do({ op: "checkpoint" });
    expect(r.snapshot().slots).toEqual([{ name: "s1", restartLsn: 0, walStatus: "lost", retainedBytes: 0 }]);
    expect(r.logText()).toContain(`slot of s1 invalidated: it held back ${TIP} bytes, more than max_slot_wal_keep_size (wal_status lost)`);
    expect(r.node("primary").walRetainedBytes).toBe(TIP - 16384);
    r.do({ op: "restart", node: "s1" }).for(2000);
    expect(r.node("s1").problem).toMatch(/^requested WAL segment at LSN 0 has already been removed/);
    expect(r.report().slots).toEqual([{ name: "s1", restartLsn: 0, walStatus: "lost", retainedBytes: 0 }]);
  });

  it("after a lost slot, a re-clone brings the standby back with a new reserved slot", () => {
    const r = s1DownWhileWriting(true, 8192, 16_384);
    r.do({ op: "checkpoint" }).do({ op: "restart", node: "s1" }).for(100).do({ op: "reclone", node: "s1" }).for(100);
    expect(r.node("s1")).toMatchObject({ problem: null, lsn: { flush: TIP } });
    expect(r.snapshot().slots).toEqual([{ name: "s1", restartLsn: TIP, walStatus: "reserved", retainedBytes: 0 }]);
  });

  it("within max_slot_wal_keep_size the slot stays reserved through a checkpoint", () => {
    const r = s1DownWhileWriting(true, 8192, 32_768);
    r.do({ op: "checkpoint" });
    expect(r.snapshot().slots[0]).toMatchObject({ walStatus: "reserved", retainedBytes: TIP });
  });

  it("a new primary keeps slots for the standbys that want one (as Patroni recreates them)", () => {
    const r = pg([rep("s1", 1), rep("s2", 1, { slot: true })], settings(0));
    r.to(100).writes(3, "k", 10);
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(200);
    expect(r.snapshot().slots).toEqual([{ name: "s2", restartLsn: 210, walStatus: "reserved", retainedBytes: 0 }]);
  });
});
