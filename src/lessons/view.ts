/*
 * What a lesson's conditions can see: a small view of the snapshot in friendly units (ms, not µs),
 * plus what the lesson's own runner counted (log entries seen since the lesson began, time spent
 * in the current step). Built the same way headless and in the page, so a condition means the
 * same thing in both. Lists (nodes, replication, slots) are keyed by name.
 */
import type { LogEntry, LogKind, Snapshot } from "../engine/views";
import { LOG_KINDS } from "./fields";

export interface NodeFacts {
  role: string; state: string; crashKind: string | null; problem: string | null;
  wouldLose: number | null; walRetainedBytes: number | null; timeline: number;
  lsn: { insert: number; write: number; flush: number; replay: number };
}
export interface StandbyFacts {
  state: string; syncState: string;
  sentLsn: number; writeLsn: number; flushLsn: number; replayLsn: number;
  writeLagMs: number | null; flushLagMs: number | null; replayLagMs: number | null;
}
export interface SlotFacts { walStatus: string; retainedBytes: number; restartLsn: number; }
export interface WaitingFacts { session: string; key: string; waitedMs: number; }
/** a logical subscription and its slot (docs/logical.md) */
export interface SubscriptionFacts {
  state: string; enabled: boolean; applyErrorCount: number; rows: number; appliedTxns: number; copiedRows: number;
  confirmedFlushLsn: number | null; retainedBytes: number; walStatus: string | null; active: boolean;
  spillTxns: number; streamTxns: number; applyLagMs: number | null; maxApplyLagMs: number | null; caughtUp: boolean;
}

/** a primary of a multi-primary run (docs/multi-primary.md) */
/** inQuorum: it can reach a majority of a certification group (always true in the asynchronous modes, where any node takes writes) */
export interface PrimaryFacts { state: string; rows: number; writesMade: number; clockSkewMs: number; inQuorum: boolean; }
/** a row of table t in a multi-primary run: each primary's value (null: none) and whether they differ */
export interface MpRowFacts { diverged: boolean; values: Map<string, string | null>; }
export interface MultiPrimaryFacts {
  divergentKeys: number; lostUpdates: number; conflicts: number; stoppedChannels: number; settled: boolean;
  writesAcknowledged: number; writesFailed: number; p50Ms: number; maxMs: number;
}

export interface LessonView {
  nowMs: number;
  primary: string | null;
  commit: {
    mode: string; preset: string | null; semiSyncActive: boolean;
    synchronous_commit: string; synchronous_standby_names: string;
    waitPoint: string; semiSyncTimeoutMs: number;
  };
  nodes: Map<string, NodeFacts>;
  replication: Map<string, StandbyFacts>;
  slots: Map<string, SlotFacts>;
  /** logical subscriptions by name (empty when the run has none), and the conflicts so far */
  subscriptions: Map<string, SubscriptionFacts>;
  conflicts: { count: number };
  /** a multi-primary run: its primaries by name and table t's rows by key (both empty otherwise), and the checker's counts */
  primaries: Map<string, PrimaryFacts>;
  mpRows: Map<string, MpRowFacts>;
  multiPrimary: MultiPrimaryFacts;
  workload: Snapshot["workload"];
  waitingCommits: WaitingFacts[];
  totals: Snapshot["totals"];
  latency: { p50Ms: number; p99Ms: number; maxMs: number };
  /** promotions so far, and the latest one's lost acknowledged writes and RPO (oldest lost ack to the old primary's failure) */
  failovers: { count: number; lastLost: number | null; lastRpoMs: number | null };
  /** log entries of each kind since the lesson began */
  seen: Map<LogKind, number>;
  /** virtual ms since the last log entry of each kind (since the lesson began, for a kind not seen):
   *  "no read-your-writes violation for 3 s" is quietMs.ryw-violation >= 3000 */
  quietMs: Map<LogKind, number>;
  /** virtual time spent in the current step */
  step: { elapsedMs: number; writesAcknowledged: number; p50Ms: number };
}

/** Counts the log entries a run produced, across snapshots (each carries only the new ones). */
export class LogTally {
  private readonly counts = new Map<LogKind, number>();
  private readonly lastAtUs = new Map<LogKind, number>();
  private lastSeq = 0;
  /** the virtual time of the first snapshot seen: "since the lesson began" */
  private originUs: number | null = null;

  /** A copy that goes on counting apart (kept with a lesson step, for Back). */
  copy(): LogTally {
    const t = new LogTally();
    for (const [k, v] of this.counts) t.counts.set(k, v);
    for (const [k, v] of this.lastAtUs) t.lastAtUs.set(k, v);
    t.lastSeq = this.lastSeq;
    t.originUs = this.originUs;
    return t;
  }

  /** the log seq the next snapshot should start after */
  get since(): number { return this.lastSeq; }

  add(entries: readonly LogEntry[], nowUs: number): void {
    this.originUs ??= nowUs;
    for (const e of entries) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      this.counts.set(e.kind, (this.counts.get(e.kind) ?? 0) + 1);
      this.lastAtUs.set(e.kind, e.atUs);
    }
  }

  /** every kind, 0 for those not seen */
  snapshotCounts(): Map<LogKind, number> { return new Map(LOG_KINDS.map((k) => [k, this.counts.get(k) ?? 0])); }

  /** every kind: ms from its last entry (or the lesson's start) to `nowUs` */
  quietMs(nowUs: number): Map<LogKind, number> {
    const origin = this.originUs ?? nowUs;
    return new Map(LOG_KINDS.map((k) => [k, Math.max(0, nowUs - (this.lastAtUs.get(k) ?? origin)) / 1000]));
  }
}

const usToMs = (us: number) => us / 1000;
const lagMs = (us: number | null) => (us === null ? null : us / 1000);

/** Where the step began: its virtual time and the commit-latency histogram then (for the step's own figures). */
export interface StepStart { atUs: number; latencyCounts: readonly number[]; }

export function lessonView(snap: Snapshot, tally: LogTally, start: StepStart): LessonView {
  const c = snap.commit;
  return {
    nowMs: usToMs(snap.nowUs),
    primary: snap.primary,
    commit: {
      mode: c.mode, preset: c.preset, semiSyncActive: c.semiSyncActive,
      synchronous_commit: c.postgres.synchronous_commit, synchronous_standby_names: c.postgres.synchronous_standby_names,
      waitPoint: c.semiSync.waitPoint, semiSyncTimeoutMs: c.semiSync.timeoutMs,
    },
    nodes: new Map(snap.nodes.map((n) => [n.name, {
      role: n.role, state: n.state, crashKind: n.crashKind, problem: n.problem, wouldLose: n.wouldLose,
      walRetainedBytes: n.walRetainedBytes, timeline: n.timeline, lsn: { ...n.lsn },
    }])),
    replication: new Map(snap.replication.map((r) => [r.name, {
      state: r.state, syncState: r.syncState, sentLsn: r.sentLsn, writeLsn: r.writeLsn, flushLsn: r.flushLsn,
      replayLsn: r.replayLsn, writeLagMs: lagMs(r.writeLagUs), flushLagMs: lagMs(r.flushLagUs), replayLagMs: lagMs(r.replayLagUs),
    }])),
    slots: new Map(snap.slots.map((s) => [s.name, { walStatus: s.walStatus, retainedBytes: s.retainedBytes, restartLsn: s.restartLsn }])),
    subscriptions: new Map((snap.logical?.subscriptions ?? []).map((s) => [s.name, {
      state: s.state, enabled: s.enabled, applyErrorCount: s.applyErrorCount, rows: s.rows, appliedTxns: s.appliedTxns,
      copiedRows: s.copiedRows, confirmedFlushLsn: s.confirmedFlushLsn, retainedBytes: s.retainedBytes, walStatus: s.walStatus,
      active: s.active, spillTxns: s.spillTxns, streamTxns: s.streamTxns, applyLagMs: s.applyLagMs, maxApplyLagMs: s.maxApplyLagMs,
      caughtUp: s.caughtUp,
    }])),
    conflicts: { count: snap.logical?.conflictCount ?? 0 },
    ...multiPrimaryFacts(snap),
    workload: { ...snap.workload },
    waitingCommits: snap.waitingCommits.map((w) => ({ session: w.session, key: w.key, waitedMs: usToMs(snap.nowUs - w.sinceUs) })),
    totals: { ...snap.totals },
    latency: { p50Ms: usToMs(snap.latency.p50Us), p99Ms: usToMs(snap.latency.p99Us), maxMs: usToMs(snap.latency.maxUs) },
    failovers: failoverFacts(snap),
    seen: tally.snapshotCounts(),
    quietMs: tally.quietMs(snap.nowUs),
    step: { elapsedMs: usToMs(snap.nowUs - start.atUs), ...stepLatency(snap, start.latencyCounts) },
  };
}

/**
 * Commits acknowledged during the step and their median. The step's commits are the latest ones,
 * whose exact latencies the snapshot carries (up to 128): the median is exact (nearest rank, as
 * the report's p50). A step with more commits than that falls back to the histogram's growth since
 * the step began, the median then being the upper edge of its bucket (capped by the run's maximum).
 */
function stepLatency(snap: Snapshot, before: readonly number[]): { writesAcknowledged: number; p50Ms: number } {
  const { counts, bucketEdgesUs, maxUs, latestUs } = snap.latency;
  const delta = counts.map((c, i) => c - (before[i] ?? 0));
  const total = delta.reduce((a, b) => a + b, 0);
  if (total <= 0) return { writesAcknowledged: 0, p50Ms: 0 };
  if (total <= latestUs.length) {
    const mine = latestUs.slice(latestUs.length - total).sort((x, y) => x - y);
    return { writesAcknowledged: total, p50Ms: usToMs(mine[Math.ceil(total / 2) - 1]!) };
  }
  let acc = 0;
  for (let i = 0; i < delta.length; i++) {
    acc += delta[i]!;
    if (acc >= total / 2) return { writesAcknowledged: total, p50Ms: usToMs(Math.min(maxUs, bucketEdgesUs[i + 1] ?? maxUs)) };
  }
  return { writesAcknowledged: total, p50Ms: usToMs(maxUs) };
}

function failoverFacts(snap: Snapshot): LessonView["failovers"] {
  const list = snap.losses.failovers;
  const last = list[list.length - 1];
  return { count: list.length, lastLost: last?.lost ?? null, lastRpoMs: last ? usToMs(last.rpoUs) : null };
}

const NO_MULTI_PRIMARY: MultiPrimaryFacts = { divergentKeys: 0, lostUpdates: 0, conflicts: 0, stoppedChannels: 0, settled: true,
  writesAcknowledged: 0, writesFailed: 0, p50Ms: 0, maxMs: 0 };

function multiPrimaryFacts(snap: Snapshot): Pick<LessonView, "primaries" | "mpRows" | "multiPrimary"> {
  const mp = snap.multiPrimary;
  if (mp === undefined) return { primaries: new Map(), mpRows: new Map(), multiPrimary: NO_MULTI_PRIMARY };
  const names = mp.nodes.map((n) => n.name);
  return {
    primaries: new Map(mp.nodes.map((n) => [n.name, { state: n.state, rows: n.rows, writesMade: n.writesMade, clockSkewMs: n.clockSkewMs,
      inQuorum: n.inQuorum ?? true }])),
    mpRows: new Map(mp.rows.filter((r) => r.table === "t").map((r) => [r.key, { diverged: r.diverged,
      values: new Map(names.map((name, i) => [name, r.values[i] ?? null])) }])),
    multiPrimary: { divergentKeys: mp.divergentKeys.length, lostUpdates: mp.lostUpdates.length, conflicts: mp.conflictCount,
      stoppedChannels: mp.channels.filter((c) => c.state === "stopped").length, settled: mp.settled,
      writesAcknowledged: mp.writes.acknowledged, writesFailed: mp.writes.failed, p50Ms: mp.writes.latencyMs.p50, maxMs: mp.writes.latencyMs.max },
  };
}
