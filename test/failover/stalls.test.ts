/*
 * Write stalls and their live remedies (REAL-BEHAVIOUR.md: with FIRST 1 (s1) and s1 down an `on`
 * commit never returns by itself; it is released without error when synchronous_standby_names is
 * cleared, or when s1 restarts and reconnects; a cancel gives SUCCESS with a WARNING; a
 * transaction with synchronous_commit = local goes through). While commits are blocked, the
 * snapshot says which standbys they wait for and since when; the report lists stall intervals.
 *
 * Jitter 0: a commit through s1 takes 4 ms, a local one 1 ms (the primary's fsync).
 */
import { describe, expect, it } from "vitest";
import { pg, rep } from "./harness";

const CANCEL_WARNING = "canceling wait for synchronous replication due to user request; " +
  "the transaction has already committed locally, but might not have been replicated to the standby";

/** FIRST 1 (s1); s1 crashes at 100 ms; a write at 200 ms waits for it. */
function stalled() {
  const r = pg([rep("s1", 1), rep("s2", 1)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" });
  r.to(100).do({ op: "crash", node: "s1", kind: "process" }).to(200);
  const op = r.write("order", "paid");
  return { r, op };
}

describe("a stall, as the snapshot and the report show it", () => {
  it("the commit never returns by itself (60 s), and it is not visible on the primary meanwhile", () => {
    const { r, op } = stalled();
    r.to(60_200);
    expect(r.outcome(op).status).toBe("pending");
    expect(r.read("primary", "order")).toBeNull();
  });

  it("the snapshot names the commit, what it waits for, the standbys that would release it, and since when", () => {
    const { r, op } = stalled();
    r.to(1000);
    expect(r.snapshot().waitingCommits).toEqual([{ writeId: op, session: "app", key: "order", lsn: 73, sinceUs: 200_000,
      waitsFor: "flush of the WAL up to LSN 73 by s1 (FIRST 1 (s1))", standbys: ["s1"] }]);
    expect(r.snapshot().totals.writesPending).toBe(1);
  });

  it("the report lists the stall from the commit's start once it has waited 500 ms; open (toMs null) while it lasts", () => {
    const { r } = stalled();
    r.to(699);
    expect(r.report().stalls).toEqual([]);
    r.to(700);
    expect(r.report().stalls).toEqual([{ fromMs: 200, toMs: null, waitingFor: "flush of the WAL up to LSN 73 by s1 (FIRST 1 (s1))" }]);
    expect(r.logTimes(/write stall: commits have waited 500 ms/)).toEqual([700]);
  });

  it("the snapshot's stall is open exactly while the report's is (what the page's Blocked panel waits for), and closes with the restart", () => {
    const { r } = stalled();
    r.to(699);
    expect(r.snapshot().stall).toBeNull();
    r.to(700);
    expect(r.snapshot().stall).toEqual({ fromUs: 200_000, waitingFor: "flush of the WAL up to LSN 73 by s1 (FIRST 1 (s1))" });
    r.do({ op: "restart", node: "s1" }).to(2000);
    expect(r.snapshot().waitingCommits).toEqual([]);
    expect(r.snapshot().stall).toBeNull();
  });

  it("read-only work is not blocked: a read on the primary answers at once", () => {
    const { r } = stalled();
    r.to(1000);
    const before = r.report().operations.length;
    r.read("primary", "anything");
    expect(r.report().operations[before]).toMatchObject({ status: "ok", invokedMs: 1000, completedMs: 1000 });
  });
});

describe("the remedies", () => {
  it("SET synchronous_commit = local: new commits go through in 1 ms; the waiting one keeps waiting", () => {
    const { r, op } = stalled();
    r.to(1000).do({ op: "configure", postgres: { synchronous_commit: "local" } });
    const next = r.write("order2", "paid");
    r.to(1010);
    expect(r.outcome(next)).toMatchObject({ status: "ok", completedUs: 1_001_000 });
    expect(r.outcome(op).status).toBe("pending");
    expect(r.report().stalls[0]!.toMs).toBeNull();
    expect(r.report().commit.postgres).toMatchObject({ synchronous_commit: "local", synchronous_standby_names: "FIRST 1 (s1)" });
  });

  it("synchronous_standby_names = '': the waiting commit returns at once, without error, and the stall ends", () => {
    const { r, op } = stalled();
    r.to(1000).do({ op: "configure", postgres: { synchronous_standby_names: "" } });
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_000_000 });
    expect(r.outcome(op).warning).toBeUndefined();
    expect(r.report().stalls).toEqual([{ fromMs: 200, toMs: 1000, waitingFor: "flush of the WAL up to LSN 73 by s1 (FIRST 1 (s1))" }]);
    expect(r.read("primary", "order")).toBe("paid");
    expect(r.snapshot().waitingCommits).toEqual([]);
  });

  it("a new standby list naming s2, which has the WAL: released at once, s2 sync", () => {
    const { r, op } = stalled();
    r.to(1000).do({ op: "configure", postgres: { synchronous_standby_names: "FIRST 1 (s2)" } });
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_000_000 });
    expect(r.syncStates()).toEqual({ s2: "sync" });
  });

  it("restarting s1: it reconnects, catches up and releases the commit (restart is instantaneous here: 4 ms)", () => {
    const { r, op } = stalled();
    r.to(1000).do({ op: "restart", node: "s1" }).to(1010);
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_004_000 });
    expect(r.report().stalls).toEqual([{ fromMs: 200, toMs: 1004, waitingFor: "flush of the WAL up to LSN 73 by s1 (FIRST 1 (s1))" }]);
    expect(r.syncStates()).toEqual({ s1: "sync", s2: "async" });
  });

  it("cancel: the client sees SUCCESS with PostgreSQL's WARNING; the row is visible on the primary", () => {
    const { r, op } = stalled();
    r.to(1000).do({ op: "cancel" });
    expect(r.outcome(op)).toMatchObject({ status: "ok", completedUs: 1_000_000, warning: CANCEL_WARNING });
    expect(r.read("primary", "order")).toBe("paid");
    expect(r.report().stalls[0]!.toMs).toBe(1000);
    // A success the synchronous standby never saw (s2, async, happens to have it).
    expect(r.node("s1").lsn.flush).toBe(0);
    expect(r.node("s2").wouldLose).toBe(0);
  });

  it("the configuration stays in force: later commits keep stalling until s1 is back; each stall is its own interval", () => {
    const { r } = stalled();
    r.to(1000).do({ op: "cancel" });
    const again = r.write("order3", "paid");
    r.to(2000).do({ op: "restart", node: "s1" }).to(2100);
    expect(r.outcome(again)).toMatchObject({ status: "ok", completedUs: 2_004_000 });
    expect(r.report().stalls.map((s) => [s.fromMs, s.toMs])).toEqual([[200, 1000], [1000, 2004]]);
  });
});
