import { z } from "zod";

/*
 * The scenario file is a public contract (see docs/formats.md and schemas/scenario.schema.json,
 * generated from this file by `npm run schemas`). Every field but cluster.replicas has a default.
 * Times are milliseconds in the file (fractions allowed, e.g. 0.2 ms on loopback); the engine
 * turns them into integer microseconds.
 */

const ms = (what: string) => z.number().min(0).max(86_400_000).describe(what);
const nodeName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/, "a node name is a letter or _ then letters, digits, _ or -")
  .describe("a node's name: its application_name on the primary");

export const SYNCHRONOUS_COMMIT_LEVELS = ["off", "local", "remote_write", "on", "remote_apply"] as const;
export const ROUTING_POLICIES = ["primary", "replicas", "lag-aware", "read-your-writes", "causal"] as const;
export const PRESETS = ["async", "semi-sync", "sync"] as const;
export const WAIT_POINTS = ["AFTER_SYNC", "AFTER_COMMIT"] as const;

export const primarySchema = z
  .object({
    name: nodeName.default("primary"),
    fsyncMs: ms("time of one WAL fsync on the primary").default(1),
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
  })
  .strict();

export const postgresSettingsSchema = z
  .object({
    synchronous_commit: z.enum(SYNCHRONOUS_COMMIT_LEVELS).default("on"),
    synchronous_standby_names: z.string().max(4096).default(""),
    wal_sender_timeout_ms: ms("wal_sender_timeout: the primary drops a standby silent this long (0 = never)").default(60_000),
    wal_receiver_timeout_ms: ms("wal_receiver_timeout: a standby drops a primary silent this long (0 = never)").default(60_000),
    wal_receiver_status_interval_ms: ms("wal_receiver_status_interval: standby feedback at least this often").default(10_000),
  })
  .strict();

export const semiSyncSettingsSchema = z
  .object({
    waitForCount: z.number().int().min(1).max(64).default(1)
      .describe("rpl_semi_sync_source_wait_for_replica_count (MariaDB waits for exactly 1)"),
    waitPoint: z.enum(WAIT_POINTS).default("AFTER_SYNC"),
    timeoutMs: ms("rpl_semi_sync_master_timeout: after this wait the primary falls back to async").default(10_000),
    waitNoReplica: z.boolean().default(true).describe("rpl_semi_sync_master_wait_no_slave"),
  })
  .strict();

export const commitSchema = z
  .object({
    preset: z.enum(PRESETS).optional()
      .describe("a beginner's name for exact settings; it decides the mode and overrides the settings it names"),
    postgres: postgresSettingsSchema.partial().optional(),
    semiSync: semiSyncSettingsSchema.partial().optional(),
  })
  .strict();

const routingFields = {
  maxLagMs: ms("lag-aware: skip replicas whose replay lag exceeds this").optional(),
  pinWindowMs: ms("read-your-writes: read from the primary for this long after a write").optional(),
  maxWaitMs: ms("causal: wait this long for a replica to replay the session's last commit").optional(),
};

export const sessionSchema = z
  .object({ routing: z.enum(ROUTING_POLICIES).default("primary"), ...routingFields })
  .strict();

export const workloadSchema = z
  .object({
    writesPerSec: z.number().min(0).max(1_000_000).default(0),
    readsPerSec: z.number().min(0).max(1_000_000).default(0),
    sessions: z.number().int().min(1).max(10_000).default(4),
    keys: z.number().int().min(1).max(1_000_000).default(50),
    readFrom: z.enum(ROUTING_POLICIES).default("primary"),
    startMs: ms("the workload starts at this time").default(0),
    stopMs: ms("the workload stops at this time (default: the end of the run)").optional(),
    ...routingFields,
  })
  .strict();

const at = { atMs: ms("when the action happens") };
const linkEnds = z.tuple([nodeName, nodeName]).describe("the two nodes a link joins");

export const actionSchema = z.discriminatedUnion("op", [
  z.object({ ...at, op: z.literal("write"), session: z.string().default("client"), key: z.string().min(1),
    value: z.string(), node: nodeName.optional() }).strict(),
  z.object({ ...at, op: z.literal("read"), session: z.string().default("client"), key: z.string().min(1),
    node: nodeName.optional() }).strict(),
  z.object({ ...at, op: z.literal("crash"), node: nodeName, kind: z.enum(["process", "power"]).default("process") }).strict(),
  z.object({ ...at, op: z.literal("restart"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("promote"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("partition"), between: linkEnds }).strict(),
  z.object({ ...at, op: z.literal("heal"), between: linkEnds }).strict(),
  z.object({ ...at, op: z.literal("set"), node: nodeName,
    networkDelayMs: ms("new one-way delay").optional(), jitterMs: ms("new jitter").optional(),
    fsyncMs: ms("new fsync time").optional(), applyDelayMs: ms("new recovery_min_apply_delay").optional() }).strict(),
  z.object({ ...at, op: z.literal("configure"), preset: z.enum(PRESETS).optional(),
    postgres: postgresSettingsSchema.partial().optional(),
    semiSync: semiSyncSettingsSchema.partial().optional() }).strict(),
  z.object({ ...at, op: z.literal("add-replica"), replica: replicaSchema }).strict(),
  z.object({ ...at, op: z.literal("remove-replica"), node: nodeName }).strict(),
  z.object({ ...at, op: z.literal("workload"), workload: workloadSchema.partial() }).strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().max(200).default("untitled"),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    durationMs: z.number().positive().max(86_400_000).default(10_000),
    cluster: z.object({
      primary: primarySchema.default({ name: "primary", fsyncMs: 1 }),
      replicas: z.array(replicaSchema).min(1).max(64),
    }).strict(),
    commit: commitSchema.default({ preset: "async" }),
    sessions: z.record(z.string(), sessionSchema).default({}),
    workload: workloadSchema.default({ writesPerSec: 0, readsPerSec: 0, sessions: 4, keys: 50, readFrom: "primary", startMs: 0 }),
    actions: z.array(actionSchema).max(1_000_000).default([]),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ReplicaConfig = z.output<typeof replicaSchema>;
export type PostgresSettings = z.output<typeof postgresSettingsSchema>;
export type SemiSyncSettings = z.output<typeof semiSyncSettingsSchema>;
export type CommitConfig = z.output<typeof commitSchema>;
export type SessionConfig = z.output<typeof sessionSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Action = z.output<typeof actionSchema>;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];
export type Preset = (typeof PRESETS)[number];
export type SynchronousCommit = (typeof SYNCHRONOUS_COMMIT_LEVELS)[number];
