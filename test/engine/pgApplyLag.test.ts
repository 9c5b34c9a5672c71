/*
 * REAL-BEHAVIOUR.md, apply lag. With recovery_min_apply_delay = 500 ms on s1, a read on s1 right
 * after an `on` or `remote_write` commit is stale every time; after a `remote_apply` commit it
 * is never stale, and that commit takes the delay plus ~1.5 ms. In pg_stat_replication a standby
 * with a 1 s apply delay shows replay_lag ~0.75–1 s while write_lag and flush_lag stay under
 * 1 ms; the lags become NULL some seconds after writes stop.
 */
import { describe, expect, it } from "vitest";
import type { SynchronousCommit } from "../../src/engine/scenario/schema";
import { pgLab, type Lab } from "./lab";

/** Loopback-like s1: 0.1 ms one way, fsync 0.2 ms, no jitter; replay 20 µs a record. */
const s1 = (applyDelayMs: number) => ({ name: "s1", networkDelayMs: 0.1, jitterMs: 0, fsyncMs: 0.2, applyDelayMs, applyCostUs: 20 });

function delayedLab(level: SynchronousCommit): Lab {
  const lab = pgLab([s1(500)], { synchronous_commit: level, synchronous_standby_names: "FIRST 1 (s1)" });
  lab.runTo(100);
  return lab;
}

/** Commits key/value, then reads it on s1 at the very µs the commit returns. Returns [latency µs, stale]. */
function commitThenReadOnS1(lab: Lab, key: string, value: string): [number, boolean] {
  const op = lab.write(key, value);
  const o = lab.runUntilAnswered(op, 5000);
  expect(o.status).toBe("ok");
  const read = lab.read("s1", key);
  expect(read.status).toBe("ok");
  return [o.latencyUs!, read.stale];
}

describe("recovery_min_apply_delay = 500 ms on s1, FIRST 1 (s1)", () => {
  it.each(["on", "remote_write"] as const)("a read on s1 right after a %s commit is stale every time", (level) => {
    const lab = delayedLab(level);
    for (let i = 0; i < 10; i++) {
      const [latencyUs, stale] = commitThenReadOnS1(lab, `k${i % 3}`, `v${i}`);
      expect(stale).toBe(true);
      expect(latencyUs).toBeLessThan(5_000);
      lab.runFor(37);
    }
    expect(lab.sim.report().reads.stale).toBe(10);
  });

  it("a read on s1 right after a remote_apply commit is never stale", () => {
    const lab = delayedLab("remote_apply");
    for (let i = 0; i < 10; i++) {
      const [, stale] = commitThenReadOnS1(lab, `k${i % 3}`, `v${i}`);
      expect(stale).toBe(false);
      lab.runFor(37);
    }
    expect(lab.sim.report().reads.stale).toBe(0);
  });

  it("a remote_apply commit takes the delay plus a little (here exactly 500 ms + replay 20 µs + one way 0.1 ms)", () => {
    const lab = delayedLab("remote_apply");
    const [latencyUs] = commitThenReadOnS1(lab, "x", "1");
    expect(latencyUs).toBe(500_000 + 20 + 100);
    expect(latencyUs / 1000).toBeGreaterThanOrEqual(500);
    expect(latencyUs / 1000).toBeLessThan(500 + 5);
  });

  it("a standby that restarts mid-delay does not release remote_apply commits it has not replayed", () => {
    const lab = delayedLab("remote_apply");
    const op = lab.write("x", "1");
    lab.runTo(150);
    expect(lab.outcome(op).status).toBe("pending");
    lab.do({ op: "crash", node: "s1", kind: "process" });
    lab.runTo(160);
    lab.do({ op: "restart", node: "s1" });
    const o = lab.runUntilAnswered(op, 5000);
    expect(o.status).toBe("ok");
    // Released only once s1 has replayed it: a read on s1 at that µs is not stale.
    expect(lab.read("s1", "x")).toMatchObject({ value: "1", stale: false });
    expect(o.completedUs! / 1000).toBeGreaterThanOrEqual(600);
  });

  it("pg_stat_replication never shows a replay_lsn the standby has not reached (after a reconnect)", () => {
    const lab = delayedLab("on");
    lab.write("x", "1");
    lab.runTo(150);
    lab.do({ op: "crash", node: "s1", kind: "process" });
    lab.runTo(160);
    lab.do({ op: "restart", node: "s1" });
    lab.runTo(200);
    const row = lab.standby("s1")!;
    expect(lab.node("s1").lsn.replay).toBe(0);
    expect(row.replayLsn).toBeLessThanOrEqual(lab.node("s1").lsn.replay);
  });

  it("the stale read on s1 turns fresh once the delay has passed", () => {
    const lab = delayedLab("on");
    const op = lab.write("x", "1");
    const o = lab.runUntilAnswered(op);
    expect(lab.read("s1", "x")).toMatchObject({ value: null, stale: true });
    lab.runTo(o.invokedUs / 1000 + 490);
    expect(lab.read("s1", "x")).toMatchObject({ value: null, stale: true });
    lab.runTo(o.invokedUs / 1000 + 510);
    expect(lab.read("s1", "x")).toMatchObject({ value: "1", stale: false });
  });
});

describe("pg_stat_replication with a 1 s apply delay", () => {
  function steadyWrites(): Lab {
    const lab = pgLab([s1(1000)], { synchronous_commit: "on", synchronous_standby_names: "" },
      { seed: 3, workload: { writesPerSec: 50, keys: 10, stopMs: 6000 } });
    lab.runTo(5000);
    return lab;
  }

  it("shows replay_lag ~0.75–1 s while write_lag and flush_lag stay under 1 ms", () => {
    const row = steadyWrites().standby("s1")!;
    expect(row.state).toBe("streaming");
    expect(row.writeLagUs).not.toBeNull();
    expect(row.flushLagUs).not.toBeNull();
    expect(row.writeLagUs!).toBeLessThan(1000);
    expect(row.flushLagUs!).toBeLessThan(1000);
    expect(row.replayLagUs!).toBeGreaterThanOrEqual(750_000);
    expect(row.replayLagUs!).toBeLessThanOrEqual(1_100_000);
    expect(row.replayLsn).toBeLessThan(row.flushLsn);
  });

  it("the report shows the same lags in ms", () => {
    const node = steadyWrites().sim.report().nodes.find((n) => n.name === "s1")!;
    expect(node.lagMs.write!).toBeLessThan(1);
    expect(node.lagMs.replay!).toBeGreaterThanOrEqual(750);
  });

  it("the lags become NULL some seconds after writes stop, not at once", () => {
    const lab = steadyWrites();
    lab.runTo(6100);
    const justAfter = lab.standby("s1")!;
    expect(justAfter.replayLagUs).not.toBeNull();
    lab.runTo(6000 + 30_000);
    const later = lab.standby("s1")!;
    expect(later).toMatchObject({ writeLagUs: null, flushLagUs: null, replayLagUs: null });
    expect(later.replayLsn).toBe(later.flushLsn);
  });
});
