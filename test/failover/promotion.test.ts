/*
 * Promotion, by hand and automatic. A promoted standby first replays everything it received
 * (even WAL not yet fsynced, even WAL recovery_min_apply_delay holds back), then starts a new
 * timeline at that switch point; clients and the other standbys move to it. Automatic failover
 * declares the primary dead after failover.detectMs and promotes the running standby with the
 * highest flush LSN. Under an ANY quorum only the most advanced standby is safe to promote:
 * the snapshot's nodes[].wouldLose says what promoting each one would lose.
 *
 * Jitter 0 everywhere: times are exact sums (primary fsync 1 ms, legs and fsyncs as given).
 */
import { describe, expect, it } from "vitest";
import { pg, rep } from "./harness";

const ASYNC = { synchronous_commit: "on", synchronous_standby_names: "" } as const;

describe("promotion by hand", () => {
  /** s1 fsyncs in 500 ms and applies 2 s late: at 200 ms it has received 3 writes, flushed and applied none. */
  function laggingStandby() {
    const r = pg([rep("s1", 1, { fsyncMs: 500, applyDelayMs: 2000 }), rep("s2", 1)], ASYNC);
    r.to(100);
    const ops = r.writes(3, "k", 10);
    r.to(200);
    expect(r.node("s1").lsn).toEqual({ insert: 0, write: 210, flush: 0, replay: 0 });
    expect(r.read("s1", "k0")).toBeNull();
    return { r, ops };
  }

  it("replays all received WAL first (unflushed and delayed alike), then takes timeline 2 at that switch point", () => {
    const { r } = laggingStandby();
    r.do({ op: "crash", node: "primary", kind: "process" });
    r.do({ op: "promote", node: "s1" });
    expect(r.node("s1")).toMatchObject({ state: "promoting", role: "replica", timeline: 1 });
    // 3 records at applyCostUs 20 each: 60 µs, ignoring the apply delay.
    r.to(200.06);
    expect(r.node("s1")).toMatchObject({ state: "up", role: "primary", timeline: 2,
      lsn: { insert: 210, write: 210, flush: 210, replay: 210 } });
    expect(r.snapshot().primary).toBe("s1");
    expect(r.logText()).toContain("s1 is the primary on timeline 2 (switch point 210)");
    const report = r.report();
    expect(report.failovers).toEqual([{ atMs: 200.06, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 0, restoredWrites: 0, rpoMs: 0 }]);
    expect(r.read("s1", "k2")).toBe("k-v2");
  });

  it("the other standbys follow the new primary on its timeline", () => {
    const { r } = laggingStandby();
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" });
    r.to(210);
    expect(r.standby("s2")).toMatchObject({ state: "streaming", flushLsn: 210 });
    expect(r.node("s2").timeline).toBe(2);
    expect(r.logText()).toContain("s2 connected to s1 (streaming from LSN 210)");
  });

  it("clients move to the new primary: the session's next write lands on s1, timeline 2", () => {
    const r = pg([rep("s1", 1), rep("s2", 1)], ASYNC);
    r.to(100);
    const before = r.write("a", "1", "alice");
    r.to(110).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(111);
    const after = r.write("a", "2", "alice");
    r.to(120);
    expect(r.outcome(before)).toMatchObject({ node: "primary", timeline: 1, lsn: 66 });
    expect(r.outcome(after)).toMatchObject({ status: "ok", node: "s1", timeline: 2, lsn: 132, completedUs: 112_000 });
    expect(r.read("s2", "a")).toBe("2");
  });

  it("a write sent while the standby is still promoting fails: the old primary is down, the new one not ready", () => {
    // Apply held back 10 s, 1 ms a record: promotion has 5 records to replay, 5 ms.
    const r = pg([rep("s1", 1, { applyCostUs: 1000, applyDelayMs: 10_000 })], ASYNC);
    r.to(100);
    r.writes(5, "k", 1);
    r.to(200).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" });
    const during = r.write("x", "1");
    expect(r.outcome(during)).toMatchObject({ status: "fail", error: "could not connect to primary: it is down" });
    r.to(205);
    expect(r.snapshot().primary).toBe("s1");
    expect(r.report().failovers[0]!.atMs).toBe(205);
  });

  it("with fencing (the default) a primary still running when another node is promoted is shut down", () => {
    const r = pg([rep("s1", 1), rep("s2", 1)], ASYNC);
    r.to(100);
    r.write("a", "1", "alice");
    r.to(110).do({ op: "promote", node: "s1" }).to(110);
    expect(r.node("primary")).toMatchObject({ state: "down", crashKind: "process" });
    expect(r.logText()).toContain("primary fenced (shut down) so that only one primary takes writes");
    const after = r.write("a", "2", "alice");
    r.to(120);
    expect(r.outcome(after)).toMatchObject({ status: "ok", node: "s1", timeline: 2 });
    expect(r.report().splitBrain).toEqual([]);
  });

  it("a promote the engine cannot do is refused with a reason", () => {
    const r = pg([rep("s1", 1)], ASYNC);
    r.to(10).do({ op: "crash", node: "s1", kind: "process" });
    expect(() => r.do({ op: "promote", node: "s1" })).toThrow(/s1 is down: only a running standby can be promoted/);
    expect(() => r.do({ op: "promote", node: "primary" })).toThrow(/primary is not a standby/);
  });
});

describe("automatic failover", () => {
  /** s1 close but its fsync takes 3 s; s2 and s3 farther, fsync 1 ms. */
  function monitored(detectMs: number) {
    const r = pg([rep("s1", 1, { fsyncMs: 3000 }), rep("s2", 20), rep("s3", 5)], ASYNC, { failover: { auto: true, detectMs } });
    r.to(100);
    r.writes(5, "k", 10);
    r.to(200);
    return r;
  }

  it("the primary down for detectMs: the running standby with the highest flush LSN is promoted", () => {
    const r = monitored(1000);
    // s1 received everything but flushed nothing; s2 and s3 flushed everything.
    expect(r.node("s1").lsn).toMatchObject({ write: 350, flush: 0 });
    expect(r.node("s2").lsn.flush).toBe(350);
    r.do({ op: "crash", node: "s3", kind: "process" });
    r.do({ op: "crash", node: "primary", kind: "power" });
    r.to(1199);
    expect(r.report().failovers).toEqual([]);
    r.to(1300);
    expect(r.report().failovers).toEqual([{ atMs: 1200, promoted: "s2", from: "primary", automatic: true, lostAcknowledgedWrites: 0, restoredWrites: 0, rpoMs: 0 }]);
    expect(r.logText()).toContain("automatic failover: primary down for 1000 ms; promoting s2 (timeline 1, highest flush LSN 350)");
    expect(r.snapshot().primary).toBe("s2");
  });

  it("a primary back within detectMs is not failed over", () => {
    const r = monitored(1000);
    r.do({ op: "crash", node: "primary", kind: "process" });
    r.to(700).do({ op: "restart", node: "primary" }).to(3000);
    expect(r.report().failovers).toEqual([]);
    expect(r.snapshot().primary).toBe("primary");
  });

  it("the most advanced candidate is judged on the newest timeline: a standby left on an abandoned branch is not it", () => {
    // ANY 1 (s2, s3), on. s2 and s3 are cut off; 20 commits wait and reach only s1 (async);
    // the primary dies with them unanswered. s2 (every acknowledged write) is promoted by hand;
    // s1 cannot reach it, so it stays up on timeline 1 with those 20 records past the switch point.
    const r = pg([rep("s1", 1), rep("s2", 1), rep("s3", 1)], { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s2, s3)" },
      { failover: { auto: true, detectMs: 500 } });
    r.to(100).write("a", "1");
    r.to(200).do({ op: "partition", between: ["primary", "s2"] }).do({ op: "partition", between: ["primary", "s3"] });
    for (let i = 0; i < 20; i++) r.write(`w${i}`, "x", `c${i}`);
    r.to(300).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "partition", between: ["s1", "s2"] });
    r.to(310).do({ op: "promote", node: "s2" }).to(320);
    // Three commits on timeline 2, each confirmed by s3.
    const fresh = r.writes(3, "new", 10);
    r.to(360);
    expect(fresh.map((o) => r.outcome(o))).toMatchObject([{ status: "ok", timeline: 2 }, { status: "ok", timeline: 2 }, { status: "ok", timeline: 2 }]);
    expect(r.node("s1")).toMatchObject({ state: "up", timeline: 1, lsn: { flush: 1416 }, wouldLose: 3 });
    expect(r.node("s3")).toMatchObject({ state: "up", timeline: 2, lsn: { flush: 288 }, wouldLose: 0 });
    r.do({ op: "crash", node: "s2", kind: "process" }).to(1500);
    // s1's higher LSN is on timeline 1, which s2's promotion left behind; s3 holds everything.
    expect(r.report().failovers[1]).toMatchObject({ automatic: true, promoted: "s3", lostAcknowledgedWrites: 0 });
    expect(r.report().lostAcknowledgedWrites).toBe(0);
  });

  it("no standby up: nothing is promoted and the log says why", () => {
    const r = pg([rep("s1", 1)], ASYNC, { failover: { auto: true, detectMs: 500 } });
    r.to(100).do({ op: "crash", node: "s1", kind: "process" }).do({ op: "crash", node: "primary", kind: "process" });
    r.to(1000);
    expect(r.report().failovers).toEqual([]);
    expect(r.logText()).toContain("automatic failover: primary is down and no standby is up to take over");
  });
});

describe("ANY 1 (s1, s2): only the most advanced standby is safe to promote", () => {
  /** s1 1 ms away confirms every commit; s2 50 ms away lags. Five writes 10 ms apart from 200 ms. */
  function quorum() {
    const r = pg([rep("s1", 1), rep("s2", 50)], { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s1, s2)" });
    r.to(200);
    const ops = r.writes(5, "k", 10);
    r.to(260);
    expect(ops.map((o) => r.outcome(o).completedUs)).toEqual([204_000, 214_000, 224_000, 234_000, 244_000]);
    expect(r.syncStates()).toEqual({ s1: "quorum", s2: "quorum" });
    return { r, ops };
  }

  it("the snapshot says what promoting each would lose: s1 nothing, s2 the 4 writes it has not received", () => {
    const { r } = quorum();
    expect(r.node("s1")).toMatchObject({ wouldLose: 0, lsn: { write: 350 } });
    // s2 has only the first write (sent at 201 ms, there at 251 ms).
    expect(r.node("s2")).toMatchObject({ wouldLose: 4, lsn: { write: 70 } });
    expect(r.node("primary").wouldLose).toBeNull();
    r.do({ op: "crash", node: "primary", kind: "process" });
    expect([r.node("s1").wouldLose, r.node("s2").wouldLose]).toEqual([0, 4]);
  });

  it("promoting s2 loses exactly those 4 acknowledged writes; RPO runs from the oldest one's ack to the crash", () => {
    const { r, ops } = quorum();
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s2" }).to(400);
    const report = r.report();
    expect(report.failovers).toEqual([{ atMs: 260, promoted: "s2", from: "primary", automatic: false, lostAcknowledgedWrites: 4, restoredWrites: 0, rpoMs: 46 }]);
    expect(r.lostOps()).toEqual(ops.slice(1));
    expect(report.ledger).toEqual({ acknowledgedDurable: 1, acknowledgedAtRisk: 0, acknowledgedLost: 4, unacknowledgedPresent: 0, neverDurable: 0 });
    // s1 holds WAL past s2's switch point, and has replayed it: it cannot follow s2 without a rewind.
    expect(r.node("s1").state).toBe("diverged");
  });

  it("promoting s1 loses nothing, and s2 follows it", () => {
    const { r } = quorum();
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(400);
    expect(r.report().failovers[0]).toMatchObject({ promoted: "s1", lostAcknowledgedWrites: 0 });
    expect(r.report().ledger.acknowledgedDurable).toBe(5);
    expect(r.node("s2")).toMatchObject({ state: "up", timeline: 2, lsn: { flush: 350 } });
  });
});
