/*
 * Every file in examples/ is a story (docs/scenarios.md tells it). Each goes in through the one
 * door users use (parseScenario), runs headless to its end (runScenario), and must end the way
 * its story says: stale reads, stalls, lost or kept writes, latencies.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/engine";
import { parseScenario } from "../../src/engine/scenario/validate";
import type { Report } from "../../src/engine/views";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const DOCS = new URL("../../docs/scenarios.md", import.meta.url);

function load(file: string): { report: Report; warnings: string[] } {
  const parsed = parseScenario(JSON.parse(readFileSync(new URL(file, EXAMPLES), "utf8")));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return { report: runScenario(parsed.scenario), warnings: parsed.warnings };
}

/** The operation of scripted action i. */
const op = (r: Report, action: number) => {
  const o = r.operations.find((x) => x.action === action);
  if (!o) throw new Error(`no operation for action ${action}`);
  return o;
};

const STORIES: Record<string, (r: Report) => void> = {
  "multi-primary-fast-clock.json": (r) => {
    const mp = r.multiPrimary!;
    // Boston's later writes are acknowledged, yet us itself keeps Paris's 9: eu's clock stamped it 20 s ahead
    expect(op(r, 2)).toMatchObject({ node: "us", status: "ok", value: "20" });
    expect(op(r, 3)).toMatchObject({ node: "us", value: "9" });
    // fixing eu's clock does not fix the stamp the row carries
    expect(op(r, 5)).toMatchObject({ status: "ok" });
    expect(op(r, 6)).toMatchObject({ node: "us", value: "9" });
    expect(r.divergentKeys).toEqual([]);
    expect(mp.lostUpdates.map((l) => [l.value, l.atMs, l.keptValue, l.lostOn])).toEqual([["20", 5001, "9", ["eu", "us"]], ["20", 7001, "9", ["eu", "us"]]]);
    expect(r.conflicts!.every((c) => c.kind === "stamp_older" && c.resolution.includes("against the row's stamped 21.001 s"))).toBe(true);
  },
  "multi-primary-divergence.json": (r) => {
    const mp = r.multiPrimary!;
    // both updates of stock crossed on the wire: each region ends with the other's value, no error
    expect(op(r, 3)).toMatchObject({ node: "eu", value: "8" });
    expect(op(r, 4)).toMatchObject({ node: "us", value: "9" });
    // the duplicate order-7 stopped both channels with 1062; order-8 waited behind it until the skip
    expect(op(r, 8)).toMatchObject({ node: "us", value: null });
    expect(op(r, 11)).toMatchObject({ node: "us", value: "desk" });
    expect(mp.channels.map((c) => [c.state, c.lastErrno, c.errorCount])).toEqual([["running", 1062, 1], ["running", 1062, 1]]);
    expect(r.divergentKeys!.map((d) => [d.key, d.values.map((v) => v.value)])).toEqual([["order-7", ["lamp", "chair"]], ["stock", ["8", "9"]]]);
    expect(mp.settled).toBe(true);
    expect(mp.lostUpdates.map((l) => [l.key, l.value, l.lostOn])).toEqual([["stock", "8", ["us"]], ["order-7", "chair", ["eu"]]]);
    expect(r.writes).toMatchObject({ attempted: 6, acknowledged: 6 });
  },
  "logical-conflict.json": (r) => {
    // only the published table reaches the subscriber
    expect(op(r, 2)).toMatchObject({ node: "reporting", value: "book" });
    expect(op(r, 3)).toMatchObject({ node: "reporting", value: null });
    // the analyst's own row makes the publisher's insert of key 2 fail there; key 3 waits behind it
    expect(op(r, 7)).toMatchObject({ value: null });
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts![0]).toMatchObject({ kind: "insert_exists", table: "orders", key: "2", node: "reporting",
      localValue: "test row", remoteValue: "lamp" });
    // failing at 2 s and 7 s; the row removed at 10 s, the retry at 12 s applies everything
    expect(r.subscriptions![0]).toMatchObject({ state: "streaming", applyErrorCount: 2, caughtUp: true, retainedBytes: 0 });
    expect(op(r, 9)).toMatchObject({ value: "lamp" });
    expect(op(r, 10)).toMatchObject({ value: "chair" });
    expect(r.divergentKeys).toEqual([]);
  },
  "photo-post-async.json": (r) => {
    expect(op(r, 0)).toMatchObject({ status: "ok", value: "sunset.jpg" });
    // Five ms after posting, the replica 40 ms away has nothing: the post seems gone.
    expect(op(r, 1)).toMatchObject({ node: "eu-replica", value: null, stale: true });
    expect(op(r, 2)).toMatchObject({ node: "eu-replica", value: "sunset.jpg", stale: false });
    // Bob's session pins reads to the primary after a write: he sees his photo.
    expect(op(r, 4)).toMatchObject({ node: "primary", value: "cat.jpg", stale: false });
    expect(r.reads.stale).toBeGreaterThan(1);
    expect(r.writes.latencyMs.p99).toBeLessThan(2);
    expect(r.lostAcknowledgedWrites).toBe(0);
  },
  "money-transfer-sync.json": (r) => {
    expect(r.failovers).toHaveLength(1);
    expect(r.failovers[0]).toMatchObject({ promoted: "s1", lostAcknowledgedWrites: 0, rpoMs: 0 });
    expect(r.lostAcknowledgedWrites).toBe(0);
    expect(r.ledger.acknowledgedLost).toBe(0);
    expect(r.writes.acknowledged).toBeGreaterThan(1000);
    expect(op(r, 4)).toMatchObject({ node: "s1", value: "90", stale: false });
    expect(op(r, 5)).toMatchObject({ node: "s1", value: "110", stale: false });
    expect(r.nodes.find((n) => n.name === "s2")).toMatchObject({ role: "replica", syncState: "sync", timeline: 2 });
  },
  "semi-sync-slow-replica.json": (r) => {
    // fsync 1 ms + round trip to "near" 4 ms; "slow" (≥ 100 ms round trip) never sets the pace.
    expect(r.writes.latencyMs.p50).toBeGreaterThanOrEqual(5);
    expect(r.writes.latencyMs.p50).toBeLessThan(5.5);
    expect(r.writes.latencyMs.max).toBeLessThan(10);
    expect(r.commit.semiSyncActive).toBe(true);
    expect(r.stalls).toEqual([]);
    expect(r.writes.acknowledged).toBeGreaterThan(300);
  },
  "sync-standby-down-stall.json": (r) => {
    expect(r.stalls).toHaveLength(1);
    expect(r.stalls[0]!.fromMs).toBeGreaterThanOrEqual(2000);
    expect(r.stalls[0]!.fromMs).toBeLessThan(2200);
    expect(r.stalls[0]!.toMs).toBeGreaterThanOrEqual(5000);
    expect(r.stalls[0]!.toMs).toBeLessThan(5050);
    expect(r.stalls[0]!.waitingFor).toContain("s1");
    const order = op(r, 1);
    expect(order.status).toBe("ok");
    expect(order.completedMs!).toBeGreaterThanOrEqual(5000);
    expect(order.completedMs!).toBeLessThan(5050);
    // While the commit waits, the primary does not show it; once released, it does.
    expect(op(r, 2)).toMatchObject({ value: null, stale: false });
    expect(op(r, 4)).toMatchObject({ value: "paid", stale: false });
    expect(r.writes.latencyMs.max).toBeGreaterThan(2900);
    expect(r.commit.postgres.synchronous_standby_names).toBe("");
  },
  "any1-survives-loss.json": (r) => {
    expect(r.stalls).toEqual([]);
    expect(r.writes.failed).toBe(0);
    expect(r.writes.acknowledged).toBeGreaterThanOrEqual(r.writes.attempted - 1);
    expect(r.writes.latencyMs.max).toBeLessThan(20);
    expect(r.nodes.filter((n) => n.syncState === "quorum").map((n) => n.name)).toEqual(["s1", "s2"]);
  },
  "remote-apply-vs-stale-read.json": (r) => {
    expect(op(r, 0).completedMs! - op(r, 0).invokedMs).toBeLessThan(10);
    expect(op(r, 1)).toMatchObject({ node: "s1", value: null, stale: true });
    const applied = op(r, 3);
    expect(applied.completedMs! - applied.invokedMs).toBeGreaterThanOrEqual(500);
    expect(applied.completedMs! - applied.invokedMs).toBeLessThan(502);
    expect(op(r, 4)).toMatchObject({ node: "s1", value: "4 items", stale: false });
    expect(r.reads.stale).toBe(1);
  },
  "async-failover-loss.json": (r) => {
    expect(op(r, 1).status).toBe("ok");
    expect(r.failovers[0]).toMatchObject({ promoted: "s1" });
    expect(r.failovers[0]!.lostAcknowledgedWrites).toBeGreaterThan(50);
    expect(r.failovers[0]!.rpoMs).toBeGreaterThan(1500);
    expect(r.lostAcknowledgedWrites).toBe(r.failovers[0]!.lostAcknowledgedWrites);
    // The comment was acknowledged, and the new primary never had it.
    expect(op(r, 4)).toMatchObject({ node: "s1", value: null });
    expect(r.nodes.find((n) => n.name === "primary")).toMatchObject({ state: "diverged", timeline: 1 });
  },
  "pin-window-too-short.json": (r) => {
    expect(op(r, 1)).toMatchObject({ node: "replica01", value: null, stale: true });
    expect(r.reads.readYourWritesViolations).toBeGreaterThan(10);
  },
  "pin-window-long-enough.json": (r) => {
    expect(op(r, 1)).toMatchObject({ node: "primary", value: "new avatar", stale: false });
    expect(r.reads.readYourWritesViolations).toBe(0);
  },
  "reads-primary.json": (r) => {
    expect(r.reads).toMatchObject({ stale: 0, readYourWritesViolations: 0, monotonicReadViolations: 0 });
    expect(r.reads.byPolicy.primary!.total).toBe(r.reads.total);
    expect(r.writes.latencyMs.p50).toBeGreaterThan(10);
  },
  "reads-replicas.json": (r) => {
    expect(r.reads.stale / r.reads.total).toBeGreaterThan(0.3);
    expect(r.reads.readYourWritesViolations).toBeGreaterThan(0);
    expect(r.writes.latencyMs.p50).toBeLessThan(2);
  },
  "reads-lag-aware.json": (r) => {
    expect(r.reads.byPolicy["lag-aware"]!.fallbacksToPrimary).toBeGreaterThan(0);
    expect(r.reads.stale / r.reads.total).toBeLessThan(0.3);
  },
  "reads-read-your-writes.json": (r) => {
    expect(r.reads.stale / r.reads.total).toBeLessThan(0.1);
    expect(r.reads.readYourWritesViolations).toBeLessThan(20);
  },
  "reads-ryw-breaker.json": (r) => {
    expect(r.reads.byPolicy["read-your-writes"]!.breakerReads).toBeGreaterThan(0);
  },
  "reads-causal.json": (r) => {
    expect(r.reads.readYourWritesViolations).toBe(0);
    expect(r.reads.byPolicy.causal!.fallbacksToPrimary).toBeGreaterThan(0);
  },
};

describe("examples/", () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort();

  it("holds every story this test knows, and docs/scenarios.md tells every example", () => {
    expect(files).toEqual(expect.arrayContaining(Object.keys(STORIES)));
    const docs = readFileSync(DOCS, "utf8");
    const untold = files.filter((f) => !docs.includes(`npm run sim -- examples/${f}`));
    expect(untold).toEqual([]);
  });

  it.each(files)("%s parses without warnings, has a name, runs without engine warnings, the same twice", (file) => {
    const raw = JSON.parse(readFileSync(new URL(file, EXAMPLES), "utf8")) as { name?: unknown };
    expect(typeof raw.name).toBe("string");
    expect((raw.name as string).length).toBeGreaterThan(10);
    const first = load(file);
    expect(first.warnings).toEqual([]);
    expect(first.report.engine.warnings).toEqual([]);
    expect(first.report.scenario).toBe(raw.name);
    expect(load(file).report).toEqual(first.report);
  });

  it.each(Object.keys(STORIES))("%s ends as its story says", (file) => {
    STORIES[file]!(load(file).report);
  });

  it("the read-routing comparison ranks the policies as docs/scenarios.md says", () => {
    const stale = (f: string) => { const r = load(f).report; return r.reads.stale / r.reads.total; };
    const replicas = stale("reads-replicas.json"), lagAware = stale("reads-lag-aware.json");
    const ryw = stale("reads-read-your-writes.json"), primary = stale("reads-primary.json");
    expect(primary).toBe(0);
    expect(ryw).toBeLessThan(lagAware);
    expect(lagAware).toBeLessThan(replicas);
    const p50 = (f: string) => load(f).report.writes.latencyMs.p50;
    expect(p50("reads-ryw-breaker.json")).toBeLessThan(p50("reads-read-your-writes.json"));
    expect(p50("reads-replicas.json")).toBeLessThan(p50("reads-primary.json"));
  });
});
