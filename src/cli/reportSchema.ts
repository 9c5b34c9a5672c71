/*
 * The report (`--json`) as a zod schema: the source of schemas/report.schema.json and a
 * runtime check in tests. It mirrors the Report type in src/engine/views.ts; the type-level
 * check at the bottom fails to compile the moment the two drift apart.
 */
import { z } from "zod";
import type { Report } from "../engine/views";
import { conflictSchema, divergentKeySchema, subscriptionSchema } from "./logicalReportSchema";
import { mpConflictSchema, multiPrimaryReportSchema } from "./multiPrimaryReportSchema";
import { PRESETS, postgresSettingsSchema, semiSyncSettingsSchema } from "../engine/scenario/schema";

const lsn = z.number().describe("a WAL position in bytes");
const msOrNull = z.number().nullable();
const syncState = z.enum(["async", "potential", "sync", "quorum"]);

const slot = z.object({
  name: z.string(),
  restartLsn: lsn,
  walStatus: z.enum(["reserved", "unreserved", "lost"]).describe("as pg_replication_slots.wal_status"),
  retainedBytes: z.number(),
}).describe("a physical replication slot on the primary");

const policyReads = z.object({
  total: z.number().int(),
  stale: z.number().int(),
  readYourWritesViolations: z.number().int(),
  monotonicReadViolations: z.number().int(),
  fallbacksToPrimary: z.number().int().describe("reads the policy sent to the primary because no replica qualified"),
  breakerReads: z.number().int().describe("reads the read-your-writes circuit breaker sent to a replica"),
  failed: z.number().int(),
  meanLatencyMs: z.number(),
});

const anomaly = z.object({
  kind: z.enum(["stale-read", "read-your-writes", "monotonic-read", "lost-write"]),
  key: z.string(),
  process: z.string().describe("the session"),
  node: z.string().nullable(),
  atUs: z.number().describe("virtual time, µs"),
  read: z.number().int().nullable().describe("op id of the read that saw too old a version (not for lost-write)"),
  write: z.number().int().nullable().describe("op id of the write it missed, or of the lost write"),
  previousRead: z.number().int().nullable().describe("monotonic-read: op id of the earlier read that saw a newer version"),
  lagBytes: z.number().nullable().describe("how far behind the returned version was, in WAL bytes"),
  lagMs: z.number().nullable().describe("how long the missed write had been acknowledged when the read began"),
});

const effectiveCommit = z.object({
  preset: z.enum(PRESETS).nullable().describe("the preset the settings came from, null when set by hand"),
  mode: z.enum(["postgres", "semiSync"]),
  // The settings blocks are the scenario's own (complete, every field present): one definition.
  postgres: postgresSettingsSchema,
  semiSync: semiSyncSettingsSchema,
  summary: z.string().describe("one sentence: what a commit waits for under these settings"),
  semiSyncActive: z.boolean().describe("Rpl_semi_sync_master_status: false after a timeout fell back to async"),
}).describe("the exact commit settings in force at the end of the run");

const operation = z.object({
  action: z.number().int().describe("index of the scripted action in the scenario's actions"),
  op: z.enum(["write", "read"]),
  session: z.string(),
  key: z.string(),
  node: z.string().nullable().describe("the node that served it"),
  status: z.enum(["ok", "failed", "pending"]).describe("pending: no answer by the end of the run"),
  invokedMs: z.number(),
  completedMs: msOrNull,
  value: z.string().nullable().describe("the value written, or the value a read returned (null: none)"),
  stale: z.boolean().describe("the checker found this read missed a write acknowledged before it began"),
  lsn: z.number().nullable().describe("commit LSN of a write, or LSN of the version a read returned"),
});

const node = z.object({
  name: z.string(),
  role: z.enum(["primary", "replica"]),
  state: z.string(),
  syncState: syncState.nullable().describe("as pg_stat_replication.sync_state; null for the primary or a disconnected node"),
  timeline: z.number().int(),
  lsn: z.object({ write: lsn, flush: lsn, replay: lsn }),
  lagMs: z.object({ write: msOrNull, flush: msOrNull, replay: msOrNull }).describe("as pg_stat_replication's lags; null = NULL"),
});

const engineReportSchema = z.object({
  scenario: z.string().describe("the scenario's name"),
  seed: z.number().int(),
  endMs: z.number(),
  commit: effectiveCommit,
  writes: z.object({
    attempted: z.number().int(),
    acknowledged: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
    latencyMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).describe("commit latency of acknowledged writes"),
  }),
  reads: z.object({
    total: z.number().int(),
    stale: z.number().int(),
    readYourWritesViolations: z.number().int(),
    monotonicReadViolations: z.number().int(),
    byPolicy: z.record(z.string(), policyReads)
      .describe('per routing policy ("named node" for reads that named their node)'),
  }),
  anomalies: z.array(anomaly).describe("the first 1000 anomalies the checker found, each naming the operations that prove it"),
  lostAcknowledgedWrites: z.number().int()
    .describe("acknowledged writes a fault dropped from the history that won: the history's lost events less its restored ones"),
  ledger: z.object({
    acknowledgedDurable: z.number().int(),
    acknowledgedAtRisk: z.number().int()
      .describe("at risk at the end: in the final primary's WAL but not yet flushed when the run ended (not lost)"),
    acknowledgedLost: z.number().int(),
    unacknowledgedPresent: z.number().int().describe("failed or unanswered, but present anyway"),
    neverDurable: z.number().int().describe("failed or unanswered, and absent"),
  }).describe("every write classed by what the client saw against what survived in the current primary's history"),
  failovers: z.array(z.object({
    atMs: z.number(), promoted: z.string(), from: z.string().describe("the primary it replaced"),
    automatic: z.boolean(), lostAcknowledgedWrites: z.number().int(),
    restoredWrites: z.number().int().describe("writes declared lost earlier that the promoted node's history holds"),
    rpoMs: z.number(),
  })),
  splitBrain: z.array(z.object({ node: z.string(), fromMs: z.number(), acknowledgedWrites: z.number().int() }))
    .describe("writes an old primary acknowledged after another node was promoted (no fencing)"),
  discarded: z.array(z.object({
    atMs: z.number(), node: z.string(), how: z.enum(["rewind", "reclone"]), fromLsn: lsn,
    writes: z.number().int(), acknowledgedWrites: z.number().int(),
  })).describe("rewinds and re-clones, with the writes their discarded WAL held"),
  slots: z.array(slot),
  stalls: z.array(z.object({ fromMs: z.number(), toMs: msOrNull, waitingFor: z.string() })),
  nodes: z.array(node),
  operations: z.array(operation).describe("every scripted write and read, in action order"),
  subscriptions: z.array(subscriptionSchema).optional()
    .describe("logical replication: each subscription and its slot (only when the scenario has subscribers)"),
  conflicts: z.array(z.union([conflictSchema.describe("a conflict on a subscriber (logical replication)"), mpConflictSchema])).optional()
    .describe("conflicts in order (the first 1000): on the subscribers (logical replication), or between the primaries of a multi-primary run"),
  divergentKeys: z.array(divergentKeySchema).optional()
    .describe("rows of the published tables that differ between the publisher and a subscriber that has caught up; in a multi-primary run, rows that differ between the primaries"),
  multiPrimary: multiPrimaryReportSchema.optional()
    .describe("a multi-primary run (cluster.multiPrimary): its nodes, channels, divergent keys and lost updates (its conflicts are the top-level conflicts); `nodes` and `slots` are then empty"),
  engine: z.object({ events: z.number().int(), warnings: z.array(z.string()) }),
});

export const interruptedSchema = z.object({
  signal: z.literal("SIGINT"),
  atMs: z.number().describe("the virtual time the run had reached (= endMs)"),
  durationMs: z.number().describe("the virtual time the run was to reach"),
}).describe("present only when Ctrl-C (SIGINT) stopped the run: every figure covers the run up to atMs");

export type Interrupted = z.output<typeof interruptedSchema>;

/** The report the CLI prints: the engine's, marked when Ctrl-C stopped the run early. */
export const reportSchema = engineReportSchema.extend({ interrupted: interruptedSchema.optional() });
export type CliReport = Report & { interrupted?: Interrupted };

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatchesType: Same<z.output<typeof engineReportSchema>, Report> = true;
void reportMatchesType;
