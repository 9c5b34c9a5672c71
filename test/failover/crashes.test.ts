/*
 * Crashes (DESIGN.md, docs/model.md "Failures"): a process crash keeps what was fsynced and what
 * sits in the OS page cache; a power loss keeps only what was fsynced. For a standby that is
 * the difference between its write (received) and flush positions, and it is what makes
 * synchronous_commit = remote_write weaker than on. A restarted node replays its own WAL.
 *
 * Every replica here has jitter 0, so each time below is an exact sum of delays:
 * primary fsync 1 ms, one network leg = the replica's networkDelayMs, replica fsync as given.
 */
import { describe, expect, it } from "vitest";
import { pg, rep } from "./harness";

/** s1 fsyncs slowly (50 ms): for 50 ms after it receives a record, the record is written, not flushed. */
function slowFsyncStandby(level: "remote_write" | "on") {
  const r = pg([rep("s1", 1, { fsyncMs: 50 }), rep("s2", 1)], { synchronous_commit: level, synchronous_standby_names: "FIRST 1 (s1)" });
  r.to(100);
  // s2 must not hold the write either: it is cut off, so the only copy is s1's.
  r.do({ op: "partition", between: ["primary", "s2"] });
  const op = r.write("x", "1");
  return { r, op };
}

describe("process crash vs power loss of a standby", () => {
  it("a process crash keeps the standby's written-but-unflushed WAL; a power loss drops it", () => {
    for (const kind of ["process", "power"] as const) {
      const { r } = slowFsyncStandby("remote_write");
      r.to(110);
      // received at 102 ms (1 ms fsync on the primary + 1 ms leg), fsync done only at 152 ms
      expect(r.node("s1").lsn).toMatchObject({ write: 66, flush: 0, replay: 0 });
      r.do({ op: "crash", node: "s1", kind });
      expect(r.node("s1")).toMatchObject({ state: "down", crashKind: kind, lsn: { write: kind === "power" ? 0 : 66, flush: 0 } });
      r.do({ op: "restart", node: "s1" });
      // A process crash: the page cache survived and recovery fsyncs it.
      expect(r.node("s1").lsn.flush).toBe(kind === "power" ? 0 : 66);
    }
  });

  it("remote_write: the commit returns once s1 has written it (3 ms), before s1's fsync", () => {
    const { r, op } = slowFsyncStandby("remote_write");
    r.to(110);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 103_000, lsn: 66 });
  });

  it("remote_write + power loss of s1 + primary crash + promote s1: the acknowledged write is lost", () => {
    const { r, op } = slowFsyncStandby("remote_write");
    r.to(110);
    r.do({ op: "crash", node: "s1", kind: "power" });
    r.do({ op: "crash", node: "primary", kind: "process" });
    r.to(200).do({ op: "restart", node: "s1" }).to(300).do({ op: "promote", node: "s1" }).to(400);
    const rep_ = r.report();
    expect(rep_.failovers).toEqual([{ atMs: 300, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 1, restoredWrites: 0, rpoMs: 7 }]);
    expect(rep_.lostAcknowledgedWrites).toBe(1);
    expect(rep_.ledger).toEqual({ acknowledgedDurable: 0, acknowledgedAtRisk: 0, acknowledgedLost: 1, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(r.lostOps()).toEqual([op]);
    expect(r.read("s1", "x")).toBeNull();
  });

  it("remote_write + process crash of s1 instead: the page cache survived, nothing is lost", () => {
    const { r } = slowFsyncStandby("remote_write");
    r.to(110);
    r.do({ op: "crash", node: "s1", kind: "process" });
    r.do({ op: "crash", node: "primary", kind: "process" });
    r.to(200).do({ op: "restart", node: "s1" }).to(300).do({ op: "promote", node: "s1" }).to(400);
    expect(r.report().lostAcknowledgedWrites).toBe(0);
    expect(r.report().ledger.acknowledgedDurable).toBe(1);
    expect(r.read("s1", "x")).toBe("1");
  });

  it("on: the commit waits for s1's fsync (53 ms), so the same power loss loses nothing acknowledged", () => {
    const { r, op } = slowFsyncStandby("on");
    r.to(110);
    expect(r.outcome(op).status).toBe("pending");
    r.to(160);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 153_000 });
    r.do({ op: "crash", node: "s1", kind: "power" });
    r.do({ op: "crash", node: "primary", kind: "power" });
    r.to(200).do({ op: "restart", node: "s1" }).to(300).do({ op: "promote", node: "s1" }).to(400);
    expect(r.report().failovers[0]!.lostAcknowledgedWrites).toBe(0);
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 1, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(r.read("s1", "x")).toBe("1");
  });

  it("on: a power loss while the commit waits for s1's fsync leaves it unanswered, and it never becomes durable", () => {
    const { r, op } = slowFsyncStandby("on");
    r.to(110);
    r.do({ op: "crash", node: "s1", kind: "power" });
    r.do({ op: "crash", node: "primary", kind: "power" });
    expect(r.outcome(op)).toMatchObject({ status: "info", error: "connection to the server was lost" });
    r.to(200).do({ op: "restart", node: "s1" }).to(300).do({ op: "promote", node: "s1" }).to(400);
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 0, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0, neverDurable: 1 });
  });
});

describe("a restarted node replays its own WAL", () => {
  it("a standby that acknowledged (on) but had not applied (apply delay 1 s) applies on restart, cut off from the primary", () => {
    const r = pg([rep("s1", 1, { applyDelayMs: 1000 })], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100);
    const op = r.write("a", "1");
    r.to(110);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 104_000 });
    expect(r.node("s1").lsn).toMatchObject({ write: 66, flush: 66, replay: 0 });
    expect(r.read("s1", "a")).toBeNull();
    // Nothing more can come from the primary: whatever s1 applies now comes from its own WAL.
    r.do({ op: "partition", between: ["primary", "s1"] });
    r.do({ op: "crash", node: "s1", kind: "power" });
    r.to(200).do({ op: "restart", node: "s1" });
    expect(r.node("s1").lsn).toMatchObject({ flush: 66, replay: 0 });
    // recovery_min_apply_delay still holds: the commit was made at 100 ms, so it applies at 1100 ms.
    r.to(1099);
    expect(r.read("s1", "a")).toBeNull();
    r.to(1101);
    expect(r.node("s1").lsn.replay).toBe(66);
    expect(r.read("s1", "a")).toBe("1");
  });

  it("a primary's crash recovery replays its flushed WAL: acknowledged writes are back, the unanswered commit gets `info`", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100);
    const done = r.write("a", "1");
    r.to(110);
    r.do({ op: "crash", node: "s1", kind: "process" });
    const waiting = r.write("b", "2");
    r.to(120).do({ op: "crash", node: "primary", kind: "power" });
    expect(r.outcome(done).status).toBe("ok");
    expect(r.outcome(waiting)).toMatchObject({ status: "info", error: "connection to the server was lost" });
    r.do({ op: "restart", node: "primary" });
    expect(r.node("primary").lsn).toMatchObject({ insert: 132, flush: 132 });
    expect(r.read("primary", "a")).toBe("1");
    // Flushed locally before the crash: recovery makes it visible though the client never heard back.
    expect(r.read("primary", "b")).toBe("2");
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 1, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 1, neverDurable: 0 });
  });

  it("synchronous_commit = off: a primary crash loses acknowledged commits the WAL writer had not flushed yet", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "off", synchronous_standby_names: "" });
    r.to(100);
    const ops = r.writes(3, "k", 10);
    // Acknowledged at once; the WAL writer flushes 200 ms after the first one.
    expect(ops.map((o) => r.outcome(o).completedUs)).toEqual([100_000, 110_000, 120_000]);
    r.to(150).do({ op: "crash", node: "primary", kind: "process" });
    expect(r.lostOps().sort((a, b) => a - b)).toEqual(ops);
    r.do({ op: "restart", node: "primary" });
    expect(r.read("primary", "k0")).toBeNull();
    expect(r.report().lostAcknowledgedWrites).toBe(3);
  });
});

describe("a hang keeps everything (docs/model.md: \"hang: stops answering and keeps everything\")", () => {
  it("a hung standby keeps its written-but-unflushed WAL", () => {
    const { r } = slowFsyncStandby("remote_write");
    r.to(110).do({ op: "crash", node: "s1", kind: "hang" });
    expect(r.node("s1").lsn).toMatchObject({ write: 66, flush: 0 });
  });

  it("a hung primary keeps its WAL: synchronous_commit = off commits acknowledged before the hang are not lost", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "off", synchronous_standby_names: "" });
    r.to(100);
    r.writes(3, "k", 10);
    // Acknowledged at once, not flushed yet (the WAL writer would flush at 300 ms): the process
    // is frozen, not dead, so the WAL buffers are still there when it resumes.
    r.to(150).do({ op: "crash", node: "primary", kind: "hang" });
    expect(r.lostOps()).toEqual([]);
    r.do({ op: "restart", node: "primary" }).to(600);
    expect(r.read("primary", "k0")).toBe("k-v0");
    expect(r.report().lostAcknowledgedWrites).toBe(0);
  });
});

describe("a primary and its synchronous standby crash together", () => {
  /** FIRST 1 (s1), 20 writes 5 ms apart, the last still waiting for s1; then power goes out on both at once. */
  function together() {
    const r = pg([rep("s1", 1), rep("s2", 40)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" });
    r.to(100);
    const ops = [...r.writes(19, "k", 5), r.write("k19", "k-v19")];
    r.to(197.5);
    r.do({ op: "crash", node: "primary", kind: "power" });
    r.do({ op: "crash", node: "s1", kind: "power" });
    return { r, ops };
  }

  it("nothing s1 had flushed is lost: restart s1, promote it, every acknowledged write is there", () => {
    const { r, ops } = together();
    const acked = ops.filter((o) => r.outcome(o).status === "ok");
    expect(acked).toHaveLength(19);
    r.to(1000).do({ op: "restart", node: "s1" }).to(1100).do({ op: "promote", node: "s1" }).to(1200);
    const report = r.report();
    expect(report.failovers[0]).toMatchObject({ promoted: "s1", lostAcknowledgedWrites: 0, rpoMs: 0 });
    // k19 was only written (not flushed) on s1 when the power went: it is gone, and its client never heard back.
    expect(report.ledger).toEqual({ acknowledgedDurable: 19, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0, neverDurable: 1 });
    expect(r.read("s1", "k18")).toBe("k-v18");
    expect(r.read("s1", "k19")).toBeNull();
  });

  it("both restart and the pair carries on where it stopped: same positions, streaming again", () => {
    const { r } = together();
    r.to(1000).do({ op: "restart", node: "s1" }).do({ op: "restart", node: "primary" }).to(1100);
    const report = r.report();
    // The primary had flushed k19 itself: recovery brings it back though its client got no answer.
    expect(report.ledger).toEqual({ acknowledgedDurable: 19, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 1, neverDurable: 0 });
    const [p, s1] = [r.node("primary"), r.node("s1")];
    expect(s1.lsn.flush).toBe(p.lsn.flush);
    expect(r.standby("s1")?.state).toBe("streaming");
    expect(r.read("primary", "k18")).toBe("k-v18");
  });
});
