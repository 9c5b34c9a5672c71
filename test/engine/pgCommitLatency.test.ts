/*
 * REAL-BEHAVIOUR.md, "synchronous_commit and synchronous_standby_names": commit latency rises
 * level by level, off < local < remote_write < on <= remote_apply; `on` with no synchronous
 * standby named costs the same as `local`; on − local is one round trip plus the standby's
 * fsync; remote_write skips the standby's fsync.
 *
 * The cluster has no jitter, so every latency is an exact number of µs:
 *   primary fsync 1 ms, s1 one-way delay 2 ms (RTT 4 ms), s1 fsync 1.5 ms, replay 20 µs a record.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { SynchronousCommit } from "../../src/engine/scenario/schema";
import { pgLab } from "./lab";

const S1 = { name: "s1", networkDelayMs: 2, jitterMs: 0, fsyncMs: 1.5, applyCostUs: 20 };
const PRIMARY_FSYNC_US = 1000;
const RTT_US = 4000;
const STANDBY_FSYNC_US = 1500;
const APPLY_COST_US = 20;

function commitLatencyUs(level: SynchronousCommit, names: string): number {
  const lab = pgLab([S1], { synchronous_commit: level, synchronous_standby_names: names });
  lab.runTo(100);
  const op = lab.write("x", "1");
  lab.runFor(100);
  return lab.latencyUs(op);
}

describe("commit latency by synchronous_commit level (FIRST 1 (s1), no jitter)", () => {
  it("pins every level's latency to the path it waits for", () => {
    expect(commitLatencyUs("off", "FIRST 1 (s1)")).toBe(0);
    expect(commitLatencyUs("local", "FIRST 1 (s1)")).toBe(PRIMARY_FSYNC_US);
    expect(commitLatencyUs("remote_write", "FIRST 1 (s1)")).toBe(PRIMARY_FSYNC_US + RTT_US);
    expect(commitLatencyUs("on", "FIRST 1 (s1)")).toBe(PRIMARY_FSYNC_US + RTT_US + STANDBY_FSYNC_US);
    expect(commitLatencyUs("remote_apply", "FIRST 1 (s1)")).toBe(PRIMARY_FSYNC_US + RTT_US + STANDBY_FSYNC_US + APPLY_COST_US);
  });

  it("rises level by level: off < local < remote_write < on <= remote_apply", () => {
    const levels: SynchronousCommit[] = ["off", "local", "remote_write", "on", "remote_apply"];
    const l = levels.map((level) => commitLatencyUs(level, "FIRST 1 (s1)"));
    expect(l[0]).toBeLessThan(l[1]!);
    expect(l[1]).toBeLessThan(l[2]!);
    expect(l[2]).toBeLessThan(l[3]!);
    expect(l[3]).toBeLessThanOrEqual(l[4]!);
  });

  it("on − local is one round trip plus the standby's fsync", () => {
    expect(commitLatencyUs("on", "FIRST 1 (s1)") - commitLatencyUs("local", "FIRST 1 (s1)")).toBe(RTT_US + STANDBY_FSYNC_US);
  });

  it("remote_write skips the standby's fsync: on − remote_write is that fsync", () => {
    expect(commitLatencyUs("on", "FIRST 1 (s1)") - commitLatencyUs("remote_write", "FIRST 1 (s1)")).toBe(STANDBY_FSYNC_US);
  });

  it("with no synchronous standby named, on (and every remote level) costs the same as local", () => {
    const local = commitLatencyUs("local", "");
    expect(local).toBe(PRIMARY_FSYNC_US);
    expect(commitLatencyUs("on", "")).toBe(local);
    expect(commitLatencyUs("remote_write", "")).toBe(local);
    expect(commitLatencyUs("remote_apply", "")).toBe(local);
  });

  it("a slower standby fsync slows `on` and `remote_apply` but not `remote_write`", () => {
    const slow = { ...S1, fsyncMs: 10 };
    const run = (level: SynchronousCommit) => {
      const lab = pgLab([slow], { synchronous_commit: level, synchronous_standby_names: "s1" });
      lab.runTo(100);
      const op = lab.write("x", "1");
      lab.runFor(100);
      return lab.latencyUs(op);
    };
    expect(run("remote_write")).toBe(PRIMARY_FSYNC_US + RTT_US);
    expect(run("on")).toBe(PRIMARY_FSYNC_US + RTT_US + 10_000);
  });
});

describe("loopback-like cluster (fdatasync ~0.17 ms, RTT ~0.1 ms, jitter): medians keep the order", () => {
  it("p50 latency of a steady workload rises level by level and `on` stays within ~1.5 ms", () => {
    const p50 = (level: SynchronousCommit, names = "FIRST 1 (s1)") => runScenario(scenarioSchema.parse({
      seed: 42, durationMs: 3000,
      cluster: { primary: { fsyncMs: 0.17 }, replicas: [{ name: "s1", networkDelayMs: 0.05, jitterMs: 0.02, fsyncMs: 0.17 }] },
      commit: { postgres: { synchronous_commit: level, synchronous_standby_names: names } },
      workload: { writesPerSec: 200, keys: 20 },
    })).writes.latencyMs.p50;
    const [off, local, rw, on, ra] = [p50("off"), p50("local"), p50("remote_write"), p50("on"), p50("remote_apply")];
    expect(off).toBeLessThan(local);
    expect(local).toBeLessThan(rw);
    expect(rw).toBeLessThan(on);
    expect(on).toBeLessThanOrEqual(ra);
    expect(local).toBeGreaterThanOrEqual(0.17);
    expect(on).toBeLessThan(1.5);
    expect(p50("on", "")).toBe(local);
  });
});

describe("synchronous_commit = off in the report", () => {
  it("a scripted off write is acknowledged at once and the report says so", () => {
    const report = runScenario(scenarioSchema.parse({
      seed: 1, durationMs: 1000,
      cluster: { replicas: [S1] },
      commit: { postgres: { synchronous_commit: "off", synchronous_standby_names: "FIRST 1 (s1)" } },
      actions: [{ atMs: 100, op: "write", key: "x", value: "1" }],
    }));
    expect(report.writes.acknowledged).toBe(1);
    expect(report.writes.pending).toBe(0);
    expect(report.operations[0]).toMatchObject({ op: "write", status: "ok", invokedMs: 100, completedMs: 100 });
  });
});
