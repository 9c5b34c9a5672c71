/*
 * The property tests are only as good as their watcher: here it is fed hand-made snapshots and
 * history events that break each invariant, and must say so (and stay quiet on good ones).
 */
import { describe, expect, it } from "vitest";
import type { Simulation } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { EffectiveCommit, OperationEvent as HistoryEvent, NodeView, Snapshot, StandbyView } from "../../src/engine/views";
import { parseNames, Watcher } from "./watcher";

type Lsn = NodeView["lsn"];
const node = (name: string, role: NodeView["role"], lsn: Partial<Lsn>, extra: Partial<NodeView> = {}): NodeView => ({
  name, role, state: "up", crashKind: null, problem: null, wouldLose: null, wouldLoseAtLeast: false, walRetainedBytes: null, secondsBehindSourceUs: null, timeline: 1,
  lsn: { insert: 0, write: 0, flush: 0, replay: 0, ...lsn },
  config: { networkDelayMs: 1, jitterMs: 0, fsyncMs: 1, applyDelayMs: 0, lossPercent: 0 }, ...extra,
});
const row = (name: string, write: number, flush: number, replay: number): StandbyView => ({
  name, state: "streaming", sentLsn: write, writeLsn: write, flushLsn: flush, replayLsn: replay,
  writeLagUs: null, flushLagUs: null, replayLagUs: null, syncPriority: 1, syncState: "sync",
});
const commit = (synchronous_commit: EffectiveCommit["postgres"]["synchronous_commit"], names: string): EffectiveCommit => ({
  preset: null, mode: "postgres", summary: "", semiSyncActive: true,
  postgres: { synchronous_commit, synchronous_standby_names: names, wal_sender_timeout_ms: 0, wal_receiver_timeout_ms: 0,
    wal_receiver_status_interval_ms: 10_000, wal_keep_size_mb: 0, max_slot_wal_keep_size_mb: -1, checkpoint_timeout_ms: 300_000,
    wal_segment_size_mb: 16 },
  semiSync: { waitForCount: 1, waitPoint: "AFTER_SYNC", timeoutMs: 10_000, waitNoReplica: true },
});

/** A stand-in simulation whose snapshot the test sets by hand. */
class FakeSim {
  nowUs = 0;
  snap: Snapshot;
  constructor(nodes: NodeView[], c: EffectiveCommit, replication: StandbyView[] = []) {
    this.snap = { nowUs: 0, primary: "primary", commit: c, nodes, replication } as unknown as Snapshot;
  }
  snapshot(): Snapshot {
    return this.snap;
  }
}

function watcherOn(fake: FakeSim): Watcher {
  const w = new Watcher(scenarioSchema.parse({ cluster: { replicas: [{ name: "s1" }, { name: "s2" }] } }));
  w.sim = fake as unknown as Simulation;
  return w;
}

const write = (type: HistoryEvent["type"], op: number, timeUs: number, lsn: number | null): HistoryEvent =>
  ({ type, f: "write", op, process: "c", key: "k", value: "v", timeUs, node: "primary", lsn, timeline: 1, action: null });

describe("the property watcher", () => {
  it("reads the synchronous_standby_names forms the arbitraries write", () => {
    expect(parseNames("")).toBeNull();
    expect(parseNames("s1, S2")).toEqual({ num: 1, names: ["s1", "s2"] });
    expect(parseNames("ANY 2 (s1, ghost)")).toEqual({ num: 2, names: ["s1", "ghost"] });
    expect(parseNames("FIRST 1 (primary)")).toEqual({ num: 1, names: ["primary"] });
  });

  it("stays quiet on a consistent cluster", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 }),
      node("s1", "replica", { write: 100, flush: 80, replay: 50 })], commit("on", "s1"), [row("s1", 100, 80, 50)]);
    const w = watcherOn(fake);
    w.afterStep();
    w.afterStep();
    expect(w.violations).toEqual([]);
  });

  it("finds flush going back, replay ahead of flush, and a standby ahead of the primary", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 }),
      node("s1", "replica", { write: 100, flush: 80, replay: 50 })], commit("on", ""));
    const w = watcherOn(fake);
    w.afterStep();
    fake.snap.nodes = [node("primary", "primary", { insert: 100, write: 100, flush: 100 }),
      node("s1", "replica", { write: 120, flush: 70, replay: 75 })];
    w.afterStep();
    expect(w.violations.join("\n")).toMatch(/flush went back 80 → 70/);
    expect(w.violations.join("\n")).toMatch(/replay 75 > flush 70/);
    expect(w.violations.join("\n")).toMatch(/write 120 > primary primary's flush 100/);
  });

  it("lets a standby that switches timeline drop received WAL past the switch point, not what it replayed", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 }, { timeline: 2 }),
      node("s1", "replica", { write: 120, flush: 120, replay: 60 })], commit("on", ""));
    const w = watcherOn(fake);
    w.afterStep();
    fake.snap.nodes[1] = node("s1", "replica", { write: 80, flush: 80, replay: 60 }, { timeline: 2 });
    w.afterStep();
    expect(w.violations).toEqual([]);
    fake.snap.nodes[1] = node("s1", "replica", { write: 50, flush: 50, replay: 60 }, { timeline: 3 });
    w.afterStep();
    expect(w.violations.join("\n")).toMatch(/replay 60 > flush 50/);
  });

  it("finds pg_stat_replication claiming more than the standby ever had", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 }),
      node("s1", "replica", { write: 100, flush: 100, replay: 10 })], commit("on", ""), [row("s1", 100, 100, 90)]);
    const w = watcherOn(fake);
    w.afterStep();
    expect(w.violations.join("\n")).toMatch(/replay_lsn 90 but the standby never got past 10/);
  });

  it("finds an `on` commit acknowledged before its listed standby flushed it", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 }),
      node("s1", "replica", { write: 100, flush: 60, replay: 60 }), node("s2", "replica", { write: 100, flush: 100, replay: 100 })],
    commit("on", "FIRST 1 (s1)"), [row("s1", 100, 100, 60), row("s2", 100, 100, 100)]);
    const w = watcherOn(fake);
    w.onHistory(write("invoke", 1, 0, null));
    w.onHistory(write("ok", 1, 5000, 100));
    expect(w.violations.join("\n")).toMatch(/only \[\] had flush ≥ LSN \(need 1\)/);
  });

  it("finds an async commit that waited for more than the primary's fsync", () => {
    const fake = new FakeSim([node("primary", "primary", { insert: 100, write: 100, flush: 100 })], commit("local", "s1"));
    const w = watcherOn(fake);
    w.onHistory(write("invoke", 1, 0, null));
    w.onHistory(write("ok", 1, 50_000, 100));
    expect(w.violations.join("\n")).toMatch(/waited 50000µs/);
  });
});
