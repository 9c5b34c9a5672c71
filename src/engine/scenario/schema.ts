import { z } from "zod";
import {
  logicalSettingsSchema, MAX_SUBSCRIBERS, MAX_TABLES, ROW_KINDS, SUBSCRIPTION_COMMANDS, subscriberFields, tableNameSchema, tableSchema,
} from "../logical/schema";
import {
  AUTO_INCREMENT_INCREMENT_WHAT, AUTO_INCREMENT_OFFSET_WHAT, autoIncrementField, multiPrimarySchemaWith, REPLICATION_COMMANDS,
} from "../multiprimary/schema";

/*
 * The scenario file is a public contract (see docs/formats.md and schemas/scenario.schema.json,
 * generated from this file by `npm run schemas`). Every field but cluster.replicas has a default.
 * Times are milliseconds in the file (fractions allowed, e.g. 0.2 ms on loopback); the engine
 * turns them into integer microseconds.
 */

const ms = (what: string) => z.number().min(0).max(86_400_000).describe(what);
/** Exported so error messages can say "a node name" where this schema is expected. */
export const nodeNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/, "a node name is a letter or _ then letters, digits, _ or -")
  .describe("a node's name: its application_name on the primary");
const nodeName = nodeNameSchema;
export const multiPrimarySchema = multiPrimarySchemaWith(nodeNameSchema);

/** The most replicas a cluster may have at any moment, in a file or in the page. */
export const MAX_REPLICAS = 64;
/** Nodes one run may create, removed ones included (each keeps its history for the report). */
export const MAX_NODES_CREATED = 128;

export const SYNCHRONOUS_COMMIT_LEVELS = ["off", "local", "remote_write", "on", "remote_apply"] as const;
export const ROUTING_POLICIES = ["primary", "replicas", "lag-aware", "read-your-writes", "causal"] as const;
export const PRESETS = ["async", "semi-sync", "sync"] as const;
export const WAIT_POINTS = ["AFTER_SYNC", "AFTER_COMMIT"] as const;

export const primarySchema = z
  .object({
    name: nodeName.default("primary"),
    fsyncMs: ms("time of one WAL fsync on the primary").default(1),
    opsPerSec: z.number().min(0).max(10_000_000).default(0)
      .describe("capacity: operations per second this node serves, one after another (0 = unlimited)"),
    maxConnections: z.number().int().min(1).max(100_000).default(100)
      .describe("max_connections: operations that may wait; more are refused"),
  })
  .strict();

export const subscriberSchema = z
  .object({
    name: nodeName.describe("the subscriber's node name; its subscription and its slot on the publisher have the same name"),
    ...subscriberFields,
  })
  .strict();

export const replicaSchema = z
  .object({
    name: nodeName,
    networkDelayMs: ms("one-way network delay between the primary and this replica").default(1),
    jitterMs: ms("extra random one-way delay, 0..jitterMs; never reorders a link").default(0),
    fsyncMs: ms("time of one WAL fsync on this replica").default(1),
    applyDelayMs: ms("recovery_min_apply_delay: a commit is replayed no earlier than this after it was made").default(0),
    applyCostUs: z.number().int().min(0).max(1_000_000).default(20).describe("replay cost of one WAL record, µs"),
    lossPercent: z.number().min(0).max(100).default(0)
      .describe("packets lost on this node's network leg; TCP retransmits them after an RTO (≥ 200 ms), delaying the link"),
    slot: z.boolean().default(false).describe("the primary keeps a physical replication slot for this replica"),
    opsPerSec: z.number().min(0).max(10_000_000).default(0)
      .describe("capacity: operations per second this node serves, one after another (0 = unlimited)"),
    maxConnections: z.number().int().min(1).max(100_000).default(100)
      .describe("max_connections: operations that may wait; more are refused"),
  })
  .strict();

/*
 * Settings blocks come twice: complete (every field defaulted, the settings in force) and as a
 * patch (only the fields a file names). zod 4's .partial() keeps inner defaults, so a patch
 * made with it would silently reset every unnamed setting; the patches below have none.
 */
const postgresFields = {
  synchronous_commit: z.enum(SYNCHRONOUS_COMMIT_LEVELS)
    .describe("synchronous_commit: what a commit waits for (on the primary, then on the synchronous standbys)"),
  synchronous_standby_names: z.string().max(4096)
    .describe("synchronous_standby_names in PostgreSQL syntax: 'FIRST n (a, b)', 'ANY n (a, b)', 'a, b' or '' for none"),
  wal_sender_timeout_ms: ms("wal_sender_timeout: the primary drops a standby silent this long (0 = never)"),
  wal_receiver_timeout_ms: ms("wal_receiver_timeout: a standby drops a primary silent this long (0 = never)"),
  wal_receiver_status_interval_ms: ms("wal_receiver_status_interval: standby feedback at least this often"),
  wal_keep_size_mb: z.number().min(0).max(1_000_000).describe("wal_keep_size: WAL kept for standbys without a slot"),
  max_slot_wal_keep_size_mb: z.number().min(-1).max(1_000_000)
    .describe("max_slot_wal_keep_size: the most WAL a slot may hold back (-1 = no limit)"),
  checkpoint_timeout_ms: z.number().min(100).max(86_400_000).describe("checkpoint_timeout: time between checkpoints"),
  wal_segment_size_mb: z.number().min(0.001).max(1024)
    .describe("WAL segment size; PostgreSQL allows 1..1024 MB, the simulator also smaller ones for quick demos"),
};

export const postgresSettingsSchema = z
  .object({
    synchronous_commit: postgresFields.synchronous_commit.default("on"),
    synchronous_standby_names: postgresFields.synchronous_standby_names.default(""),
    wal_sender_timeout_ms: postgresFields.wal_sender_timeout_ms.default(60_000),
    wal_receiver_timeout_ms: postgresFields.wal_receiver_timeout_ms.default(60_000),
    wal_receiver_status_interval_ms: postgresFields.wal_receiver_status_interval_ms.default(10_000),
    wal_keep_size_mb: postgresFields.wal_keep_size_mb.default(0),
    max_slot_wal_keep_size_mb: postgresFields.max_slot_wal_keep_size_mb.default(-1),
    checkpoint_timeout_ms: postgresFields.checkpoint_timeout_ms.default(300_000),
    wal_segment_size_mb: postgresFields.wal_segment_size_mb.default(16),
  })
  .strict();
export const postgresPatchSchema = z.object(postgresFields).partial().strict();

const semiSyncFields = {
  waitForCount: z.number().int().min(1).max(64)
    .describe("rpl_semi_sync_source_wait_for_replica_count (MariaDB waits for exactly 1)"),
  waitPoint: z.enum(WAIT_POINTS).describe("rpl_semi_sync_master_wait_point"),
  timeoutMs: ms("rpl_semi_sync_master_timeout: after this wait the primary falls back to async"),
  waitNoReplica: z.boolean().describe("rpl_semi_sync_master_wait_no_slave"),
};

export const semiSyncSettingsSchema = z
  .object({
    waitForCount: semiSyncFields.waitForCount.default(1),
    waitPoint: semiSyncFields.waitPoint.default("AFTER_SYNC"),
    timeoutMs: semiSyncFields.timeoutMs.default(10_000),
    waitNoReplica: semiSyncFields.waitNoReplica.default(true),
  })
  .strict();
export const semiSyncPatchSchema = z.object(semiSyncFields).partial().strict();

export const commitSchema = z
  .object({
    preset: z.enum(PRESETS).optional()
      .describe("a beginner's name for exact settings; it decides the mode and overrides the settings it names"),
    postgres: postgresPatchSchema.optional(),
    semiSync: semiSyncPatchSchema.optional(),
  })
  .strict();

const routingFields = {
  maxLagMs: ms("lag-aware: skip replicas whose replay lag exceeds this").optional(),
  pinWindowMs: ms("read-your-writes: read from the primary for this long after a write").optional(),
  maxWaitMs: ms("causal: wait this long for a replica to replay the session's last commit").optional(),
  breakerQueueMs: ms("read-your-writes circuit breaker: while the primary queues operations longer than this, read from a replica instead of pinning").optional(),
};

export const failoverSchema = z
  .object({
    auto: z.boolean().default(false).describe("promote the most advanced standby (by flush LSN) once the primary has been down detectMs"),
    detectMs: ms("how long the primary must be down before an automatic failover").default(5_000),
    fencing: z.boolean().default(true)
      .describe("on promotion the old primary is shut down (STONITH); without it, clients still connected keep writing to it"),
  })
  .strict();

export const sessionSchema = z
  .object({ routing: z.enum(ROUTING_POLICIES).default("primary"), ...routingFields })
  .strict();

const workloadFields = {
  writesPerSec: z.number().min(0).max(1_000_000).describe("workload writes per second, over all its sessions"),
  readsPerSec: z.number().min(0).max(1_000_000).describe("workload reads per second, over all its sessions"),
  sessions: z.number().int().min(1).max(10_000).describe("how many client sessions the workload spreads over"),
  keys: z.number().int().min(1).max(1_000_000).describe("how many distinct keys the workload writes and reads"),
  readFrom: z.enum(ROUTING_POLICIES).describe("routing policy of the workload's reads"),
  startMs: ms("the workload starts at this time"),
  stopMs: ms("the workload stops at this time (default: the end of the run)"),
};

export const workloadSchema = z
  .object({
    writesPerSec: workloadFields.writesPerSec.default(0),
    readsPerSec: workloadFields.readsPerSec.default(0),
    sessions: workloadFields.sessions.default(4),
    keys: workloadFields.keys.default(50),
    readFrom: workloadFields.readFrom.default("primary"),
    startMs: workloadFields.startMs.default(0),
    stopMs: workloadFields.stopMs.optional(),
    ...routingFields,
  })
  .strict();
export const workloadPatchSchema = z.object({ ...workloadFields, ...routingFields }).partial().strict();

const at = { atMs: ms("when the action happens") };
const linkEnds = z.tuple([nodeName, nodeName]).describe("the two nodes a link joins");

export const actionSchema = z.discriminatedUnion("op", [
  z.object({ ...at, op: z.literal("write"), session: z.string().default("client"), key: z.string().min(1).optional()
      .describe('the row\'s primary key; a multi-primary insert (kind "insert") may leave it out: its node generates it (AUTO_INCREMENT, by autoIncrementIncrement / autoIncrementOffset)'),
    value: z.string().optional().describe("the row's new value (a delete needs none)"), node: nodeName.optional(),
    table: tableNameSchema.optional().describe('the table written (default "t")'),
    kind: z.enum(ROW_KINDS).optional()
      .describe('insert (fails on an existing key), update or delete (change nothing when the row is missing), or upsert (default)'),
    rows: z.number().int().min(1).max(1_000_000).optional()
      .describe("the transaction changes this many rows of this size (a bulk write; only the named key is kept)") }).strict(),
  z.object({ ...at, op: z.literal("read"), session: z.string().default("client"), key: z.string().min(1),
    node: nodeName.optional(), table: tableNameSchema.optional().describe('the table read (default "t")') }).strict(),
  z.object({ ...at, op: z.literal("crash"), node: nodeName, kind: z.enum(["process", "power", "hang"]).default("process")
    .describe("process: keeps fsynced and OS-cached data, peers see the connection close; power: keeps only fsynced data, silent; hang: stops answering, keeps everything") }).strict(),
  z.object({ ...at, op: z.literal("restart"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("promote"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("partition"), between: linkEnds,
    oneWay: z.boolean().default(false).describe("cut only the direction between[0] → between[1]") }).strict(),
  z.object({ ...at, op: z.literal("heal"), between: linkEnds }).strict(),
  z.object({ ...at, op: z.literal("set"), node: nodeName,
    networkDelayMs: ms("new one-way delay").optional(), jitterMs: ms("new jitter").optional(),
    fsyncMs: ms("new fsync time").optional(), applyDelayMs: ms("new recovery_min_apply_delay").optional(),
    lossPercent: z.number().min(0).max(100).optional(),
    clockSkewMs: z.number().min(-86_400_000).max(86_400_000).optional()
      .describe("a multi-primary node's new clock skew (how far its clock runs ahead of true time)"),
    autoIncrementIncrement: autoIncrementField(`a multi-primary node's new ${AUTO_INCREMENT_INCREMENT_WHAT}`).optional(),
    autoIncrementOffset: autoIncrementField(`a multi-primary node's new ${AUTO_INCREMENT_OFFSET_WHAT}`).optional() }).strict(),
  z.object({ ...at, op: z.literal("set-link"), between: linkEnds, delayMs: ms("the link's new one-way delay, both ways") }).strict()
    .describe("a multi-primary cluster: give the link between two primaries a delay of its own (as cluster.multiPrimary.links does)"),
  z.object({ ...at, op: z.literal("rewind"), node: nodeName }).strict()
    .describe("pg_rewind a diverged node onto the current primary's timeline: its diverged tail is discarded"),
  z.object({ ...at, op: z.literal("reclone"), node: nodeName }).strict()
    .describe("rebuild a node from a fresh base backup of the current primary"),
  z.object({ ...at, op: z.literal("set-failover"), auto: z.boolean().optional(), detectMs: ms("new detection time").optional(),
    fencing: z.boolean().optional() }).strict()
    .describe("change the automatic-failover and fencing settings while running"),
  z.object({ ...at, op: z.literal("checkpoint") }).strict().describe("run a checkpoint on the primary now (removes WAL nobody needs)"),
  z.object({ ...at, op: z.literal("cancel") }).strict()
    .describe("cancel every commit waiting for synchronous standbys: the clients see success with a WARNING"),
  z.object({ ...at, op: z.literal("configure"), preset: z.enum(PRESETS).optional(),
    postgres: postgresPatchSchema.optional(),
    semiSync: semiSyncPatchSchema.optional() }).strict(),
  z.object({ ...at, op: z.literal("add-replica"), replica: replicaSchema }).strict(),
  z.object({ ...at, op: z.literal("remove-replica"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("workload"), workload: workloadPatchSchema }).strict(),
  z.object({ ...at, op: z.literal("subscription"), node: nodeName.describe("the subscriber"),
    command: z.enum(SUBSCRIPTION_COMMANDS)
      .describe("ALTER SUBSCRIPTION … DISABLE / ENABLE / SKIP (lsn = skipLsn) / SET (disable_on_error = disableOnError); DROP SUBSCRIPTION (drops its slot); recreate: truncate the tables and CREATE SUBSCRIPTION again (a fresh copy)"),
    skipLsn: z.number().int().min(0).max(2 ** 53 - 1).optional()
      .describe("skip: the finish LSN of the transaction to skip (the failing one's, as the error context names it)"),
    disableOnError: z.boolean().optional()
      .describe("set: disable_on_error, whether the next apply error disables the subscription instead of retrying") }).strict(),
  z.object({ ...at, op: z.literal("replication"), node: nodeName.describe("the multi-primary node whose replication channel it is"),
    source: nodeName.describe("the channel's source: the node it replicates from"),
    command: z.enum(REPLICATION_COMMANDS)
      .describe("start: START REPLICA, retrying the event it stopped on; skip: SET GLOBAL sql_slave_skip_counter = 1 then START REPLICA (the event is skipped)") }).strict()
    .describe("a multi-primary (circular) node's replication channel from one source"),
]);

// An absent block is parsed as {} (prefault), so its fields' own defaults fill it in: a default
// written out as an object literal here would miss any field added to the block later.
export const scenarioSchema = z
  .object({
    name: z.string().max(200).default("untitled").describe("shown in the report and the UI"),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1)
      .describe("seed of the only randomness: same scenario + same seed = same run"),
    durationMs: z.number().positive().max(86_400_000).default(10_000).describe("virtual time the run lasts"),
    cluster: z.object({
      primary: primarySchema.prefault({}),
      replicas: z.array(replicaSchema).max(MAX_REPLICAS).default([])
        .describe("the replicas (standbys) at the start, 1 to 64 (0 when the cluster has subscribers; none in a multi-primary cluster)"),
      tables: z.array(tableSchema).max(MAX_TABLES).optional()
        .describe('tables with a primary key or replica identity other than the default (every other table, "t" included, has a primary key)'),
      subscribers: z.array(subscriberSchema).max(MAX_SUBSCRIBERS).optional()
        .describe("logical replication subscribers: read-write databases subscribing to the primary's publication of some tables"),
      logical: logicalSettingsSchema.optional().describe("the servers' logical replication settings"),
      multiPrimary: multiPrimarySchema.optional()
        .describe("several primaries that all accept writes and replicate to one another (docs/multi-primary.md); such a cluster has no primary, replicas or subscribers"),
    }).strict(),
    commit: commitSchema.default({ preset: "async" }).describe("commit settings at the start"),
    failover: failoverSchema.prefault({})
      .describe("automatic failover and fencing"),
    sessions: z.record(z.string(), sessionSchema).default({})
      .describe("named client sessions and how their reads are routed; undeclared sessions route to the primary"),
    workload: workloadSchema.prefault({})
      .describe("background load of random writes and reads"),
    actions: z.array(actionSchema).max(1_000_000).default([])
      .describe("scripted events, run in order of atMs (file order among equal times)"),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ReplicaConfig = z.output<typeof replicaSchema>;
export type PostgresSettings = z.output<typeof postgresSettingsSchema>;
export type SemiSyncSettings = z.output<typeof semiSyncSettingsSchema>;
export type PostgresPatch = z.output<typeof postgresPatchSchema>;
export type SemiSyncPatch = z.output<typeof semiSyncPatchSchema>;
export type WorkloadPatch = z.output<typeof workloadPatchSchema>;
export type CommitConfig = z.output<typeof commitSchema>;
export type SessionConfig = z.output<typeof sessionSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type FailoverConfig = z.output<typeof failoverSchema>;
export type Action = z.output<typeof actionSchema>;
export type ActionInput = z.input<typeof actionSchema>;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];
export type Preset = (typeof PRESETS)[number];
export type SynchronousCommit = (typeof SYNCHRONOUS_COMMIT_LEVELS)[number];
