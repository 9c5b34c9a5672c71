/*
 * The primary's commit path: append the WAL record, flush it (group commit: one fsync covers
 * every record inserted before it started), wait as the commit settings say, make the write
 * visible and answer the client.
 *
 * Visibility follows the databases: PostgreSQL waits for standbys inside
 * RecordTransactionCommit, before the transaction leaves the proc array, so other sessions do
 * not see a commit while it waits (REAL-BEHAVIOUR.md: the row shows only once released or
 * cancelled). MySQL/MariaDB semi-sync AFTER_SYNC waits before the engine commit (invisible),
 * AFTER_COMMIT after it (visible to others while the client still waits).
 */
import { EV_PRIMARY_FLUSH, EV_SEMI_SYNC_TIMEOUT, EV_WAL_WRITER } from "../core/eventKinds";
import type { NodeRt, SenderRt } from "../cluster/state";
import { streamAll } from "../cluster/streaming";
import { W_INDETERMINATE, W_OK, W_PENDING } from "../clients/writeTable";
import { CommandError } from "../api";
import type { Sim } from "../simulation";
import { LEVEL_LOCAL, LEVEL_OFF, LEVEL_REMOTE_WRITE, LEVEL_SEMI_SYNC } from "./levels";
import { positionsOf, type SyncPositions } from "./syncRep";
import { updateStall } from "./stalls";
import { msToUs } from "../core/units";

/** wal_writer_delay: how soon the WAL writer flushes commits made with synchronous_commit = off. */
export const WAL_WRITER_DELAY_US = 200_000;
/** Size of one write's WAL record: a fixed header plus key and value. */
export const RECORD_OVERHEAD_BYTES = 64;

/** Appends write `id` to the WAL of `node`, the node it was sent to (writes.node[id]), and commits it. */
export function beginWrite(sim: Sim, node: NodeRt, id: number, recordBytes: number): void {
  const w = sim.writes;
  node.timeline.append(node.insertLsn, id);
  node.insertLsn += recordBytes;
  w.touch(id);
  const r = id - w.base;
  w.lsn[r] = node.insertLsn;
  w.timeline[r] = node.timeline.id;
  const level = sim.commitLevel;
  w.level[r] = level;
  if (level === LEVEL_OFF) {
    makeVisible(sim, node, id);
    ackWrite(sim, id);
    if (!node.walWriterPending) {
      node.walWriterPending = true;
      sim.queue.push(sim.now + WAL_WRITER_DELAY_US, EV_WAL_WRITER, node.idx, node.epoch);
    }
    return;
  }
  node.flushWaiters.push(id);
  requestPrimaryFlush(sim, node);
}

/** A primary resumes after a hang: the fsync it was doing starts over. */
export function resumeFlush(sim: Sim, node: NodeRt): void {
  requestPrimaryFlush(sim, node);
}

export function onWalWriter(sim: Sim, node: NodeRt): void {
  node.walWriterPending = false;
  requestPrimaryFlush(sim, node);
}

function requestPrimaryFlush(sim: Sim, node: NodeRt): void {
  if (node.flushing || node.insertLsn <= node.flushLsn) return;
  node.flushing = true;
  node.flushTarget = node.insertLsn;
  sim.queue.push(sim.now + node.fsyncUs, EV_PRIMARY_FLUSH, node.idx, node.epoch);
}

export function onPrimaryFlushed(sim: Sim, node: NodeRt): void {
  node.flushing = false;
  node.flushLsn = node.flushTarget;
  node.writeLsn = node.flushLsn;
  streamAll(sim, node);
  const logical = sim.logical;
  if (logical !== null) logical.onPublisherFlush(node);
  const q = node.flushWaiters;
  const w = sim.writes;
  while (q.length > 0 && w.lsnOf(q.peek()) <= node.flushLsn) afterLocalFlush(sim, node, q.shift());
  requestPrimaryFlush(sim, node);
}

function afterLocalFlush(sim: Sim, node: NodeRt, id: number): void {
  if (sim.writes.statusOf(id) !== W_PENDING) return;
  const level = sim.writes.levelOf(id);
  if (level === LEVEL_SEMI_SYNC) return semiSyncWait(sim, node, id);
  if (level === LEVEL_LOCAL || !sim.standbyNames) {
    makeVisible(sim, node, id);
    ackWrite(sim, id);
    return;
  }
  const queue = node.syncWaiters[level - LEVEL_REMOTE_WRITE]!;
  queue.push(id);
  if (queue.length === 1) updateStall(sim, node);
}

function semiSyncWait(sim: Sim, node: NodeRt, id: number): void {
  const s = sim.commit.semiSync;
  const notEnoughReplicas = node.senders.size < s.waitForCount;
  if (!sim.commit.semiSyncActive || (notEnoughReplicas && !s.waitNoReplica)) {
    makeVisible(sim, node, id);
    ackWrite(sim, id);
    sim.semiSyncNoTx++;
    return;
  }
  if (s.waitPoint === "AFTER_COMMIT") makeVisible(sim, node, id);
  node.semiWaiters.push(id);
  sim.queue.push(sim.now + msToUs(s.timeoutMs), EV_SEMI_SYNC_TIMEOUT, node.idx, id);
  if (node.semiWaiters.length === 1) updateStall(sim, node);
}

const pos: SyncPositions = { write: 0, flush: 0, replay: 0 };

/** Releases the PostgreSQL commits whose LSN enough sync standbys have confirmed. */
export function releaseSyncWaiters(sim: Sim, node: NodeRt): void {
  if (!sim.standbyNames) return releaseEverything(sim, node);
  if (!positionsOf(sim.standbyNames, sim.syncCandidatesOf(node), pos)) return;
  const released = releaseUpTo(sim, node, node.syncWaiters[0], pos.write)
    + releaseUpTo(sim, node, node.syncWaiters[1], pos.flush)
    + releaseUpTo(sim, node, node.syncWaiters[2], pos.replay);
  if (released > 0) updateStall(sim, node);
}

/**
 * Whether a reply from standby `s` can release anything: only if it confirmed, at some level,
 * the oldest commit waiting at that level. Otherwise whatever sync position it moved (the
 * minimum over FIRST's sync standbys, the n-th highest for ANY, even if this first reply made
 * it a candidate) stays below that commit. Spares the full computation on most replies.
 */
export function replyMayRelease(sim: Sim, node: NodeRt, s: SenderRt): boolean {
  const [write, flush, replay] = node.syncWaiters, w = sim.writes;
  return (write.length > 0 && s.writeLsn >= w.lsnOf(write.peek())) || (flush.length > 0 && s.flushLsn >= w.lsnOf(flush.peek()))
    || (replay.length > 0 && s.replayLsn >= w.lsnOf(replay.peek()));
}

/** MySQL semi-sync: a commit returns once waitForCount replicas ACKed receipt of its events. */
export function releaseSemiSyncWaiters(sim: Sim, node: NodeRt): void {
  const n = sim.commit.semiSync.waitForCount;
  const acks = [...node.senders.values()].map((s) => s.writeLsn).sort((a, b) => b - a);
  if (acks.length < n) return;
  const acked = releaseUpTo(sim, node, node.semiWaiters, acks[n - 1]!);
  if (acked === 0) return;
  sim.semiSyncYesTx += acked;
  updateStall(sim, node);
}

function releaseUpTo(sim: Sim, node: NodeRt, q: NodeRt["semiWaiters"], lsn: number): number {
  let n = 0;
  while (q.length > 0 && sim.writes.lsnOf(q.peek()) <= lsn) {
    const id = q.shift();
    if (sim.writes.statusOf(id) !== W_PENDING) continue;
    makeVisible(sim, node, id);
    ackWrite(sim, id);
    n++;
  }
  return n;
}

/** Every waiting commit returns: the standby list was cleared, or the mode changed. */
export function releaseEverything(sim: Sim, node: NodeRt): void {
  for (const q of node.syncWaiters) releaseUpTo(sim, node, q, Infinity);
  // Semi-sync waits ended without an ACK: MySQL counts them in Rpl_semi_sync_master_no_tx.
  sim.semiSyncNoTx += releaseUpTo(sim, node, node.semiWaiters, Infinity);
  updateStall(sim, node);
}

/**
 * rpl_semi_sync_master_timeout passed without enough ACKs: the primary switches semi-sync OFF
 * and every waiting commit returns successfully; later commits do not wait (REAL-BEHAVIOUR.md).
 */
export function onSemiSyncTimeout(sim: Sim, node: NodeRt, id: number): void {
  // A write compacted away by the retention window had long been answered.
  if (id < sim.writes.base || sim.writes.statusOf(id) !== W_PENDING || node.state !== "up" || sim.writes.nodeOf(id) !== node.idx) return;
  if (!sim.commit.semiSyncActive || sim.commit.mode !== "semiSync") return;
  sim.setSemiSyncActive(false);
  sim.semiSyncNoTx += releaseUpTo(sim, node, node.semiWaiters, Infinity);
  updateStall(sim, node);
}

/** Semi-sync switches back ON once a replica has caught up with the primary's binlog. */
export function maybeSemiSyncOn(sim: Sim, node: NodeRt, ackedLsn: number): void {
  if (sim.commit.mode === "semiSync" && !sim.commit.semiSyncActive && ackedLsn >= node.flushLsn) sim.setSemiSyncActive(true);
}

export function makeVisible(sim: Sim, node: NodeRt, id: number): void {
  const w = sim.writes, r = id - w.base, kv = node.kv, key = w.keyId[r]!, lsn = w.lsn[r]!, timeline = w.timeline[r]!;
  // Past everything shown: nothing to compare (the usual case, commits returning in LSN order).
  if (kv.isNewest(lsn, timeline)) return kv.set(key, id, lsn, timeline);
  // A commit released late must not hide a later one that was already visible: WAL order wins.
  const cur = kv.get(key);
  if (cur < 0 || w.lsnOf(cur) < lsn || w.timelineOf(cur) !== timeline) kv.set(key, id, lsn, timeline);
}

export function ackWrite(sim: Sim, id: number): void {
  sim.writes.complete(id, W_OK, sim.now);
  sim.onWriteAcknowledged(id);
}

/**
 * Cancelling commits that wait for synchronous standbys (pg_cancel_backend): PostgreSQL answers
 * SUCCESS with a WARNING, since the commit is already in the local WAL (REAL-BEHAVIOUR.md).
 */
export function cancelWaits(sim: Sim, node: NodeRt): void {
  if (sim.commit.mode !== "postgres") {
    throw new CommandError("cancel applies to PostgreSQL commits waiting for synchronous standbys; semi-sync waits end by timeout");
  }
  let n = 0;
  for (const q of node.syncWaiters) {
    while (q.length > 0) {
      const id = q.shift();
      if (sim.writes.statusOf(id) !== W_PENDING) continue;
      makeVisible(sim, node, id);
      sim.writes.complete(id, W_OK, sim.now);
      sim.onWriteAcknowledged(id, CANCEL_WARNING);
      n++;
    }
  }
  updateStall(sim, node);
  sim.log("configure", `${n} waiting commit(s) cancelled: clients got SUCCESS with "WARNING: ${CANCEL_WARNING}"`);
}

export const CANCEL_WARNING =
  "canceling wait for synchronous replication due to user request; the transaction has already committed locally, but might not have been replicated to the standby";

/** The primary died: clients waiting on it see their connection break (outcome unknown). */
export function abortPendingCommits(sim: Sim, node: NodeRt): void {
  for (const q of [node.flushWaiters, ...node.syncWaiters, node.semiWaiters]) {
    while (q.length > 0) {
      const id = q.shift();
      if (sim.writes.statusOf(id) === W_PENDING) sim.completeWrite(id, W_INDETERMINATE, "connection to the server was lost");
    }
  }
  updateStall(sim, node);
}

