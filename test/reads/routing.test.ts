/*
 * Routing policies, each as a script under a fixed seed (docs/reads.md): a named replica;
 * round-robin over the replicas; lag-aware (ProxySQL's max_replication_lag: skip replicas whose
 * replay lag exceeds maxLagMs, fall back to the primary and count it); read-your-writes pinning
 * (the seeds' failure mode: a pin window shorter than the replica's apply lag misses the session's
 * own writes, a longer one never does); causal (wait up to maxWaitMs for a replica that has
 * replayed the session's last commit, then the primary).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { opOf, policy, run, Stepper } from "./harness";

const example = (name: string): ScenarioInput =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "examples", name), "utf8")) as ScenarioInput;

/** Reads completed in a history, as the nodes that served them. */
const servedBy = (h: ReturnType<typeof run>["history"]) => h.filter((e) => e.f === "read" && e.type === "ok").map((e) => e.node);

const threeReplicas: ScenarioInput["cluster"] = {
  primary: { fsyncMs: 1 },
  replicas: [
    { name: "s1", networkDelayMs: 1, jitterMs: 0, applyDelayMs: 0 },
    { name: "s2", networkDelayMs: 1, jitterMs: 0, applyDelayMs: 1000 },
    { name: "s3", networkDelayMs: 1, jitterMs: 0, applyDelayMs: 0 },
  ],
};

describe("a read that names its node", () => {
  it("is served there, whatever the session's policy, and counted as \"named node\"", () => {
    const { report } = run({
      seed: 1, durationMs: 3000, cluster: threeReplicas,
      sessions: { alice: { routing: "primary" } },
      actions: [
        { atMs: 1000, op: "write", session: "alice", key: "x", value: "1" },
        { atMs: 1100, op: "read", session: "alice", key: "x", node: "s2" },
        { atMs: 1100, op: "read", session: "alice", key: "x", node: "s3" },
        { atMs: 1100, op: "read", session: "alice", key: "x" },
        { atMs: 2100, op: "read", session: "alice", key: "x", node: "s2" },
      ],
    });
    expect([1, 2, 3, 4].map((i) => [opOf(report, i).node, opOf(report, i).value])).toEqual([
      ["s2", null], ["s3", "1"], ["primary", "1"], ["s2", "1"],
    ]);
    expect(policy(report, "named node")).toMatchObject({ total: 3, stale: 1, readYourWritesViolations: 1 });
    expect(policy(report, "primary")).toMatchObject({ total: 1, stale: 0 });
  });
});

describe("round-robin over the replicas", () => {
  it("a session's reads cycle s1, s2, s3 and skip a replica that is down", () => {
    const reads = (from: number) => Array.from({ length: 6 }, (_, i) => ({ atMs: from + i, op: "read" as const, session: "bob", key: "x" }));
    const { history, report } = run({
      seed: 1, durationMs: 3000, cluster: threeReplicas, sessions: { bob: { routing: "replicas" } },
      actions: [...reads(1000), { atMs: 1500, op: "crash", node: "s2" }, ...reads(2000)],
    });
    expect(servedBy(history)).toEqual(["s1", "s2", "s3", "s1", "s2", "s3", "s1", "s3", "s1", "s3", "s1", "s3"]);
    expect(policy(report, "replicas")).toMatchObject({ total: 12, fallbacksToPrimary: 0 });
  });

  it("the workload's reads spread evenly: counts per replica differ by at most one", () => {
    const { history, report } = run({
      seed: 9, durationMs: 4000, cluster: threeReplicas,
      workload: { writesPerSec: 50, readsPerSec: 300, sessions: 5, keys: 10, readFrom: "replicas" },
    });
    const counts = new Map<string, number>();
    for (const n of servedBy(history)) counts.set(n!, (counts.get(n!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["s1", "s2", "s3"]);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
    // s2 replays a second late: round-robin reads it anyway
    expect(report.reads.stale).toBeGreaterThan(0);
  });

  it("with no replica up the read falls back to the primary, counted", () => {
    const { report } = run({
      seed: 1, durationMs: 2000, cluster: { replicas: [{ name: "s1" }] }, sessions: { bob: { routing: "replicas" } },
      actions: [{ atMs: 100, op: "crash", node: "s1" }, { atMs: 200, op: "read", session: "bob", key: "x" }],
    });
    expect(opOf(report, 1)).toMatchObject({ node: "primary", status: "ok" });
    expect(policy(report, "replicas")).toMatchObject({ total: 1, fallbacksToPrimary: 1 });
  });
});

describe("lag-aware (maxLagMs, as ProxySQL's max_replication_lag)", () => {
  /** Writes from the start; the lag-aware reads only from 3 s on, once replay lags are measured. */
  const lagging = (applyDelays: [number, number], maxLagMs?: number): ScenarioInput => ({
    seed: 5, durationMs: 5000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [
      { name: "s1", networkDelayMs: 2, jitterMs: 1, applyDelayMs: applyDelays[0] },
      { name: "s2", networkDelayMs: 2, jitterMs: 1, applyDelayMs: applyDelays[1] },
    ] },
    workload: { writesPerSec: 100, readsPerSec: 0, sessions: 4, keys: 10, readFrom: "lag-aware",
      ...(maxLagMs === undefined ? {} : { maxLagMs }) },
    actions: [{ atMs: 3000, op: "workload", workload: { readsPerSec: 400 } }],
  });

  it("pg_stat_replication shows s2's replay lag (~1.5 s) over maxLagMs: every read goes to s1, none falls back", () => {
    const lab = new Stepper(lagging([0, 1500], 1000)).to(3000);
    const lag = lab.snapshot().replication.find((r) => r.name === "s2")!.replayLagUs!;
    expect(lag).toBeGreaterThan(1_500_000);
    expect(lag).toBeLessThan(1_600_000);
    lab.to(5000);
    const served = new Set(lab.history.filter((e) => e.f === "read" && e.type === "ok").map((e) => e.node));
    expect([...served]).toEqual(["s1"]);
    expect(policy(lab.report(), "lag-aware")).toMatchObject({ fallbacksToPrimary: 0, failed: 0 });
  });

  it("the default maxLagMs is 1000: s2 (1.5 s) is skipped, s1 (0.5 s) is used", () => {
    const { history } = run(lagging([500, 1500]));
    expect(new Set(servedBy(history))).toEqual(new Set(["s1"]));
  });

  it("both replicas lagging: every read falls back to the primary, and each fallback is counted", () => {
    const { history, report } = run(lagging([1500, 1500], 1000));
    const p = policy(report, "lag-aware");
    expect(p.total).toBeGreaterThan(700);
    expect(servedBy(history).every((n) => n === "primary")).toBe(true);
    expect(p.fallbacksToPrimary).toBe(p.total);
    expect(p.stale).toBe(0);
  });

  it("a larger maxLagMs lets the lagging replicas back in: no fallbacks, stale reads instead", () => {
    const { report } = run(lagging([1500, 1500], 2000));
    const p = policy(report, "lag-aware");
    expect(p.fallbacksToPrimary).toBe(0);
    expect(p.stale).toBeGreaterThan(100);
  });

  /*
   * A stuck replay: PostgreSQL's walsender interpolates the lag of a stuck apply position
   * (walsender.c, LagTrackerRead: "This is mainly useful for reporting a completely stuck apply
   * position as having increasing lag"), so replay_lag grows while replay stands still and
   * lag-aware routing stops using the replica once it passes maxLagMs.
   */
  const stall: ScenarioInput = {
    seed: 5, durationMs: 6000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 2, jitterMs: 1 }] },
    workload: { writesPerSec: 100, readsPerSec: 0, sessions: 4, keys: 10, readFrom: "lag-aware", maxLagMs: 1000 },
    actions: [
      { atMs: 3000, op: "set", node: "s1", applyDelayMs: 2000 },
      { atMs: 4500, op: "workload", workload: { readsPerSec: 400 } },
      { atMs: 4900, op: "workload", workload: { readsPerSec: 0 } },
    ],
  };

  it("replay stalls on s1 (apply delay raised to 2 s at 3000 ms): at 4500 ms its replay_lag shows over 1 s", () => {
    const lab = new Stepper(stall).to(4500);
    const s1 = lab.node("s1");
    expect(s1.lsn.replay).toBeLessThan(s1.lsn.flush); // replay is stuck behind what s1 has flushed
    const shownMs = (lab.snapshot().replication.find((r) => r.name === "s1")!.replayLagUs ?? 0) / 1000;
    expect(shownMs, "s1's replay_lag (ms) 1.5 s into the stall").toBeGreaterThan(1000);
  });

  it("replay stalls on s1: lag-aware reads from 4500 to 4900 ms fall back to the primary instead of reading 1.5 s old data", () => {
    const p = policy(run(stall).report, "lag-aware");
    expect(p.total).toBeGreaterThan(100);
    expect({ fallbacksToPrimary: p.fallbacksToPrimary, stale: p.stale }).toEqual({ fallbacksToPrimary: p.total, stale: 0 });
  });
});

describe("read-your-writes pinning (pinWindowMs)", () => {
  it("a session reads the primary for pinWindowMs after its write, then the replicas", () => {
    const { report } = run({
      seed: 1, durationMs: 3000, cluster: { replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0 }] },
      sessions: { alice: { routing: "read-your-writes", pinWindowMs: 1000 } },
      actions: [
        { atMs: 100, op: "read", session: "alice", key: "x" },
        { atMs: 1000, op: "write", session: "alice", key: "x", value: "1" },
        { atMs: 1999, op: "read", session: "alice", key: "x" },
        { atMs: 2000, op: "read", session: "alice", key: "x" },
      ],
    });
    expect([0, 2, 3].map((i) => opOf(report, i).node)).toEqual(["s1", "primary", "s1"]);
  });

  it("the default pinWindowMs is 1000", () => {
    const { report } = run({
      seed: 1, durationMs: 3000, cluster: { replicas: [{ name: "s1" }] }, sessions: { alice: { routing: "read-your-writes" } },
      actions: [
        { atMs: 1000, op: "write", session: "alice", key: "x", value: "1" },
        { atMs: 1999, op: "read", session: "alice", key: "x" },
        { atMs: 2001, op: "read", session: "alice", key: "x" },
      ],
    });
    expect([1, 2].map((i) => opOf(report, i).node)).toEqual(["primary", "s1"]);
  });

  // examples/pin-window-*.json: replica01 replays 700 ms after each commit (seed 002's story)
  it("pin window (300 ms) shorter than the replica's apply lag (700 ms): read-your-writes violations", () => {
    const { report } = run(example("pin-window-too-short.json"));
    const p = policy(report, "read-your-writes");
    expect(p.readYourWritesViolations).toBeGreaterThan(10);
    expect(report.reads.readYourWritesViolations).toBe(p.readYourWritesViolations);
    // alice saves her avatar at 2000 ms; 500 ms later, unpinned, she reads the replica: her write is missing
    expect(opOf(report, 1)).toMatchObject({ node: "replica01", value: null, stale: true });
    expect(report.anomalies.some((a) => a.kind === "read-your-writes" && a.process === "alice")).toBe(true);
    expect(opOf(report, 2)).toMatchObject({ node: "replica01", value: "new avatar", stale: false });
  });

  it("pin window (1500 ms, ~2x the apply lag) longer than the lag: no read-your-writes violation — at the cost of the primary", () => {
    const short = run(example("pin-window-too-short.json"));
    const long = run(example("pin-window-long-enough.json"));
    const p = policy(long.report, "read-your-writes");
    expect(p.total).toBeGreaterThan(1500);
    expect(p.readYourWritesViolations).toBe(0);
    expect(long.report.anomalies.filter((a) => a.kind === "read-your-writes")).toEqual([]);
    expect(opOf(long.report, 1)).toMatchObject({ node: "primary", value: "new avatar", stale: false });
    // other sessions' writes are not protected: some reads are still stale
    expect(p.stale).toBeGreaterThan(0);
    // the price: far more reads land on the primary
    const onPrimary = (h: typeof short.history) => h.filter((e) => e.f === "read" && e.type === "ok" && e.node === "primary").length;
    expect(onPrimary(long.history)).toBeGreaterThan(1.5 * onPrimary(short.history));
  });

  it("the two pin-window examples differ only in the pin window", () => {
    const strip = (s: ScenarioInput) => JSON.stringify({ ...s, name: "", sessions: {}, workload: { ...s.workload, pinWindowMs: 0 } });
    expect(strip(example("pin-window-too-short.json"))).toBe(strip(example("pin-window-long-enough.json")));
  });
});

describe("causal (maxWaitMs): a replica that has replayed the session's last commit", () => {
  const causal = (applyDelayMs: number, reads: number[], maxWaitMs?: number): ScenarioInput => ({
    seed: 1, durationMs: 3000,
    cluster: { primary: { fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0, applyDelayMs }] },
    sessions: { carol: maxWaitMs === undefined ? { routing: "causal" } : { routing: "causal", maxWaitMs } },
    actions: [
      { atMs: 1000, op: "write", session: "carol", key: "x", value: "1" },
      ...reads.map((atMs) => ({ atMs, op: "read" as const, session: "carol", key: "x" })),
    ],
  });

  it("no replica has it: the read waits maxWaitMs (100 ms), then goes to the primary, counted as a fallback", () => {
    const { report } = run(causal(500, [1010], 100));
    expect(opOf(report, 1)).toMatchObject({ node: "primary", value: "1", stale: false, invokedMs: 1010, completedMs: 1110 });
    expect(policy(report, "causal")).toMatchObject({ total: 1, fallbacksToPrimary: 1, meanLatencyMs: 100 });
  });

  it("the default maxWaitMs is 100", () => {
    const { report } = run(causal(500, [1010]));
    expect(opOf(report, 1)).toMatchObject({ node: "primary", completedMs: 1110 });
  });

  it("s1 replays the commit within maxWaitMs: the read waits for it and is served by s1", () => {
    const { report } = run(causal(50, [1010], 100));
    // replayed at 1000 + 50 ms apply delay + 20 µs apply cost
    expect(opOf(report, 1)).toMatchObject({ node: "s1", value: "1", stale: false, completedMs: 1050.02 });
    expect(policy(report, "causal")).toMatchObject({ fallbacksToPrimary: 0, meanLatencyMs: 40.02 });
  });

  it("s1 has already replayed it: served at once", () => {
    const { report } = run(causal(50, [1100], 100));
    expect(opOf(report, 1)).toMatchObject({ node: "s1", value: "1", invokedMs: 1100, completedMs: 1100 });
  });

  /*
   * The issue: "a replica serves the read once it has replayed that LSN". A waiting read is
   * served by whichever replica replays the LSN first, not only by the one it started waiting on.
   */
  it("two replicas, s1 fast and s2 1 s behind: a waiting read is served by whichever replays first", () => {
    const { report, history } = run({
      seed: 1, durationMs: 3000,
      cluster: { primary: { fsyncMs: 1 }, replicas: [
        { name: "s1", networkDelayMs: 1, jitterMs: 0 }, { name: "s2", networkDelayMs: 1, jitterMs: 0, applyDelayMs: 1000 }] },
      sessions: { carol: { routing: "causal", maxWaitMs: 100 } },
      actions: [
        { atMs: 1000, op: "write", session: "carol", key: "x", value: "1" },
        { atMs: 1001.5, op: "read", session: "carol", key: "x" },
        { atMs: 1001.6, op: "read", session: "carol", key: "x" },
      ],
    });
    // s1 replays the commit at 1003.02 ms (ack 1001 + 1 ms network + 1 ms fsync + 20 µs apply)
    const reads = history.filter((e) => e.f === "read" && e.type === "ok").map((e) => ({ node: e.node, timeUs: e.timeUs }));
    expect(reads).toEqual([{ node: "s1", timeUs: 1_003_020 }, { node: "s1", timeUs: 1_003_020 }]);
    expect(policy(report, "causal").fallbacksToPrimary).toBe(0);
  });
});

describe("while the primary is down (crashed at 1000 ms, no failover)", () => {
  const down = (readFrom: "replicas" | "causal" | "lag-aware" | "read-your-writes") => run({
    seed: 1, durationMs: 3000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }] },
    workload: { writesPerSec: 50, readsPerSec: 100, sessions: 2, keys: 5, readFrom },
    actions: [{ atMs: 1000, op: "crash", node: "primary" }],
  });
  const after = (h: ReturnType<typeof run>["history"]) => h.filter((e) => e.f === "read" && e.type !== "invoke" && e.timeUs > 1_100_000);

  it.each(["replicas", "causal"] as const)("%s keeps serving reads from the replicas", (readFrom) => {
    const reads = after(down(readFrom).history);
    expect(reads.length).toBeGreaterThan(100);
    expect(reads.every((e) => e.type === "ok" && e.node !== "primary")).toBe(true);
  });

  // The lag figures are the primary's pg_stat_replication: with the primary gone, no replica
  // qualifies. And every failed write attempt re-pins its session (the pin starts at the write).
  it.each(["lag-aware", "read-your-writes"] as const)("%s sends every read to the dead primary: they fail", (readFrom) => {
    const reads = after(down(readFrom).history);
    expect(reads.length).toBeGreaterThan(100);
    expect(reads.every((e) => e.type === "fail" && e.node === "primary" && /could not connect to primary: it is down/.test(e.error!))).toBe(true);
  });
});
