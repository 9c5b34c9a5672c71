/*
 * The subscriber's side: the apply worker. It connects to the publisher (START_REPLICATION from
 * its replication origin's position), receives whole transactions and applies them one at a
 * time in commit order, and confirms what it applied, which moves the slot's confirmed_flush_lsn
 * (docs: logical-replication-architecture, pg_replication_slots).
 *
 * Conflicts (docs: logical-replication-conflicts; REAL-BEHAVIOUR.md, PostgreSQL 15.18): an
 * insert whose key the subscriber already holds raises "duplicate key value violates unique
 * constraint"; the worker exits, pg_stat_subscription_stats.apply_error_count counts it, and the
 * launcher starts it again after wal_retrieve_retry_interval, from the last position it applied:
 * the same transaction fails again, and those behind it wait. Removing the row, ALTER
 * SUBSCRIPTION … SKIP (lsn = the failing transaction's finish LSN), or disable_on_error (the
 * subscription is disabled instead: "subscription … has been disabled because of an error")
 * end it. An update or a delete of a row the subscriber does not have is skipped silently
 * (PostgreSQL 18 names these conflicts update_missing / delete_missing; the names are used here).
 */
import type { Sim } from "../simulation";
import { CODE_APPLIED, CODE_CONNECTED, CODE_DELIVER, CODE_FEEDBACK, CODE_RETRY, publisherUp, pushEvent } from "./decoder";
import { K_DELETE, K_INSERT, K_UPDATE, type RowModel } from "./rows";
import type { ConflictRt, SubscriptionRt, WireItem } from "./state";
import { plural } from "../../text/plural";

/** What the worker needs from the room around it. */
export interface WorkerContext {
  readonly sim: Sim;
  readonly rows: RowModel;
  readonly conflicts: ConflictRt[];
  readonly retryUs: number;
  /** the row's table and own key */
  rowOf(writeId: number): { table: string; key: string };
  pump(s: SubscriptionRt): void;
  recordConflict(c: ConflictRt): number;
}

/** The worker stops (error, disable, crash): what it had received is gone; the slot is idle. */
export function stopWorker(s: SubscriptionRt): void {
  s.gen++;
  s.wire.clear();
  s.applyQueue.clear();
  s.feedback.clear();
  s.applying = false;
  s.keepaliveLsn = -1;
  s.cursor = null;
  if (s.slot) s.slot.active = false;
}

/** The apply worker starts: it connects (a round trip) and asks for WAL from its origin's position. */
export function startWorker(ctx: WorkerContext, s: SubscriptionRt): void {
  if (!s.enabled || !s.up || s.slot === null) return;
  s.state = "connecting";
  pushEvent(ctx.sim, ctx.sim.now + 2 * s.delayUs, s, CODE_CONNECTED);
}

export function onConnected(ctx: WorkerContext, s: SubscriptionRt): void {
  const sim = ctx.sim, p = sim.nodes[s.publisher]!, slot = s.slot;
  if (slot === null) return;
  if (!publisherUp(p)) {
    // Raised before the apply loop starts: not counted in apply_error_count (worker.c, ApplyWorkerMain).
    return fail(ctx, s, `could not connect to the publisher: connection to server "${p.name}" failed: Connection refused`, false);
  }
  if (slot.lost) {
    // logical.c, CreateDecodingContext
    return fail(ctx, s, `could not receive data from WAL stream: ERROR: can no longer get changes from replication slot "${slot.name}" ` +
      "DETAIL: This slot has been invalidated because it exceeded the maximum reserved size.", true);
  }
  s.state = "streaming";
  slot.active = true;
  s.cursor = sim.wal.cursorAt(p.timeline, Math.max(slot.confirmedFlushLsn, s.appliedLsn));
  s.decoderFreeUs = sim.now;
  s.lastArriveUs = sim.now;
  sim.log("connect", `subscription "${s.name}": apply worker started, streaming from LSN ${Math.max(slot.confirmedFlushLsn, s.appliedLsn)}`, s.name);
  ctx.pump(s);
}

/** Transactions reach the subscriber. */
export function onDeliver(ctx: WorkerContext, s: SubscriptionRt): void {
  const sim = ctx.sim;
  for (let head = s.wire.peek(); head !== undefined && head.arriveUs <= sim.now; head = s.wire.peek()) {
    s.wire.shift();
    if (head.writeId < 0) {
      if (s.applyQueue.length === 0 && !s.applying) sendFeedback(sim, s, head.endLsn);
      else s.keepaliveLsn = head.endLsn;
    } else s.applyQueue.push(head);
  }
  const next = s.wire.peek();
  if (next !== undefined) pushEvent(sim, next.arriveUs, s, CODE_DELIVER);
  kickApply(ctx, s);
}

function kickApply(ctx: WorkerContext, s: SubscriptionRt): void {
  const sim = ctx.sim;
  while (!s.applying && s.state === "streaming") {
    const head = s.applyQueue.peek();
    if (head === undefined) {
      if (s.keepaliveLsn >= 0) { sendFeedback(sim, s, s.keepaliveLsn); s.keepaliveLsn = -1; }
      return;
    }
    if (s.skipLsn !== 0 && head.endLsn === s.skipLsn) {
      skip(ctx, s, head);
      continue;
    }
    s.applying = true;
    pushEvent(sim, sim.now + ctx.rows.rows(head.writeId) * s.applyCostUs, s, CODE_APPLIED);
  }
}

/** ALTER SUBSCRIPTION … SKIP: the transaction is passed over whole, and subskiplsn cleared. */
function skip(ctx: WorkerContext, s: SubscriptionRt, head: WireItem): void {
  s.applyQueue.shift();
  s.skipLsn = 0;
  s.appliedLsn = head.endLsn;
  resolveFailing(ctx, s, `transaction finished at ${head.endLsn} skipped (ALTER SUBSCRIPTION … SKIP)`);
  ctx.sim.log("configure", `subscription "${s.name}": skipped the transaction finished at LSN ${head.endLsn}`, s.name);
  sendFeedback(ctx.sim, s, head.endLsn);
}

/** The apply worker finished applying the head transaction: its changes take effect, or it fails. */
export function onApplied(ctx: WorkerContext, s: SubscriptionRt): void {
  const sim = ctx.sim, head = s.applyQueue.peek();
  s.applying = false;
  if (head === undefined) return;
  const w = sim.writes, kind = ctx.rows.kind[head.writeId]!;
  const { table, key } = ctx.rowOf(head.writeId);
  const rowsOfTable = tableData(s, table), local = rowsOfTable.get(key);
  const remote = kind === K_DELETE ? null : w.value(head.writeId);
  if (kind === K_INSERT && local !== undefined && ctx.rows.hasPrimaryKey(table)) {
    const first = s.failingLsn !== head.endLsn;
    s.failingLsn = head.endLsn;
    if (first) {
      s.failingConflict = ctx.recordConflict({ kind: "insert_exists", table, key, node: s.name, atUs: sim.now, lsn: head.endLsn,
        localValue: local, remoteValue: remote, resolution: "" });
    }
    return fail(ctx, s, `duplicate key value violates unique constraint "${table}_pkey" DETAIL: Key (key)=(${key}) already exists. ` +
      `CONTEXT: processing remote data for replication target relation "public.${table}" in transaction finished at ${head.endLsn}`, true);
  }
  if ((kind === K_UPDATE || kind === K_DELETE) && local === undefined) {
    ctx.recordConflict({ kind: kind === K_UPDATE ? "update_missing" : "delete_missing", table, key, node: s.name, atUs: sim.now,
      lsn: head.endLsn, localValue: null, remoteValue: remote, resolution: "skipped: the row is not on the subscriber" });
  } else if (kind === K_DELETE) rowsOfTable.delete(key);
  else rowsOfTable.set(key, remote!);
  s.applyQueue.shift();
  s.appliedLsn = head.endLsn;
  s.appliedTxns++;
  s.applyLagUs = sim.now - head.commitUs;
  if (s.applyLagUs > s.maxApplyLagUs) s.maxApplyLagUs = s.applyLagUs;
  if (s.failingLsn === head.endLsn) resolveFailing(ctx, s, "applied at a later retry (the conflicting row was gone)");
  sendFeedback(sim, s, head.endLsn);
  kickApply(ctx, s);
}

function resolveFailing(ctx: WorkerContext, s: SubscriptionRt, how: string): void {
  if (s.failingConflict >= 0) ctx.conflicts[s.failingConflict]!.resolution = how;
  s.failingConflict = -1;
  s.failingLsn = 0;
}

/** The apply worker exits with an error: retried after wal_retrieve_retry_interval, or the subscription is disabled. */
export function fail(ctx: WorkerContext, s: SubscriptionRt, message: string, counted: boolean): void {
  const sim = ctx.sim;
  stopWorker(s);
  s.lastError = message;
  s.lastErrorUs = sim.now;
  // pg_stat_subscription_stats.apply_error_count: errors while applying (start_apply's PG_CATCH, worker.c)
  if (counted) s.applyErrorCount++;
  sim.log("error", `subscription "${s.name}": ERROR: ${message}`, s.name);
  const conflict = s.failingConflict >= 0 ? ctx.conflicts[s.failingConflict]! : null;
  if (s.disableOnError && counted) {
    s.enabled = false;
    s.state = "disabled";
    sim.log("configure", `subscription "${s.name}" has been disabled because of an error`, s.name);
    if (conflict) conflict.resolution = "subscription disabled (disable_on_error); waiting for ALTER SUBSCRIPTION … ENABLE or SKIP";
    return;
  }
  s.state = "error";
  if (conflict) conflict.resolution = `apply worker stopped; retried every ${ctx.retryUs / 1000} ms, failing ${plural(s.applyErrorCount, "time")} so far`;
  pushEvent(sim, sim.now + ctx.retryUs, s, CODE_RETRY);
}

export function sendFeedback(sim: Sim, s: SubscriptionRt, lsn: number): void {
  const arrive = Math.max(s.lastFeedbackArriveUs, sim.now + s.delayUs);
  s.lastFeedbackArriveUs = arrive;
  const wasEmpty = s.feedback.length === 0;
  s.feedback.push({ arriveUs: arrive, lsn });
  if (wasEmpty) pushEvent(sim, arrive, s, CODE_FEEDBACK);
}

/** The walsender hears the subscriber's position: the slot's confirmed_flush_lsn and restart_lsn move. */
export function onFeedback(sim: Sim, s: SubscriptionRt): void {
  for (let f = s.feedback.peek(); f !== undefined && f.arriveUs <= sim.now; f = s.feedback.peek()) {
    s.feedback.shift();
    const slot = s.slot;
    if (slot && !slot.lost && f.lsn > slot.confirmedFlushLsn) {
      slot.confirmedFlushLsn = f.lsn;
      slot.restartLsn = f.lsn;
    }
  }
  const next = s.feedback.peek();
  if (next !== undefined) pushEvent(sim, next.arriveUs, s, CODE_FEEDBACK);
}

export function tableData(s: SubscriptionRt, table: string): Map<string, string> {
  let m = s.data.get(table);
  if (!m) { m = new Map(); s.data.set(table, m); }
  return m;
}

export { CODE_RETRY };
