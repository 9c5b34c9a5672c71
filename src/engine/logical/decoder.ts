/*
 * The walsender of a subscription: logical decoding of the publisher's WAL into transactions of
 * the published tables, sent whole and in commit order (pgoutput). PostgreSQL sends only WAL
 * that is flushed (the walsender reads up to GetFlushRecPtr) and skips transactions that
 * touch no published table (pgoutput's empty-transaction skipping, PostgreSQL 15); a keepalive
 * then carries the position so the subscriber can confirm it and the slot can move on.
 *
 * Decoding spill (logical_decoding_work_mem, docs: runtime-config-resource): the reorder buffer
 * keeps a transaction's changes in memory until commit; once it needs more than
 * logical_decoding_work_mem, the largest transaction is written to disk (ReorderBufferSerializeTXN
 * in reorderbuffer.c), counted in pg_stat_replication_slots.spill_txns / spill_bytes, and read
 * back when its commit is decoded. With the subscription's `streaming = on` (PostgreSQL 14+), such
 * a transaction is streamed to the subscriber while still in progress instead (stream_txns /
 * stream_bytes), the subscriber keeps it in a file and applies it at commit.
 *
 * Where we simplify (docs/logical.md): a transaction's changes all enter the WAL at its commit,
 * so "while in progress" has no duration here; a streamed transaction is counted as already on
 * the subscriber at its commit, a spilled one pays its decoding, the disk write and read, and its
 * transfer after the commit. Costs are assumptions, stated below.
 */
import { EV_LOGICAL } from "../core/eventKinds";
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import { K_NONE } from "./rows";
import type { RowModel } from "./rows";
import type { SubscriptionRt, WireItem } from "./state";

/** decoding one row change in memory, µs (an assumption: pgoutput decodes some 10^5-10^6 changes a second) */
export const DECODE_US_PER_ROW = 2;
/** the publisher's disk, writing and reading spill files: 200 MB/s (an assumption) */
export const SPILL_BYTES_PER_US = 200;
/** the replication link's bandwidth: 1 Gbit/s (an assumption; physical streaming has none modelled) */
export const LINK_BYTES_PER_US = 125;

export const CODE_DELIVER = 0, CODE_APPLIED = 1, CODE_RETRY = 2, CODE_COPY_DONE = 3, CODE_FEEDBACK = 4, CODE_CONNECTED = 5;
/** an event of subscription `s`: a = index * 8 + code, b = the worker generation it belongs to */
export function pushEvent(sim: Sim, atUs: number, s: SubscriptionRt, code: number): void {
  sim.queue.push(Math.max(sim.now, Math.round(atUs)), EV_LOGICAL, s.idx * 8 + code, s.gen);
}

/** Decodes what the publisher has flushed since the walsender's position and sends it. */
export function pump(sim: Sim, rows: RowModel, s: SubscriptionRt, workMemBytes: number): void {
  const p = sim.nodes[s.publisher]!;
  if (s.state !== "streaming" || s.cursor === null || !publisherUp(p)) return;
  const w = sim.writes, cur = s.cursor;
  let keepalive = -1;
  const wasEmpty = s.wire.length === 0;
  while (sim.wal.settle(cur, p.timeline)) {
    const id = cur.tl.idAt(cur.index), end = w.lsnOf(id);
    if (end > p.flushLsn) break;
    const start = cur.tl.start(cur.index);
    cur.index++;
    const kind = id < rows.kind.length ? rows.kind[id]! : K_NONE;
    if (kind === K_NONE || !s.tables.has(rows.tableOf(w.keyIdOf(id)))) {
      keepalive = end;
      continue;
    }
    keepalive = -1;
    send(sim, s, id, end, end - start, rows.rows(id), workMemBytes);
  }
  if (keepalive >= 0) sendItem(sim, s, { arriveUs: 0, writeId: -1, endLsn: keepalive, commitUs: sim.now }, Math.max(sim.now, s.decoderFreeUs));
  if (wasEmpty && s.wire.length > 0) pushEvent(sim, s.wire.peek()!.arriveUs, s, CODE_DELIVER);
}

export function publisherUp(p: NodeRt): boolean {
  return p.state === "up" && p.role === "primary" && !p.removed;
}

function send(sim: Sim, s: SubscriptionRt, id: number, end: number, bytes: number, rowCount: number, workMemBytes: number): void {
  const slot = s.slot!;
  slot.totalTxns++;
  slot.totalBytes += bytes;
  let afterCommitUs = rowCount * DECODE_US_PER_ROW + bytes / LINK_BYTES_PER_US;
  if (bytes > workMemBytes) {
    if (s.streaming) {
      slot.streamTxns++;
      slot.streamBytes += bytes;
      afterCommitUs = 0;
    } else {
      slot.spillTxns++;
      slot.spillBytes += bytes;
      afterCommitUs += (2 * bytes) / SPILL_BYTES_PER_US;
    }
  }
  const done = Math.max(sim.now, s.decoderFreeUs) + afterCommitUs;
  s.decoderFreeUs = done;
  const w = sim.writes;
  const commitUs = w.completeUsOf(id) >= 0 ? w.completeUsOf(id) : sim.now;
  sendItem(sim, s, { arriveUs: 0, writeId: id, endLsn: end, commitUs }, done);
}

function sendItem(sim: Sim, s: SubscriptionRt, item: WireItem, sentUs: number): void {
  item.arriveUs = Math.max(s.lastArriveUs, Math.round(sentUs + s.delayUs));
  s.lastArriveUs = item.arriveUs;
  s.wire.push(item);
}
