/*
 * The network under a running cluster: links cut both ways or one way and healed; a node's delay,
 * jitter and packet loss changed while it runs; wal_sender_timeout and wal_receiver_timeout
 * finding silent peers (a hung or cut-off standby stops holding commits once the primary's
 * walsender times out, and the next standby in the list takes over); standbys reconnecting
 * after wal_retrieve_retry_interval (5 s).
 *
 * Jitter is 0, so times are exact: primary fsync 1 ms, s1 1 ms away (fsync 1 ms), s2 30 ms away.
 */
import { describe, expect, it } from "vitest";
import { pg, rep } from "./harness";

const TIMEOUTS = { wal_sender_timeout_ms: 1000, wal_receiver_timeout_ms: 1000 };

function firstOfTwo() {
  const r = pg([rep("s1", 1), rep("s2", 30)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1, s2)", ...TIMEOUTS });
  r.to(100);
  expect(r.syncStates()).toEqual({ s1: "sync", s2: "potential" });
  return r;
}

describe("links cut and healed", () => {
  it("a commit takes 4 ms through s1 (fsync 1 + leg 1 + fsync 1 + leg 1)", () => {
    const r = firstOfTwo();
    const op = r.write("a", "1");
    r.to(110);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 104_000 });
  });

  it("cut both ways: the commit waits; the heal delivers the held WAL and releases it one round trip later", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["primary", "s1"] });
    expect(r.snapshot().links.find((l) => l.b === "s1")).toMatchObject({ a: "primary", cutAB: true, cutBA: true });
    const op = r.write("a", "1");
    r.to(400);
    expect(r.outcome(op).status).toBe("pending");
    expect(r.node("s1").lsn.write).toBe(0);
    r.do({ op: "heal", between: ["primary", "s1"] });
    r.to(410);
    // TCP retransmits the held WAL: it lands at 401, s1 fsyncs by 402, its reply arrives at 403.
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 403_000 });
    expect(r.syncStates()).toEqual({ s1: "sync", s2: "potential" });
  });

  it("cut both ways for longer than wal_sender_timeout: s1 is dropped and s2 becomes sync and releases the commit", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["primary", "s1"] });
    const op = r.write("a", "1");
    r.to(3000);
    // s1 last replied at 3 ms (its first status reply after connecting): 1000 ms of silence later it is dropped.
    expect(r.logTimes(/s1 disconnected: terminating walsender process due to replication timeout/)).toEqual([1003]);
    // s2 had the WAL long before: the commit returns the moment s1 is given up.
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_003_000 });
    expect(r.syncStates()).toEqual({ s2: "sync" });
  });

  it("a cut between two standbys shows as a link of its own, one way or both, until it heals", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["s2", "s1"], oneWay: true });
    expect(r.snapshot().links.filter((l) => l.a === "s2")).toEqual([{ a: "s2", b: "s1", cutAB: true, cutBA: false, delayMs: 31 }]);
    r.do({ op: "partition", between: ["s1", "s2"] });
    expect(r.snapshot().links.filter((l) => l.a === "s2")).toEqual([{ a: "s2", b: "s1", cutAB: true, cutBA: true, delayMs: 31 }]);
    r.do({ op: "heal", between: ["s1", "s2"] });
    expect(r.snapshot().links.filter((l) => l.a !== "primary")).toEqual([]);
  });

  it("cut one way, s1 → primary: s1 still receives and flushes the WAL, but the primary never hears it and times it out", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["s1", "primary"], oneWay: true });
    expect(r.snapshot().links.find((l) => l.b === "s1")).toMatchObject({ cutAB: false, cutBA: true });
    const op = r.write("a", "1");
    r.to(500);
    expect(r.node("s1").lsn).toMatchObject({ write: 66, flush: 66 });
    expect(r.standby("s1")).toMatchObject({ flushLsn: 0, syncState: "sync" });
    expect(r.outcome(op).status).toBe("pending");
    r.to(3000);
    expect(r.logTimes(/s1 disconnected: terminating walsender/)).toEqual([1003]);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_003_000 });
  });

  it("cut one way, primary → s1: s1 hears nothing and its walreceiver gives up at wal_receiver_timeout", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["primary", "s1"], oneWay: true });
    const op = r.write("a", "1");
    r.to(3000);
    // s1 last heard the primary at 2 ms (the connection's answer).
    expect(r.logTimes(/s1: terminating walreceiver due to timeout/)).toEqual([1002]);
    expect(r.node("s1").lsn.write).toBe(0);
    expect(r.outcome(op).status).toBe("ok");
  });

  it("cut one way, primary → s1: the exiting walreceiver closes its connection, and the primary sees it go one leg later", () => {
    // PostgreSQL's walreceiver exits on its timeout; the closed socket's FIN travels s1 → primary,
    // which is not cut, so the walsender ends at once and s2 takes over then, not 500 ms later.
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["primary", "s1"], oneWay: true });
    const op = r.write("a", "1");
    r.to(3000);
    expect(r.logTimes(/s1: terminating walreceiver due to timeout/)).toEqual([1002]);
    expect(r.outcome(op).completedUs).toBe(1_003_000);
  });

  it("after a timeout and a heal, s1 reconnects at the next retry (wal_retrieve_retry_interval = 5 s) and is sync again", () => {
    const r = firstOfTwo();
    r.do({ op: "partition", between: ["primary", "s1"] });
    r.write("a", "1");
    r.to(3000).do({ op: "heal", between: ["primary", "s1"] });
    const [gaveUp] = r.logTimes(/s1: terminating walreceiver due to timeout/);
    r.to(gaveUp! + 4999);
    expect(r.standby("s1")).toBeUndefined();
    r.to(gaveUp! + 5010);
    expect(r.syncStates()).toEqual({ s1: "sync", s2: "potential" });
    expect(r.node("s1").lsn.flush).toBe(66);
  });
});

describe("peers that go away", () => {
  it("a primary's process crash closes the sockets: s1 sees it one leg later and retries every 5 s", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "", ...TIMEOUTS });
    r.to(1000).do({ op: "crash", node: "primary", kind: "process" });
    expect(r.to(1001).logTimes(/s1: connection to primary closed/)).toEqual([1001]);
    r.to(2000).do({ op: "restart", node: "primary" });
    r.to(6000);
    expect(r.standby("s1")).toBeUndefined();
    r.to(6002);
    expect(r.standby("s1")?.state).toBe("streaming");
    expect(r.logTimes(/s1 connected to primary/)).toEqual([1, 6002]);
  });

  it("a primary's power loss is silent: s1 finds out only through wal_receiver_timeout", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "", ...TIMEOUTS });
    r.to(1000).do({ op: "crash", node: "primary", kind: "power" });
    r.to(3000);
    expect(r.logTimes(/connection to primary closed/)).toEqual([]);
    // The primary last pinged s1 at 503 ms (half a timeout after s1's last reply); it arrived at 504.
    expect(r.logTimes(/s1: terminating walreceiver due to timeout/)).toEqual([1504]);
  });

  it("a hung sync standby holds commits until wal_sender_timeout, then s2 takes over; restarted, s1 is sync again", () => {
    const r = pg([rep("s1", 1), rep("s2", 1)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1, s2)",
      wal_sender_timeout_ms: 2000 });
    r.to(100);
    r.do({ op: "crash", node: "s1", kind: "hang" });
    expect(r.node("s1")).toMatchObject({ state: "down", crashKind: "hang" });
    const op = r.write("b", "1");
    r.to(1000);
    expect(r.snapshot().waitingCommits).toEqual([expect.objectContaining({ writeId: op, standbys: ["s1"], sinceUs: 100_000 })]);
    r.to(5000);
    // s1 last replied at 3 ms; a hang sends nothing, so the walsender gives it up at 2003 ms.
    expect(r.logTimes(/s1 disconnected: terminating walsender process due to replication timeout \(wal_sender_timeout = 2000 ms\)/))
      .toEqual([2003]);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 2_003_000 });
    expect(r.report().stalls).toEqual([{ fromMs: 100, toMs: 2003, waitingFor: "flush of the WAL up to LSN 66 by s1 (FIRST 1 (s1, s2))" }]);
    // A hang keeps everything: restarted, s1 resumes from its own flush position.
    r.do({ op: "restart", node: "s1" }).to(5010);
    expect(r.syncStates()).toEqual({ s1: "sync", s2: "potential" });
  });
});

describe("a node's settings changed while it runs", () => {
  it("network delay 1 → 20 ms: the next commit through s1 takes 42 ms instead of 4", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100);
    const before = r.write("a", "1");
    r.to(200).do({ op: "set", node: "s1", networkDelayMs: 20 });
    const after = r.write("b", "1");
    r.to(300);
    expect(r.outcome(before).completedUs! - r.outcome(before).invokedUs).toBe(4000);
    expect(r.outcome(after).completedUs! - r.outcome(after).invokedUs).toBe(42_000);
    expect(r.node("s1").config.networkDelayMs).toBe(20);
  });

  it("jitter 0 → 10 ms: commits take 4 … 44 ms, and WAL still arrives in order", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100).do({ op: "set", node: "s1", jitterMs: 10 });
    const ops = r.writes(40, "k", 3);
    r.to(500);
    const latencies = ops.map((o) => r.outcome(o).completedUs! - r.outcome(o).invokedUs);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(44_000);
    expect(new Set(latencies).size).toBeGreaterThan(5);
    // FIFO links: commits through one standby come back in the order they were made.
    const acks = ops.map((o) => r.outcome(o).completedUs!);
    expect([...acks].sort((a, b) => a - b)).toEqual(acks);
  });

  it("packet loss 30%: TCP retransmits (RTO ≥ 200 ms) make some commits slow; none fails; at 0% it is 4 ms again", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100).do({ op: "set", node: "s1", lossPercent: 30 });
    const lossy = r.writes(30, "k", 10);
    r.do({ op: "set", node: "s1", lossPercent: 0 }).to(30_000);
    const clean = r.write("z", "1");
    r.for(10);
    const latency = (o: number) => r.outcome(o).completedUs! - r.outcome(o).invokedUs;
    expect(lossy.every((o) => r.outcome(o).status === "ok")).toBe(true);
    expect(lossy.filter((o) => latency(o) >= 200_000).length).toBeGreaterThan(3);
    expect(latency(clean)).toBe(4000);
  });
});

describe("a primary that hung longer than wal_sender_timeout wakes up", () => {
  it("finds its standby silent past the timeout and ends that walsender at once (the check was once scheduled in the past: a crash)", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "", wal_sender_timeout_ms: 400 });
    r.to(100).do({ op: "crash", node: "primary", kind: "hang" });
    r.to(1000).do({ op: "restart", node: "primary" }).to(1000);
    expect(r.standby("s1")).toBeUndefined();
    expect(r.snapshot().log.some((e) => e.atUs === 1_000_000 && /replication timeout/.test(e.text))).toBe(true);
    // s1 tries again after wal_retrieve_retry_interval (5 s) and streams; a write after that commits.
    r.to(7000);
    expect(r.standby("s1")?.state).toBe("streaming");
    const op = r.write("a", "1");
    r.to(7100);
    expect(r.outcome(op).status).toBe("ok");
  });
});
