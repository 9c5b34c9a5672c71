/*
 * Measured data loss. REAL-BEHAVIOUR.md, "Primary crash then promotion of s1":
 *  - async, s1 disconnected during the writes: every acknowledged write made meanwhile is lost;
 *  - async while s1 streams on a fast link: usually none lost (the window is the lag);
 *  - sync `on`: no acknowledged write lost; sometimes the promoted node also has a write whose
 *    client never got an answer;
 *  - replay paused on s1: promotion first replays all received WAL, so nothing received is lost.
 * And the durability ledger: after a run every write is classed by what its client saw against
 * what survived on the final primary; the report gives lostAcknowledgedWrites and, per
 * failover, the count and rpoMs (from the oldest lost write's acknowledgement to the crash).
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/engine";
import { scenarioSchema, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { OperationEvent as HistoryEvent, Report } from "../../src/engine/views";
import { pg, rep } from "./harness";

function run(input: ScenarioInput): { report: Report; history: HistoryEvent[] } {
  const history: HistoryEvent[] = [];
  const report = runScenario(scenarioSchema.parse(input), { onHistory: (e) => { if ("f" in e) history.push(e); } });
  return { report, history };
}

const crashThenPromote = [
  { atMs: 1500, op: "crash", node: "primary", kind: "process" },
  { atMs: 1600, op: "promote", node: "s1" },
] as const;

describe("primary crash, then promotion of s1 (REAL-BEHAVIOUR.md)", () => {
  it("async, s1 disconnected during the writes: every write acknowledged meanwhile is lost, RPO back to the first", () => {
    const writes = Array.from({ length: 20 }, (_, i) => ({ atMs: 600 + i * 20, op: "write" as const, key: `k${i}`, value: `v${i}` }));
    const { report, history } = run({
      seed: 7, durationMs: 3000, cluster: { replicas: [rep("s1", 0.1), rep("s2", 5)] }, commit: { preset: "async" },
      actions: [
        { atMs: 100, op: "write", key: "before", value: "safe" },
        { atMs: 500, op: "partition", between: ["primary", "s1"] },
        ...writes, ...crashThenPromote,
      ],
    });
    expect(report.writes.acknowledged).toBe(21);
    // Acknowledged at 601 ms (1 ms fsync) … 981 ms; the primary failed at 1500 ms.
    expect(report.failovers).toEqual([{ atMs: 1600, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 20, restoredWrites: 0, rpoMs: 899 }]);
    expect(report.lostAcknowledgedWrites).toBe(20);
    expect(report.ledger).toEqual({ acknowledgedDurable: 1, acknowledgedAtRisk: 0, acknowledgedLost: 20, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(history.filter((e) => e.type === "lost").map((e) => e.key)).toEqual(writes.map((w) => w.key));
    expect(report.operations.find((o) => o.key === "before")).toMatchObject({ status: "ok" });
  });

  it("async while s1 streams on a fast link: none lost (the WAL was on the wire when the primary died)", () => {
    const lost = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run({
      seed, durationMs: 3000, cluster: { replicas: [{ name: "s1", networkDelayMs: 0.1, jitterMs: 0.05, fsyncMs: 0.2 }] },
      commit: { preset: "async" }, workload: { writesPerSec: 500, keys: 20 }, actions: [...crashThenPromote],
    }).report);
    expect(lost.map((r) => r.lostAcknowledgedWrites)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Math.min(...lost.map((r) => r.writes.acknowledged))).toBeGreaterThan(1000);
  });

  it("async, s1 40 ms away, promoted at once: the window is the lag — exactly the writes still on the wire are lost", () => {
    const r = pg([rep("s1", 40)], { synchronous_commit: "on", synchronous_standby_names: "" });
    r.to(100);
    const ops = r.writes(30, "k", 2);
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(300);
    // Write i is acknowledged (flushed, sent) at 101 + 2i ms and reaches s1 40 ms later; the crash is at 160 ms.
    const onTheWire = ops.filter((_, i) => 101 + 2 * i + 40 > 160);
    expect(onTheWire).toHaveLength(20);
    expect(r.lostOps()).toEqual(onTheWire);
    // RPO: from the first of them (acknowledged at 121 ms) to the crash.
    expect(r.report().failovers[0]).toMatchObject({ lostAcknowledgedWrites: 20, rpoMs: 39 });
  });

  it("sync `on`: no acknowledged write is lost; sometimes s1 also holds a write whose client never got an answer", () => {
    const reports = Array.from({ length: 12 }, (_, i) => run({
      seed: i + 1, durationMs: 3000, cluster: { replicas: [{ name: "s1", networkDelayMs: 2, jitterMs: 0.05, fsyncMs: 0.2 }] },
      commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" } },
      workload: { writesPerSec: 300, keys: 20, stopMs: 1500 }, actions: [...crashThenPromote],
    }).report);
    expect(reports.map((r) => r.lostAcknowledgedWrites)).toEqual(Array(12).fill(0));
    // "Sometimes": in several of the twelve runs the crash caught a commit s1 had but whose answer was lost.
    expect(reports.filter((r) => r.ledger.unacknowledgedPresent > 0).length).toBeGreaterThanOrEqual(3);
    expect(reports.filter((r) => r.ledger.unacknowledgedPresent === 0).length).toBeGreaterThanOrEqual(3);
  });

  it("sync `on`, exactly: crashed after s1's fsync but before its reply arrived, the write is on s1 though its client got `info`", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "s1" });
    r.to(100);
    const op = r.write("x", "1");
    // primary fsync 101, s1 has it 102, s1 fsync 103, the reply would arrive at 104.
    r.to(103.5).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(200);
    expect(r.outcome(op)).toMatchObject({ status: "info" });
    expect(r.read("s1", "x")).toBe("1");
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 0, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 1, neverDurable: 0 });
  });

  it("replay paused on s1 (apply delay 5 s): rows not visible there yet; promotion replays them, nothing received is lost", () => {
    const r = pg([rep("s1", 0.5, { applyDelayMs: 5000 })], { synchronous_commit: "on", synchronous_standby_names: "" });
    r.to(100);
    r.writes(5, "k", 10);
    r.to(250);
    expect(r.read("s1", "k4")).toBeNull();
    expect(r.node("s1").lsn).toMatchObject({ flush: 350, replay: 0 });
    r.do({ op: "crash", node: "primary", kind: "process" }).do({ op: "promote", node: "s1" }).to(300);
    expect(r.report().failovers[0]).toMatchObject({ lostAcknowledgedWrites: 0 });
    expect(r.read("s1", "k4")).toBe("k-v4");
  });
});

describe("the durability ledger", () => {
  /** Async, a workload, s1 cut off for a while, failover to s1, then a scripted write refused during the promotion. */
  function busyRun() {
    return run({
      seed: 3, durationMs: 4000, cluster: { replicas: [rep("s1", 2), rep("s2", 5)] }, commit: { preset: "async" },
      workload: { writesPerSec: 200, keys: 30, sessions: 3 },
      actions: [
        { atMs: 1000, op: "partition", between: ["primary", "s1"] },
        { atMs: 1500, op: "crash", node: "primary", kind: "process" },
        { atMs: 1550, op: "write", key: "during", value: "refused" },
        { atMs: 1600, op: "promote", node: "s1" },
        { atMs: 1700, op: "heal", between: ["primary", "s1"] },
      ],
    });
  }

  it("classes every write exactly once: the four classes add up to every write attempted", () => {
    const { report } = busyRun();
    const l = report.ledger;
    expect(l.acknowledgedDurable + l.acknowledgedLost + l.unacknowledgedPresent + l.neverDurable).toBe(report.writes.attempted);
    expect(l.acknowledgedDurable + l.acknowledgedLost).toBe(report.writes.acknowledged);
    expect(report.lostAcknowledgedWrites).toBe(l.acknowledgedLost);
    expect(report.operations.find((o) => o.key === "during")).toMatchObject({ status: "failed" });
  });

  it("the failover's count equals the ledger's lost, the history's `lost` events, and the writes acknowledged while s1 was cut off", () => {
    const { report, history } = busyRun();
    const okOnTl1 = history.filter((e) => e.type === "ok" && e.f === "write" && e.timeline === 1);
    // Async: a write is acknowledged when flushed, which is when its WAL is sent; it takes 2 ms to
    // reach s1. Whatever was not there by the cut at 1000 ms (the action runs first at that µs) never got there.
    const cutOff = okOnTl1.filter((e) => e.timeUs + 2_000 >= 1_000_000);
    const lost = history.filter((e) => e.type === "lost");
    expect(report.failovers).toHaveLength(1);
    expect(report.failovers[0]!.lostAcknowledgedWrites).toBe(report.ledger.acknowledgedLost);
    expect(lost.map((e) => e.op).sort((a, b) => a - b)).toEqual(cutOff.map((e) => e.op));
    // RPO: from the oldest lost write's acknowledgement to the crash at 1500 ms.
    expect(report.failovers[0]!.rpoMs).toBe(Math.round(1_500_000 - cutOff[0]!.timeUs) / 1000);
    expect(report.lostAcknowledgedWrites).toBeGreaterThan(50);
  });

  it("writes a primary crash took stay lost when later writes reuse their LSNs on the same timeline", () => {
    // synchronous_commit = off: three commits acknowledged, not yet flushed by the WAL writer.
    const r = pg([rep("s1", 1)], { synchronous_commit: "off", synchronous_standby_names: "" });
    r.to(100);
    const gone = r.writes(3, "k", 10);
    r.to(150).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "restart", node: "primary" });
    expect(r.report().lostAcknowledgedWrites).toBe(3);
    // Recovery ends the WAL at its flushed end (0): the next records start there again.
    r.do({ op: "configure", postgres: { synchronous_commit: "on" } }).to(400);
    const kept = r.writes(3, "q", 10);
    r.to(600);
    expect(kept.map((o) => r.outcome(o).lsn)).toEqual(gone.map((o) => r.outcome(o).lsn));
    expect(r.read("primary", "k0")).toBeNull();
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 3, acknowledgedAtRisk: 0, acknowledgedLost: 3, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(r.report().lostAcknowledgedWrites).toBe(3);
  });

  it("a commit that died unflushed in a crash is never durable, even when a later write reuses its LSN", () => {
    const r = pg([rep("s1", 1)], { synchronous_commit: "on", synchronous_standby_names: "" });
    r.to(100);
    const died = r.write("x", "1");
    // The primary's fsync takes 1 ms: at 100.5 ms the record is inserted, not flushed.
    r.to(100.5).do({ op: "crash", node: "primary", kind: "process" }).do({ op: "restart", node: "primary" });
    expect(r.outcome(died).status).toBe("info");
    const next = r.write("y", "2");
    r.to(200);
    expect(r.outcome(next)).toMatchObject({ status: "ok", lsn: r.outcome(died).lsn });
    expect(r.read("primary", "x")).toBeNull();
    expect(r.report().ledger).toEqual({ acknowledgedDurable: 1, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0, neverDurable: 1 });
  });

  it("history events: every lost write was acknowledged first; `lost` comes after its `ok`, at the promotion", () => {
    const { history } = busyRun();
    const okAt = new Map(history.filter((e) => e.type === "ok").map((e) => [e.op, e.timeUs]));
    for (const e of history.filter((x) => x.type === "lost")) {
      expect(okAt.get(e.op)).toBeLessThan(e.timeUs);
      expect(e.timeUs).toBe(1_600_000);
    }
  });
});
