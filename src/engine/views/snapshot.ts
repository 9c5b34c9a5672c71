/* A plain-data picture of the simulation now, for the UI: cheap enough for 60 a second. */
import { syncStates } from "../commit/syncRep";
import { inFlight, isCut } from "../cluster/network";
import { MSG_FEEDBACK, MSG_WAL, type NodeRt } from "../cluster/state";
import { secondsBehindSourceUs } from "../mysql/replicaStatus";
import type { Sim } from "../simulation";
import type { AckCause, InFlightColumns, LinkView, MessageView, NodeView, Snapshot, StandbyView, WaitingCommitView } from "../views";
import { awaitedStandbys } from "../commit/syncRep";
import { oldestWaiter } from "../commit/stalls";
import { slotViews } from "../cluster/retention";
import { wouldLose } from "../clients/ledger";
import { NO_LAG } from "../cluster/lagTracker";
import { lossesView } from "./lostWrites";
import { conflictViews, subscriptionViews } from "../logical/views";
import { recentRecords } from "./recentWal";
import { multiPrimaryView } from "../multiprimary/views";

/** records of the primary's log the picture draws on its tape */
const RECENT_RECORDS = 12;

const MAX_IN_FLIGHT = 2000;
const MAX_WAITING = 50;

export interface SnapshotOptions {
  /** leave inFlight empty (the worker sends the messages as columns, see inFlightColumns) */
  omitInFlight?: boolean;
}

export function buildSnapshot(sim: Sim, sinceLogSeq: number, options: SnapshotOptions = {}): Snapshot {
  const snapshot = physicalSnapshot(sim, sinceLogSeq, options);
  const lg = sim.logical;
  if (lg !== null && lg.hasSubscribers) {
    snapshot.logical = { subscriptions: subscriptionViews(sim, lg), conflicts: conflictViews(lg).slice(-100),
      conflictCount: lg.conflictCount, divergentKeys: [] };
  }
  if (sim.multiPrimary !== null) snapshot.multiPrimary = multiPrimaryView(sim.multiPrimary, { conflicts: 100, rows: 200, recentWrites: 5 });
  return snapshot;
}

function physicalSnapshot(sim: Sim, sinceLogSeq: number, options: SnapshotOptions): Snapshot {
  const live = sim.liveNodes();
  const primary = sim.nodes[sim.primary]!;
  const c = sim.clients;
  return {
    nowUs: sim.now,
    primary: primary.removed ? null : primary.name,
    commit: sim.commit,
    nodes: live.map((n) => nodeView(sim, n)),
    replication: replicationView(sim, primary),
    links: linkViews(sim, live),
    inFlight: options.omitInFlight ? [] : messages(sim),
    waitingCommits: waiting(sim, primary),
    totals: {
      writesAttempted: sim.writes.count,
      writesAcknowledged: c.latency.count,
      writesFailed: c.failedWrites,
      writesPending: sim.writes.count - c.latency.count - c.failedWrites,
      reads: [...c.reads.byPolicy.values()].reduce((n, p) => n + p.reads, 0),
      staleReads: c.checker.counts.staleReads,
      readYourWritesViolations: c.checker.counts.readYourWrites,
      monotonicReadViolations: c.checker.counts.monotonicReads,
      lostAcknowledgedWrites: c.losses.count,
    },
    latency: {
      ...livePercentiles(c.latency.liveP50P99()),
      maxUs: c.latency.max,
      latestUs: c.latency.latest(),
      bucketEdgesUs: c.latency.edges,
      counts: [...c.latency.counts],
    },
    slots: primary.removed ? [] : slotViews(sim, primary),
    failover: { auto: sim.failover.auto, fencing: sim.failover.fencing, detectMs: sim.failover.detectMs },
    workload: { writesPerSec: c.workload.writesPerSec, readsPerSec: c.workload.readsPerSec, readFrom: c.workload.readFrom,
      maxLagMs: c.workload.maxLagMs ?? null, pinWindowMs: c.workload.pinWindowMs ?? null, maxWaitMs: c.workload.maxWaitMs ?? null,
      breakerQueueMs: c.workload.breakerQueueMs ?? null },
    losses: lossesView(sim),
    wal: primary.removed ? [] : recentRecords(sim, primary, RECENT_RECORDS),
    semiSyncTx: { yes: sim.semiSyncYesTx, no: sim.semiSyncNoTx },
    stall: openStall(sim),
    log: sim.logSince(sinceLogSeq),
    eventsProcessed: sim.eventsProcessed,
  };
}

/** The write stall still open, if any (commit/stalls.ts opens one when a commit waits past its threshold). */
function openStall(sim: Sim): Snapshot["stall"] {
  const last = sim.stalls.at(-1);
  return last !== undefined && last.toUs === null ? { fromUs: last.fromUs, waitingFor: last.waitingFor } : null;
}

function nodeView(sim: Sim, n: NodeRt): NodeView {
  const isPrimary = n.idx === sim.primary;
  const lose = !isPrimary && n.role === "replica" && n.state === "up" ? wouldLose(sim, n) : null;
  return {
    name: n.name, role: n.role, state: n.state, crashKind: n.crashKind, timeline: n.timeline.id, problem: n.problem,
    wouldLose: lose?.writes ?? null,
    wouldLoseAtLeast: lose?.atLeast ?? false,
    walRetainedBytes: isPrimary ? n.flushLsn - n.oldestLsn : null,
    lsn: { insert: n.insertLsn, write: n.writeLsn, flush: n.flushLsn, replay: n.replayLsn },
    secondsBehindSourceUs: secondsBehindSourceUs(sim, n),
    config: { networkDelayMs: n.delayUs / 1000, jitterMs: n.jitterUs / 1000, fsyncMs: n.fsyncUs / 1000, applyDelayMs: n.applyDelayUs / 1000,
      lossPercent: n.lossPercent },
  };
}

export function replicationView(sim: Sim, primary: NodeRt): StandbyView[] {
  const states = syncStates(sim.standbyNames, primary.senders.values());
  // A MySQL/MariaDB source knows what it sent and the last position each replica ACKed (as
  // writeLsn), nothing else: no flush or apply position, no lags (src/engine/mysql/replies.ts).
  // What a PostgreSQL phase of the run had reported before a switch to semi-sync is not shown.
  const mysql = sim.commit.mode === "semiSync";
  return [...primary.senders.values()].sort((a, b) => a.standby - b.standby).map((s) => ({
    name: sim.nodes[s.standby]!.name, state: s.state, sentLsn: s.sentLsn, writeLsn: s.writeLsn, flushLsn: mysql ? 0 : s.flushLsn,
    replayLsn: mysql ? 0 : s.replayLsn, writeLagUs: mysql ? null : lagOrNull(s.writeLagUs), flushLagUs: mysql ? null : lagOrNull(s.flushLagUs),
    replayLagUs: mysql ? null : lagOrNull(s.replayLagUs),
    syncPriority: s.priority, syncState: mysql ? "async" : states.get(s) ?? "async",
  }));
}

function linkViews(sim: Sim, live: NodeRt[]): LinkView[] {
  const out: LinkView[] = [];
  const p = sim.nodes[sim.primary]!;
  const cutOf = (a: NodeRt, b: NodeRt) => isCut(sim, a.idx, b.idx);
  for (const n of live) {
    if (n === p) continue;
    const up = n.upstream >= 0 && !sim.nodes[n.upstream]!.removed ? sim.nodes[n.upstream]! : p;
    out.push({ a: up.name, b: n.name, cutAB: cutOf(up, n), cutBA: cutOf(n, up), delayMs: (up.delayUs + n.delayUs) / 1000 });
  }
  // Cuts between other pairs (for example between two replicas) are shown too.
  for (const link of sim.links.all) {
    if (!link.cut) continue;
    const a = sim.nodes[link.from]!, b = sim.nodes[link.to]!;
    if (a.removed || b.removed || out.some((l) => (l.a === a.name && l.b === b.name) || (l.a === b.name && l.b === a.name))) continue;
    out.push({ a: a.name, b: b.name, cutAB: true, cutBA: cutOf(b, a), delayMs: (a.delayUs + b.delayUs) / 1000 });
  }
  return out;
}

function messages(sim: Sim): MessageView[] {
  return inFlight(sim, MAX_IN_FLIGHT).map((m) => {
    const v: MessageView = {
      id: m.id, kind: m.kind === MSG_WAL ? "wal" : m.kind === MSG_FEEDBACK ? "ack" : "keepalive",
      from: sim.nodes[m.from]!.name, to: sim.nodes[m.to]!.name, sentUs: m.sentUs, arriveUs: m.arriveUs,
      lsn: m.kind === MSG_WAL ? m.end : m.flush,
    };
    if (m.kind === MSG_FEEDBACK) v.ack = { write: m.write, flush: m.flush, replay: m.replay, cause: ACK_CAUSES[m.cause] ?? "status" };
    return v;
  });
}

const KINDS = { wal: 0, ack: 1, keepalive: 2 } as const;
/** AckCause by the engine's FB_* number (cluster/state.ts) */
const ACK_CAUSES: readonly AckCause[] = ["write", "flush", "apply", "status", "reply", "start"];

export function inFlightColumns(sim: Sim): InFlightColumns {
  const msgs = inFlight(sim, MAX_IN_FLIGHT);
  const n = msgs.length;
  const names = sim.nodes.map((x) => x.name);
  const c: InFlightColumns = {
    count: n, names, ids: new Float64Array(n), kinds: new Uint8Array(n), from: new Uint8Array(n), to: new Uint8Array(n),
    sentUs: new Float64Array(n), arriveUs: new Float64Array(n), lsn: new Float64Array(n),
    ackWrite: new Float64Array(n), ackFlush: new Float64Array(n), ackReplay: new Float64Array(n), ackCause: new Uint8Array(n),
  };
  msgs.forEach((m, i) => {
    c.ids[i] = m.id;
    c.kinds[i] = m.kind === MSG_WAL ? KINDS.wal : m.kind === MSG_FEEDBACK ? KINDS.ack : KINDS.keepalive;
    c.from[i] = m.from;
    c.to[i] = m.to;
    c.sentUs[i] = m.sentUs;
    c.arriveUs[i] = m.arriveUs;
    c.lsn[i] = m.kind === MSG_WAL ? m.end : m.flush;
    c.ackWrite[i] = m.write;
    c.ackFlush[i] = m.flush;
    c.ackReplay[i] = m.replay;
    c.ackCause[i] = m.cause;
  });
  return c;
}

function waiting(sim: Sim, primary: NodeRt): WaitingCommitView[] {
  const w = sim.writes;
  const ids: number[] = [];
  for (const q of [...primary.syncWaiters, primary.semiWaiters]) {
    for (let i = 0; i < q.length && ids.length < MAX_WAITING; i++) ids.push(q.at(i));
  }
  if (ids.length === 0 && oldestWaiter(sim, primary) < 0) return [];
  const who = sim.commit.mode === "postgres"
    ? awaitedStandbys(sim.standbyNames, primary.senders.values(), (i) => sim.nodes[i]!.name)
    : [...primary.senders.values()].map((s) => sim.nodes[s.standby]!.name);
  return ids.sort((a, b) => a - b).map((id) => ({
    writeId: id, session: sim.clients.sessions[w.sessionIdOf(id)]!.name, key: sim.clients.keys[w.keyIdOf(id)]!,
    lsn: w.lsnOf(id), sinceUs: w.invokeUsOf(id), waitsFor: sim.describeWait(primary, id), standbys: who,
  }));
}

function lagOrNull(us: number): number | null {
  return us === NO_LAG ? null : us;
}

function livePercentiles([p50Us, p99Us]: number[]): { p50Us: number; p99Us: number } {
  return { p50Us: p50Us!, p99Us: p99Us! };
}
