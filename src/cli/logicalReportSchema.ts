/*
 * The report's logical-replication parts (present only when the scenario has subscribers), as
 * zod schemas for schemas/report.schema.json. They mirror src/engine/logical/views.ts.
 */
import { z } from "zod";

const lsnOrNull = z.number().nullable().describe("a WAL position in bytes (null: none)");

export const subscriptionSchema = z.object({
  name: z.string().describe("the subscription, named after its subscriber; its slot has the same name"),
  publisher: z.string(),
  tables: z.array(z.string()).describe("the tables its publication names"),
  state: z.enum(["connecting", "copying", "streaming", "error", "disabled", "down", "dropped"])
    .describe("error: the apply worker failed and waits wal_retrieve_retry_interval; down: the subscriber is down"),
  enabled: z.boolean().describe("pg_subscription.subenabled"),
  up: z.boolean().describe("the subscriber's server is running"),
  disableOnError: z.boolean().describe("pg_subscription.subdisableonerr: an apply error disables the subscription instead of retrying"),
  lastError: z.string().nullable().describe("the apply worker's last error, as the subscriber's log shows it"),
  lastErrorMs: z.number().nullable(),
  applyErrorCount: z.number().int().describe("pg_stat_subscription_stats.apply_error_count"),
  syncErrorCount: z.number().int().describe("pg_stat_subscription_stats.sync_error_count"),
  failingLsn: lsnOrNull.describe("the finish LSN of the transaction the apply worker is stuck on: what SKIP (lsn = …) takes"),
  slot: z.string().nullable().describe("the logical slot on the publisher (null once dropped)"),
  restartLsn: lsnOrNull.describe("pg_replication_slots.restart_lsn"),
  confirmedFlushLsn: lsnOrNull.describe("pg_replication_slots.confirmed_flush_lsn"),
  retainedBytes: z.number().describe("WAL the slot holds back on the publisher, bytes"),
  walStatus: z.enum(["reserved", "extended", "unreserved", "lost"]).nullable().describe("pg_replication_slots.wal_status"),
  active: z.boolean().describe("pg_replication_slots.active: a walsender uses the slot"),
  spillTxns: z.number().int().describe("pg_stat_replication_slots.spill_txns"),
  spillBytes: z.number().describe("pg_stat_replication_slots.spill_bytes"),
  streamTxns: z.number().int().describe("pg_stat_replication_slots.stream_txns"),
  streamBytes: z.number().describe("pg_stat_replication_slots.stream_bytes"),
  totalTxns: z.number().int().describe("pg_stat_replication_slots.total_txns: transactions sent to the subscriber"),
  appliedLsn: z.number().describe("the subscriber's replication origin: the finish LSN of the last transaction applied or skipped"),
  appliedTxns: z.number().int(),
  copiedRows: z.number().int().describe("rows the initial copy (copy_data) brought"),
  rows: z.number().int().describe("rows the subscriber holds in the tables it subscribes to (its own included)"),
  applyLagMs: z.number().nullable().describe("commit-to-apply time of the latest transaction applied"),
  maxApplyLagMs: z.number().nullable(),
  caughtUp: z.boolean().describe("the subscriber has confirmed everything the publisher flushed"),
});

export const conflictSchema = z.object({
  kind: z.enum(["insert_exists", "update_missing", "delete_missing"]).describe("as PostgreSQL 18 names conflicts"),
  table: z.string(),
  key: z.string(),
  node: z.string().describe("the subscriber"),
  atMs: z.number(),
  lsn: z.number().describe("the transaction's finish LSN on the publisher"),
  localValue: z.string().nullable().describe("the subscriber's row"),
  remoteValue: z.string().nullable().describe("the publisher's change"),
  resolution: z.string().describe("what became of it: skipped, retrying, applied later, transaction skipped, subscription disabled"),
});

export const divergentKeySchema = z.object({
  table: z.string(),
  key: z.string(),
  values: z.array(z.object({ node: z.string(), value: z.string().nullable() })).describe("each node's value (null: no such row)"),
});
