/*
 * An old primary that comes back after a promotion (REAL-BEHAVIOUR.md: "can hold writes the new
 * primary never received: the two histories have diverged"). It may follow the new primary only
 * if its WAL never went past the switch point; otherwise only after pg_rewind (its diverged tail
 * is discarded and reported as discarded writes) or a re-clone. Without fencing, clients still
 * connected to it keep writing there (split brain), and the report shows both histories.
 */
import { describe, expect, it } from "vitest";
import { pg, rep } from "./harness";

const ASYNC = { synchronous_commit: "on", synchronous_standby_names: "" } as const;

/** Async; s1 cut off at 100 ms, three writes it never gets, primary crashes, s1 promoted at switch point 0. */
function divergedOldPrimary() {
  const r = pg([rep("s1", 1), rep("s2", 1)], ASYNC);
  r.to(100).do({ op: "partition", between: ["primary", "s1"] });
  const ops = r.writes(3, "k", 10);
  r.do({ op: "partition", between: ["primary", "s2"] });
  r.to(150).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(160);
  r.do({ op: "heal", between: ["primary", "s1"] }).do({ op: "heal", between: ["primary", "s2"] });
  return { r, ops };
}

describe("the old primary comes back", () => {
  it("holding writes the new primary never received: it restarts `diverged`, on timeline 1, and does not follow", () => {
    const { r, ops } = divergedOldPrimary();
    expect(r.report().failovers).toEqual([{ atMs: 150, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 3, restoredWrites: 0, rpoMs: 49 }]);
    expect(r.lostOps()).toEqual(ops);
    r.do({ op: "restart", node: "primary" }).to(1000);
    expect(r.node("primary")).toMatchObject({ role: "replica", state: "diverged", timeline: 1, lsn: { flush: 210 } });
    expect(r.node("s1")).toMatchObject({ role: "primary", timeline: 2, lsn: { flush: 0 } });
    expect(r.standby("primary")).toBeUndefined();
    // Its data is the lost history: both sides answer reads differently.
    expect(r.read("primary", "k0")).toBe("k-v0");
    expect(r.read("s1", "k0")).toBeNull();
  });

  it("pg_rewind discards its diverged tail (reported as discarded writes), then it follows timeline 2", () => {
    const { r } = divergedOldPrimary();
    r.do({ op: "restart", node: "primary" }).to(1000).do({ op: "rewind", node: "primary" }).to(1100);
    const report = r.report();
    expect(report.discarded).toEqual([{ atMs: 1000, node: "primary", how: "rewind", fromLsn: 0, writes: 3, acknowledgedWrites: 3 }]);
    expect(r.node("primary")).toMatchObject({ role: "replica", state: "up", timeline: 2 });
    expect(r.standby("primary")).toMatchObject({ state: "streaming" });
    expect(r.read("primary", "k0")).toBeNull();
    const w = r.write("k0", "new");
    r.to(1200);
    expect(r.outcome(w)).toMatchObject({ status: "ok", node: "s1", timeline: 2 });
    expect(r.read("primary", "k0")).toBe("new");
    // The discarded writes were already counted lost at the failover: the ledger counts them once.
    expect(report.lostAcknowledgedWrites).toBe(3);
  });

  it("a re-clone also brings it back, from a fresh base backup of the new primary", () => {
    const { r } = divergedOldPrimary();
    r.write("fresh", "1");
    r.to(900).do({ op: "restart", node: "primary" }).to(1000).do({ op: "reclone", node: "primary" }).to(1100);
    expect(r.report().discarded).toEqual([{ atMs: 1000, node: "primary", how: "reclone", fromLsn: 0, writes: 3, acknowledgedWrites: 3 }]);
    expect(r.node("primary")).toMatchObject({ role: "replica", state: "up", timeline: 2 });
    expect(r.read("primary", "fresh")).toBe("1");
  });

  it("a rewind of an old primary that still runs is refused: it must be shut down first", () => {
    const r = pg([rep("s1", 1)], ASYNC, { failover: { fencing: false } });
    r.to(100).do({ op: "promote", node: "s1" }).to(110);
    expect(() => r.do({ op: "rewind", node: "primary" })).toThrow(/primary still runs as a primary: shut it down \(crash it\) before you rewind it/);
    expect(() => r.do({ op: "rewind", node: "s1" })).toThrow(/s1 is the primary: there is nothing to rewind it onto/);
  });

  it("sync `on`, crashed mid-commit: it holds one unanswered write past the switch point; the rewind discards it, nothing acknowledged", () => {
    const r = pg([rep("s1", 1), rep("s2", 1)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" });
    r.to(100);
    r.writes(3, "k", 10);
    const unanswered = r.write("x", "?");
    // Flushed on the primary at 131 ms, on its way to s1 (there at 132 ms).
    r.to(131.5).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(300);
    expect(r.outcome(unanswered)).toMatchObject({ status: "info", lsn: 276 });
    r.do({ op: "restart", node: "primary" }).to(400);
    expect(r.node("primary")).toMatchObject({ state: "diverged", lsn: { flush: 276 } });
    r.do({ op: "rewind", node: "primary" }).to(500);
    const report = r.report();
    expect(report.discarded).toEqual([{ atMs: 400, node: "primary", how: "rewind", fromLsn: 210, writes: 1, acknowledgedWrites: 0 }]);
    expect(report.ledger).toEqual({ acknowledgedDurable: 3, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0, neverDurable: 1 });
  });

  it("sync `on`, crashed while idle: its WAL ends at the switch point, so it follows the new primary without a rewind", () => {
    const r = pg([rep("s1", 1), rep("s2", 1)], { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" });
    r.to(100);
    r.writes(3, "k", 10);
    r.to(200).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(300);
    r.do({ op: "restart", node: "primary" }).to(400);
    expect(r.logText()).toContain("primary restarted and follows the new primary s1");
    expect(r.node("primary")).toMatchObject({ role: "replica", state: "up", timeline: 2, lsn: { flush: 210 } });
    expect(r.standby("primary")?.state).toBe("streaming");
    expect(r.report().discarded).toEqual([]);
  });
});

describe("split brain: promotion without fencing", () => {
  /** alice writes to the primary, then s1 is promoted while the primary still runs. */
  function splitBrain(workload = false) {
    const r = pg([rep("s1", 1), rep("s2", 1)], ASYNC, {
      failover: { fencing: false },
      ...(workload ? { workload: { writesPerSec: 100, sessions: 4, keys: 10, stopMs: 2000 } } : {}),
    });
    r.to(100);
    r.write("a", "1", "alice");
    r.to(110).do({ op: "partition", between: ["primary", "s1"] }).do({ op: "promote", node: "s1" }).to(110);
    return r;
  }

  it("a session still connected to the old primary keeps writing there; a new session writes to the new one", () => {
    const r = splitBrain();
    expect(r.snapshot().primary).toBe("s1");
    expect(r.node("primary")).toMatchObject({ state: "up", role: "primary", timeline: 1 });
    const old = r.write("b", "old-side", "alice");
    const fresh = r.write("b", "new-side", "bob");
    r.to(200);
    expect(r.outcome(old)).toMatchObject({ status: "ok", node: "primary", timeline: 1, lsn: 139 });
    expect(r.outcome(fresh)).toMatchObject({ status: "ok", node: "s1", timeline: 2, lsn: 139 });
    // Two histories at once: same key, same LSN, different timelines and values.
    expect([r.read("primary", "b"), r.read("s1", "b"), r.read("s2", "b")]).toEqual(["old-side", "new-side", "new-side"]);
  });

  it("the report lists the split brain and counts what the old primary acknowledged as lost", () => {
    const r = splitBrain();
    const old = r.write("b", "old-side", "alice");
    r.write("b", "new-side", "bob");
    r.to(200);
    const report = r.report();
    expect(report.splitBrain).toEqual([{ node: "primary", fromMs: 110, acknowledgedWrites: 1 }]);
    expect(r.lostOps()).toEqual([old]);
    expect(report.lostAcknowledgedWrites).toBe(1);
    expect(report.ledger).toEqual({ acknowledgedDurable: 2, acknowledgedAtRisk: 0, acknowledgedLost: 1, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(report.nodes.find((n) => n.name === "primary")).toMatchObject({ role: "primary", timeline: 1 });
  });

  it("the old primary, still running, is reported as a running primary, not as a disconnected standby", () => {
    const r = splitBrain();
    r.to(200);
    expect(r.report().nodes.find((n) => n.name === "primary")).toMatchObject({ role: "primary", state: "primary" });
  });

  it("with a workload: its sessions stay on the old primary until it is shut down; the rewind discards their writes", () => {
    const r = splitBrain(true);
    r.to(1000);
    const oldSide = r.history.filter((e) => e.type === "ok" && e.f === "write" && e.node === "primary" && e.timeUs > 110_000);
    expect(oldSide.length).toBeGreaterThan(50);
    expect(r.report().splitBrain[0]!.acknowledgedWrites).toBe(oldSide.length);
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "restart", node: "primary" }).do({ op: "rewind", node: "primary" });
    r.to(1500);
    // After the shutdown the sessions move to s1.
    const after = r.history.filter((e) => e.type === "ok" && e.f === "write" && e.timeUs > 1_000_000);
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((e) => e.node === "s1" && e.timeline === 2)).toBe(true);
    const [discard] = r.report().discarded;
    expect(discard).toMatchObject({ node: "primary", how: "rewind", acknowledgedWrites: oldSide.length });
    expect(r.report().lostAcknowledgedWrites).toBe(r.lostOps().length);
  });
});
