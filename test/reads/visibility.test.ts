/*
 * What a read sees, by where it runs (REAL-BEHAVIOUR.md):
 *  - a hot standby returns what it has replayed, not what it has received or flushed;
 *  - on the primary, a PostgreSQL commit that waits for its synchronous standby is invisible to
 *    other sessions until it is released (standby list cleared, standby back, or cancelled);
 *  - MariaDB/MySQL semi-sync: while a commit waits for its ACK, AFTER_SYNC hides the row from
 *    other sessions, AFTER_COMMIT shows it — a read of data that failover can then take away.
 * Every scenario is a script under a fixed seed with exact outcomes.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { opOf, operations, run, Stepper } from "./harness";

describe("hot standby: a replica returns what it has replayed", () => {
  // s1 applies a commit no earlier than 500 ms after it was made (recovery_min_apply_delay).
  const scenario: ScenarioInput = {
    seed: 1, durationMs: 3000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0, fsyncMs: 1, applyDelayMs: 500 }] },
    commit: { preset: "async" },
    actions: [
      { atMs: 1000, op: "write", session: "alice", key: "x", value: "1" },
      { atMs: 1010, op: "read", session: "bob", key: "x", node: "s1" },
      { atMs: 1499, op: "read", session: "bob", key: "x", node: "s1" },
      { atMs: 1501, op: "read", session: "bob", key: "x", node: "s1" },
    ],
  };

  it("s1 has flushed the write at 1010 ms but has not replayed it: the read returns nothing, and is stale", () => {
    const lab = new Stepper(scenario).to(1010);
    const s1 = lab.node("s1");
    const write = opOf(lab.report(), 0);
    expect(write).toMatchObject({ status: "ok", completedMs: 1001, lsn: 66 });
    expect(s1.lsn.flush).toBeGreaterThanOrEqual(66);
    expect(s1.lsn.replay).toBeLessThan(66);
    expect(opOf(lab.report(), 1)).toMatchObject({ node: "s1", value: null, stale: true, lsn: null });
  });

  it("still nothing 1 ms before the apply delay is over, the new row right after", () => {
    const { report } = run(scenario);
    expect(opOf(report, 2)).toMatchObject({ value: null, stale: true });
    expect(opOf(report, 3)).toMatchObject({ node: "s1", value: "1", stale: false, lsn: 66 });
    expect(report.reads.byPolicy["named node"]).toMatchObject({ total: 3, stale: 2, readYourWritesViolations: 0 });
  });

  it("the read's history event names the write whose version it returned", () => {
    const { history } = run(scenario);
    const reads = history.filter((e) => e.f === "read" && e.type === "ok");
    expect(reads.map((e) => e.writeOp)).toEqual([null, null, 0]);
    expect(reads.map((e) => e.node)).toEqual(["s1", "s1", "s1"]);
  });
});

describe("PostgreSQL: a commit waiting for its synchronous standby is invisible to other sessions", () => {
  // s1 is 50 ms away: an `on` commit waits one 100 ms round trip plus s1's fsync.
  const scenario: ScenarioInput = {
    seed: 3, durationMs: 5000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 50, jitterMs: 0, fsyncMs: 1 }] },
    commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" } },
    actions: [
      { atMs: 100, op: "write", session: "alice", key: "x", value: "v1" },
      { atMs: 500, op: "write", session: "alice", key: "x", value: "v2" },
      { atMs: 520, op: "read", session: "bob", key: "x" },
      { atMs: 700, op: "read", session: "bob", key: "x" },
      { atMs: 1000, op: "crash", node: "s1" },
      { atMs: 1100, op: "write", session: "alice", key: "x", value: "v3" },
      { atMs: 1200, op: "read", session: "bob", key: "x" },
      { atMs: 3000, op: "read", session: "bob", key: "x" },
      { atMs: 3500, op: "configure", postgres: { synchronous_standby_names: "" } },
      { atMs: 3501, op: "read", session: "bob", key: "x" },
    ],
  };

  it("bob does not see v2 while alice's commit waits for s1; he sees it once it returns", () => {
    const { report } = run(scenario);
    expect(opOf(report, 1)).toMatchObject({ status: "ok", invokedMs: 500, completedMs: 602 });
    expect(opOf(report, 2)).toMatchObject({ node: "primary", value: "v1", stale: false });
    expect(opOf(report, 3)).toMatchObject({ node: "primary", value: "v2" });
  });

  it("s1 down: v3 stays invisible for seconds, and shows as soon as the standby list is cleared", () => {
    const { report } = run(scenario);
    expect(opOf(report, 6)).toMatchObject({ value: "v2" });
    expect(opOf(report, 7)).toMatchObject({ value: "v2" });
    expect(opOf(report, 5)).toMatchObject({ status: "ok", completedMs: 3500 });
    expect(opOf(report, 9)).toMatchObject({ value: "v3", stale: false });
    expect(report.reads).toMatchObject({ stale: 0, readYourWritesViolations: 0, monotonicReadViolations: 0 });
  });

  it("cancelling the wait: the client sees SUCCESS with a WARNING and the row is visible at once", () => {
    const { report, history } = run({
      ...scenario,
      actions: [
        { atMs: 100, op: "crash", node: "s1" },
        { atMs: 200, op: "write", session: "alice", key: "x", value: "v1" },
        { atMs: 300, op: "read", session: "bob", key: "x" },
        { atMs: 400, op: "cancel" },
        { atMs: 400, op: "read", session: "bob", key: "x" },
      ],
    });
    expect(opOf(report, 2)).toMatchObject({ value: null });
    expect(opOf(report, 1)).toMatchObject({ status: "ok", completedMs: 400 });
    expect(opOf(report, 4)).toMatchObject({ value: "v1" });
    expect(history.find((e) => e.f === "write" && e.type === "ok")?.warning).toMatch(/already committed locally/);
  });
});

describe("semi-sync wait point: what bob sees on the primary while alice's commit waits for its ACK", () => {
  /** r1 is cut off before v2, so v2 waits; the primary then dies and r1 is promoted. */
  const script = (waitPoint: "AFTER_SYNC" | "AFTER_COMMIT"): ScenarioInput => ({
    seed: 3, durationMs: 2000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [{ name: "r1", networkDelayMs: 50, jitterMs: 0, fsyncMs: 1 }] },
    commit: { semiSync: { waitPoint } },
    actions: [
      { atMs: 100, op: "write", session: "alice", key: "x", value: "v1" },
      { atMs: 400, op: "partition", between: ["primary", "r1"] },
      { atMs: 500, op: "write", session: "alice", key: "x", value: "v2" },
      { atMs: 520, op: "read", session: "bob", key: "x" },
      { atMs: 600, op: "crash", node: "primary" },
      { atMs: 700, op: "promote", node: "r1" },
      { atMs: 800, op: "read", session: "bob", key: "x" },
    ],
  });

  it("AFTER_SYNC: bob does not see v2; after the failover he still reads v1: no anomaly", () => {
    const { report } = run(script("AFTER_SYNC"));
    expect(opOf(report, 2)).toMatchObject({ status: "failed", completedMs: 600 }); // the crash: outcome unknown
    expect(opOf(report, 3)).toMatchObject({ node: "primary", value: "v1" });
    expect(opOf(report, 6)).toMatchObject({ node: "r1", value: "v1" });
    expect(report.anomalies).toEqual([]);
  });

  it("AFTER_COMMIT: bob sees v2 before alice's commit returns; failover takes it away: a monotonic-read violation", () => {
    const { report, history } = run(script("AFTER_COMMIT"));
    const v2 = [...operations(history).values()].find((o) => o.f === "write" && o.invoke.value === "v2")!;
    const [bobsFirst, bobsSecond] = history.filter((e) => e.f === "read" && e.type === "invoke").map((e) => e.op);
    expect(opOf(report, 3)).toMatchObject({ node: "primary", value: "v2", invokedMs: 520 });
    // alice had no answer yet when bob read her row; she never gets one (the primary crashed)
    expect(v2.done).toMatchObject({ type: "info", timeUs: 600_000 });
    expect(opOf(report, 6)).toMatchObject({ node: "r1", value: "v1" });
    expect(report.anomalies).toEqual([{
      kind: "monotonic-read", key: "x", process: "bob", node: "r1", atUs: 800_000,
      read: bobsSecond, write: v2.op, previousRead: bobsFirst, lagBytes: null, lagMs: null,
    }]);
  });

  it.each(["AFTER_SYNC", "AFTER_COMMIT"] as const)("%s: once the ACK is back, everyone sees the row", (waitPoint) => {
    const { report } = run({
      ...script(waitPoint),
      actions: [
        { atMs: 500, op: "write", session: "alice", key: "x", value: "v2" },
        { atMs: 620, op: "read", session: "bob", key: "x" },
      ],
    });
    // the ACK means "written to the relay log": one round trip after the local fsync, no replica fsync
    expect(opOf(report, 0)).toMatchObject({ status: "ok", completedMs: 601 });
    expect(opOf(report, 1)).toMatchObject({ value: "v2" });
  });
});
