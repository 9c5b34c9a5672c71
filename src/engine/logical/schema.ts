/*
 * The scenario's logical-replication fields (docs/formats.md, docs/logical.md): tables, the
 * subscribers that subscribe to the primary's publication of some of them, and the two server
 * settings that shape decoding and retries. All optional, with no defaults written into the
 * parsed scenario: a file without them parses to exactly what it did before.
 */
import { z } from "zod";

/** the table a write names when it names none (every scenario before tables existed wrote to it) */
export const DEFAULT_TABLE = "t";
export const ROW_KINDS = ["insert", "update", "delete", "upsert"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** The most subscribers a cluster may have, and tables a subscriber may subscribe to. */
export const MAX_SUBSCRIBERS = 16;
export const MAX_TABLES = 64;

export const tableNameSchema = z.string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a table name is a lower-case letter or _ then lower-case letters, digits or _ (at most 63)")
  .describe("a table's name (an unquoted PostgreSQL identifier)");

export const REPLICA_IDENTITIES = ["default", "full", "nothing"] as const;

export const tableSchema = z.object({
  name: tableNameSchema,
  primaryKey: z.boolean().default(true)
    .describe("the table has a primary key on its key column (the unique constraint a subscriber's insert can violate)"),
  replicaIdentity: z.enum(REPLICA_IDENTITIES).default("default")
    .describe("REPLICA IDENTITY: default (the primary key, if any), full (the whole row) or nothing"),
}).strict();

const msField = (what: string) => z.number().min(0).max(86_400_000).describe(what);

/** a subscriber's fields but its name (a node name: scenario/schema.ts adds it, where node names are defined) */
export const subscriberFields = {
  tables: z.array(tableNameSchema).min(1).max(MAX_TABLES)
    .describe("CREATE PUBLICATION … FOR TABLE these tables on the primary; the subscriber subscribes to it"),
  copyData: z.boolean().default(true).describe("copy_data: copy the tables' existing rows first, then stream"),
  disableOnError: z.boolean().default(false)
    .describe("disable_on_error: an apply error disables the subscription instead of retrying"),
  streaming: z.boolean().default(false)
    .describe("streaming = on: a transaction larger than logical_decoding_work_mem is streamed while in progress instead of spilled to disk"),
  networkDelayMs: msField("one-way network delay between the publisher and this subscriber").default(1),
  applyCostUs: z.number().int().min(0).max(1_000_000).default(25)
    .describe("the apply worker's cost of one row change, µs (PostgreSQL 15 applied 35,000 small rows in ~0.9 s: REAL-BEHAVIOUR.md)"),
};

export const logicalSettingsSchema = z.object({
  logical_decoding_work_mem_mb: z.number().min(0.0625).max(1_000_000).default(64)
    .describe("logical_decoding_work_mem: memory for decoding before a transaction's changes spill to disk (PostgreSQL: 64 MB, at least 64 kB)"),
  wal_retrieve_retry_interval_ms: z.number().min(1).max(86_400_000).default(5_000)
    .describe("wal_retrieve_retry_interval: how long a failed apply worker waits before it starts again"),
  max_wal_size_mb: z.number().min(0.001).max(1_000_000).default(1_024)
    .describe("max_wal_size: a logical slot holding back more WAL than this shows wal_status extended"),
}).strict();

export type TableConfig = z.output<typeof tableSchema>;
export interface SubscriberConfig {
  name: string;
  tables: string[];
  copyData: boolean;
  disableOnError: boolean;
  streaming: boolean;
  networkDelayMs: number;
  applyCostUs: number;
}
export type LogicalSettings = z.output<typeof logicalSettingsSchema>;

/** the commands of ALTER / DROP / CREATE SUBSCRIPTION a `subscription` action may give */
export const SUBSCRIPTION_COMMANDS = ["disable", "enable", "skip", "drop", "recreate", "set"] as const;
export type SubscriptionCommand = (typeof SUBSCRIPTION_COMMANDS)[number];
