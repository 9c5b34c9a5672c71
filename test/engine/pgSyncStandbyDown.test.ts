/*
 * REAL-BEHAVIOUR.md: `FIRST 1 (s1)` with s1 down. An `on` commit never returns by itself; reads
 * are not blocked; a `synchronous_commit = local` transaction goes through. The blocked commit is
 * released, without error, when synchronous_standby_names is set to '' (tens of ms) or when s1
 * restarts and reconnects (a few hundred ms).
 *
 * Cluster: primary fsync 1 ms; s1 and s2 at 2 ms one way, fsync 1 ms, no jitter.
 */
import { describe, expect, it } from "vitest";
import { pgLab, type Lab } from "./lab";

const S1 = { name: "s1", networkDelayMs: 2, jitterMs: 0, fsyncMs: 1 };
const S2 = { name: "s2", networkDelayMs: 2, jitterMs: 0, fsyncMs: 1 };

/** FIRST 1 (s1), s1 crashed (process or power) at 100 ms, a write of x = 2 at 200 ms (x = 1 is committed before). */
function stalledOnS1(kind: "process" | "power", settings: { wal_sender_timeout_ms?: number } = {}): { lab: Lab; op: number } {
  const lab = pgLab([S1, S2], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)", ...settings });
  lab.runTo(50);
  const first = lab.write("x", "1");
  lab.runTo(100);
  expect(lab.outcome(first).status).toBe("ok");
  lab.do({ op: "crash", node: "s1", kind });
  lab.runTo(200);
  const op = lab.write("x", "2");
  return { lab, op };
}

describe("FIRST 1 (s1) with s1 down", () => {
  it.each(["process", "power"] as const)("an `on` commit never returns by itself (s1 %s crash, 10 minutes)", (kind) => {
    const { lab, op } = stalledOnS1(kind);
    lab.runTo(600_000);
    expect(lab.outcome(op).status).toBe("pending");
    expect(lab.waitingWriteIds()).toHaveLength(1);
    const stalls = lab.sim.report().stalls;
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ fromMs: 200, toMs: null });
  });

  it("the waiting commit names what it waits for: flush on s1", () => {
    const { lab } = stalledOnS1("process");
    lab.runFor(1000);
    const [w] = lab.snapshot().waitingCommits;
    expect(w?.standbys).toEqual(["s1"]);
    expect(w?.waitsFor).toContain("flush");
  });

  it("reads are not blocked; the primary hides the waiting commit, an async standby already shows it", () => {
    const { lab } = stalledOnS1("process");
    lab.runFor(1000);
    const onPrimary = lab.read("primary", "x");
    expect(onPrimary.status).toBe("ok");
    expect(onPrimary.value).toBe("1");
    // WAL is shipped once flushed, before the commit is confirmed: s2 (async) has replayed it.
    expect(lab.read("s2", "x")).toMatchObject({ status: "ok", value: "2" });
  });

  it("a synchronous_commit = local transaction goes through while the `on` commit still waits", () => {
    const { lab, op } = stalledOnS1("process");
    lab.runFor(1000);
    lab.do({ op: "configure", postgres: { synchronous_commit: "local" } });
    const local = lab.write("y", "1", "other");
    lab.runFor(100);
    expect(lab.latencyUs(local)).toBe(1000);
    expect(lab.outcome(op).status).toBe("pending");
  });

  it("is released without error when synchronous_standby_names is set to '' (within tens of ms)", () => {
    const { lab, op } = stalledOnS1("process");
    lab.runTo(5000);
    lab.do({ op: "configure", postgres: { synchronous_standby_names: "" } });
    lab.runFor(100);
    const o = lab.outcome(op);
    expect(o.status).toBe("ok");
    expect(o.completedUs! / 1000).toBeGreaterThanOrEqual(5000);
    expect(o.completedUs! / 1000).toBeLessThan(5050);
    expect(lab.read("primary", "x").value).toBe("2");
    const stalls = lab.sim.report().stalls;
    expect(stalls[0]?.toMs).toBeGreaterThanOrEqual(5000);
    expect(stalls[0]?.toMs).toBeLessThan(5050);
  });

  it.each(["process", "power"] as const)("is released when s1 restarts and reconnects (a few hundred ms; %s crash)", (kind) => {
    const { lab, op } = stalledOnS1(kind);
    lab.runTo(5000);
    expect(lab.outcome(op).status).toBe("pending");
    lab.do({ op: "restart", node: "s1" });
    lab.runFor(2000);
    const o = lab.outcome(op);
    expect(o.status).toBe("ok");
    const afterRestartMs = o.completedUs! / 1000 - 5000;
    expect(afterRestartMs).toBeGreaterThan(0);
    expect(afterRestartMs).toBeLessThan(1000);
    expect(lab.syncStates()).toMatchObject({ s1: "sync", s2: "async" });
  });

  it("with a power loss (no FIN), the primary still counts s1 until wal_sender_timeout, and the commit waits", () => {
    const { lab, op } = stalledOnS1("power", { wal_sender_timeout_ms: 2000 });
    lab.runFor(500);
    expect(lab.standby("s1")).toBeDefined();
    lab.runTo(5000);
    expect(lab.standby("s1")).toBeUndefined();
    expect(lab.outcome(op).status).toBe("pending");
  });

  it("cancelling the wait: the client sees SUCCESS with a WARNING, and the row is visible on the primary", () => {
    const { lab, op } = stalledOnS1("process");
    lab.runTo(3000);
    lab.do({ op: "cancel" });
    const done = lab.history.find((e) => e.op === op && e.type === "ok");
    expect(done?.type).toBe("ok");
    expect(done?.timeUs).toBe(3_000_000);
    expect(done?.warning).toMatch(/already committed locally, but might not have been replicated/);
    expect(lab.read("primary", "x").value).toBe("2");
    expect(lab.waitingWriteIds()).toEqual([]);
  });
});
