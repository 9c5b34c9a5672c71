/*
 * The primary's capacity (opsPerSec served one after another, maxConnections at most in the
 * system) and the read-your-writes circuit breaker (breakerQueueMs). Seed 002's warning: when
 * lag-aware fallback or pinning sends every read to the primary, its queue grows and reads slow
 * down; a breaker that stops pinning while the primary is saturated serves mildly stale reads
 * instead. Latency is measured from the history (invoke to completion) and from
 * report.reads.byPolicy.meanLatencyMs, which must agree.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { historyReadLatencyMs, opOf, policy, run, shareServedBy } from "./harness";

const example = (name: string): ScenarioInput =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "examples", name), "utf8")) as ScenarioInput;

/** 50 writes/s and 400 reads/s; the primary serves `opsPerSec` (0 = unlimited). */
const busy = (readFrom: "primary" | "replicas" | "read-your-writes", opsPerSec: number, extra: object = {}): ScenarioInput => ({
  seed: 11, durationMs: 5000,
  cluster: { primary: { fsyncMs: 1, opsPerSec }, replicas: [
    { name: "s1", networkDelayMs: 2, jitterMs: 1 }, { name: "s2", networkDelayMs: 2, jitterMs: 1 }] },
  workload: { writesPerSec: 50, readsPerSec: 400, sessions: 20, keys: 50, readFrom, ...extra },
});

describe("capacity: a saturated primary answers late", () => {
  it("unlimited: reads on the primary take no time; at 500 ops/s (90 % busy) they queue", () => {
    const free = run(busy("primary", 0)), limited = run(busy("primary", 500));
    expect(historyReadLatencyMs(free.history)).toBe(0);
    expect(historyReadLatencyMs(limited.history)).toBeGreaterThan(2);
    expect(policy(limited.report, "primary").failed).toBe(0);
  });

  it("pinning every session to the primary (long pin window) raises read latency against round-robin", () => {
    const replicas = run(busy("replicas", 500));
    const pinned = run(busy("read-your-writes", 500, { pinWindowMs: 60_000 }));
    // every session that has written once is pinned for the rest of the run
    expect(shareServedBy(pinned.history, "primary")).toBeGreaterThan(0.9);
    expect(shareServedBy(replicas.history, "primary")).toBe(0);
    expect(historyReadLatencyMs(pinned.history)).toBeGreaterThan(historyReadLatencyMs(replicas.history) + 2);
    // reads on the primary are never stale
    expect(policy(pinned.report, "read-your-writes").stale).toBeLessThan(policy(replicas.report, "replicas").stale);
  });

  // The workload's reads count too: their latency is not only the scripted reads'.
  it("byPolicy.meanLatencyMs is the mean invoke-to-completion time of the policy's reads (workload included)", () => {
    const pinned = run(busy("read-your-writes", 500, { pinWindowMs: 60_000 }));
    const replicas = run(busy("replicas", 500));
    const fromHistory = historyReadLatencyMs(pinned.history);
    expect(fromHistory).toBeGreaterThan(2);
    const reported = policy(pinned.report, "read-your-writes").meanLatencyMs;
    expect(reported, `pinned reads' meanLatencyMs; the history says ${fromHistory.toFixed(3)} ms`).toBeCloseTo(fromHistory, 2);
    expect(reported).toBeGreaterThan(policy(replicas.report, "replicas").meanLatencyMs);
  });

  it("a FIFO server: 10 ops/s and maxConnections 3 — three reads answered 100, 200, 300 ms later, the next two refused", () => {
    const { report, history } = run({
      seed: 1, durationMs: 2000, cluster: { primary: { fsyncMs: 1, opsPerSec: 10, maxConnections: 3 }, replicas: [{ name: "s1" }] },
      actions: Array.from({ length: 5 }, () => ({ atMs: 1000, op: "read" as const, session: "bob", key: "x" })),
    });
    expect(report.operations.map((o) => [o.status, o.completedMs])).toEqual([
      ["ok", 1100], ["ok", 1200], ["ok", 1300], ["failed", 1000], ["failed", 1000],
    ]);
    expect(history.filter((e) => e.type === "fail").map((e) => e.error))
      .toEqual(Array(2).fill("FATAL: sorry, too many clients already (primary is saturated)"));
    expect(policy(report, "primary")).toMatchObject({ total: 5, failed: 2, meanLatencyMs: 120 });
  });

  /*
   * meanLatencyMs is over the reads that got an answer: reads still queued when the run ends
   * (they have no latency yet) must not pull it down, or a saturated primary looks faster than it
   * is (examples/reads-primary.json: 38.58 ms over its completed reads; 13 pending).
   */
  it("reads still queued when the run ends do not count in meanLatencyMs", () => {
    const { report } = run({
      seed: 1, durationMs: 2000, cluster: { primary: { fsyncMs: 1, opsPerSec: 10 }, replicas: [{ name: "s1" }] },
      actions: Array.from({ length: 3 }, () => ({ atMs: 1850, op: "read" as const, session: "bob", key: "x" })),
    });
    expect(report.operations.map((o) => [o.status, o.completedMs])).toEqual([["ok", 1950], ["pending", null], ["pending", null]]);
    expect(policy(report, "primary")).toMatchObject({ total: 3, failed: 0, meanLatencyMs: 100 });
  });

  it("over capacity, the queue fills up to maxConnections: reads beyond it fail, and so do writes", () => {
    const { report } = run(busy("primary", 300, {}));
    const p = policy(report, "primary");
    expect(p.failed).toBeGreaterThan(100);
    expect(report.writes.failed).toBeGreaterThan(0);
  });
});

describe("circuit breaker (breakerQueueMs): stop pinning while the primary queues", () => {
  /** alice wrote at 1000 ms (pinned for 5 s); bob's two reads keep the 10 ops/s primary busy until 1300 ms. */
  const saturated = (applyDelayMs: number, breakerQueueMs?: number): ScenarioInput => ({
    seed: 1, durationMs: 3000,
    cluster: { primary: { fsyncMs: 1, opsPerSec: 10 }, replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0, applyDelayMs }] },
    sessions: { alice: { routing: "read-your-writes", pinWindowMs: 5000, ...(breakerQueueMs === undefined ? {} : { breakerQueueMs }) } },
    actions: [
      { atMs: 1000, op: "write", session: "alice", key: "x", value: "1" },
      { atMs: 1000, op: "read", session: "bob", key: "y" },
      { atMs: 1000, op: "read", session: "bob", key: "y" },
      { atMs: 1010, op: "read", session: "alice", key: "x" },
    ],
  });

  it("without a breaker alice's pinned read waits in the primary's queue (290 ms) and is served in turn", () => {
    const { report } = run(saturated(0));
    expect(opOf(report, 3)).toMatchObject({ node: "primary", value: "1", completedMs: 1400 });
    expect(policy(report, "read-your-writes")).toMatchObject({ total: 1, breakerReads: 0, meanLatencyMs: 390 });
  });

  it("with breakerQueueMs 150 the read goes to s1 at once, counted as a breaker read", () => {
    const { report } = run(saturated(0, 150));
    expect(opOf(report, 3)).toMatchObject({ node: "s1", value: "1", stale: false, completedMs: 1010 });
    expect(policy(report, "read-your-writes")).toMatchObject({ total: 1, breakerReads: 1, fallbacksToPrimary: 0, meanLatencyMs: 0 });
  });

  it("a breaker read on a lagging replica misses alice's own write: stale, and a read-your-writes violation", () => {
    const { report } = run(saturated(500, 150));
    expect(opOf(report, 3)).toMatchObject({ node: "s1", value: null, stale: true });
    expect(policy(report, "read-your-writes")).toMatchObject({ breakerReads: 1, stale: 1, readYourWritesViolations: 1 });
  });

  it("queue shorter than breakerQueueMs: pinning holds", () => {
    const { report } = run(saturated(0, 500));
    expect(opOf(report, 3)).toMatchObject({ node: "primary", completedMs: 1400 });
    expect(policy(report, "read-your-writes").breakerReads).toBe(0);
  });

  it("on the compared workload (examples/reads-*.json) the breaker takes load off the primary and serves some stale reads", () => {
    const pinned = run(example("reads-read-your-writes.json"));
    const breaker = run(example("reads-ryw-breaker.json"));
    const p = policy(pinned.report, "read-your-writes"), b = policy(breaker.report, "read-your-writes");
    expect(b.breakerReads).toBeGreaterThan(50);
    expect(p.breakerReads).toBe(0);
    expect(shareServedBy(breaker.history, "primary")).toBeLessThan(shareServedBy(pinned.history, "primary"));
    expect(historyReadLatencyMs(breaker.history)).toBeLessThan(historyReadLatencyMs(pinned.history));
    expect(b.stale).toBeGreaterThan(p.stale);
  });
});
