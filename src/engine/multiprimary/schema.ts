/*
 * The scenario's multi-primary fields (docs/formats.md, docs/multi-primary.md): several nodes
 * that all accept writes and replicate them to one another, how conflicts are handled, each
 * node's clock skew and the delays of the links between regions. All optional: a file without
 * `cluster.multiPrimary` parses to exactly what it did before.
 */
import { z } from "zod";

export const MP_MODES = ["circular", "lww", "certification"] as const;
export type MpMode = (typeof MP_MODES)[number];
/** MySQL/MariaDB slave_exec_mode (replica_exec_mode in MySQL 8.0.26+) */
export const EXEC_MODES = ["STRICT", "IDEMPOTENT"] as const;
export type ExecMode = (typeof EXEC_MODES)[number];

/** The most primaries one multi-primary cluster may have (Group Replication's limit is 9; Galera has none). */
export const MAX_MP_NODES = 9;
export const MAX_MP_LINKS = 36;

/** what a multi-primary node's `set` takes */
export const MP_SET_FIELDS = "networkDelayMs, clockSkewMs, autoIncrementIncrement and autoIncrementOffset";

/** MySQL's bounds for auto_increment_increment and auto_increment_offset (both 1..65535) */
export const AUTO_INCREMENT_MAX = 65_535;
/** a node's auto_increment_increment or auto_increment_offset (scenario node field or `set` action) */
export const autoIncrementField = (what: string) => z.number().int().min(1).max(AUTO_INCREMENT_MAX).describe(what);
export const AUTO_INCREMENT_INCREMENT_WHAT = "auto_increment_increment: the step between the keys this node generates (MySQL's default 1; the number of primaries keeps them apart)";
export const AUTO_INCREMENT_OFFSET_WHAT = "auto_increment_offset: where this node's series of generated keys starts (MySQL's default 1; a distinct one per primary; ignored when greater than the increment)";

const ms = (what: string) => z.number().min(0).max(86_400_000).describe(what);

/**
 * Built from the scenario's node-name schema (scenario/schema.ts imports this file, so it passes
 * its own in: one schema object, whose error messages scenario/schemaAt.ts recognises).
 */
export function multiPrimarySchemaWith(nodeNameSchema: z.ZodString) {
  const mpNodeSchema = z.object({
    name: nodeNameSchema,
    networkDelayMs: ms("one-way delay from this node to the network between regions: a link's delay is the sum of its two ends' (unless cluster.multiPrimary.links names it)").default(1),
    clockSkewMs: z.number().min(-86_400_000).max(86_400_000).default(0)
      .describe("how far this node's clock runs ahead (negative: behind) of true time; it stamps commits for last-writer-wins"),
    autoIncrementIncrement: autoIncrementField(AUTO_INCREMENT_INCREMENT_WHAT).default(1),
    autoIncrementOffset: autoIncrementField(AUTO_INCREMENT_OFFSET_WHAT).default(1),
  }).strict();

  const mpLinkSchema = z.object({
    between: z.tuple([nodeNameSchema, nodeNameSchema]).describe("the two nodes the link joins"),
    delayMs: ms("one-way delay of this link, both ways"),
  }).strict();

  return z.object({
    mode: z.enum(MP_MODES)
      .describe("circular: asynchronous row-based replication both ways, MySQL/MariaDB (conflicts diverge or stop replication); lww: asynchronous, each row keeps the change with the latest commit timestamp; certification: Group Replication / Galera, a commit is ordered and certified by a majority first"),
    nodes: z.array(mpNodeSchema).min(2).max(MAX_MP_NODES).describe("the primaries, every one accepting writes"),
    links: z.array(mpLinkSchema).max(MAX_MP_LINKS).optional()
      .describe("links whose delay is not the sum of their ends' networkDelayMs (a region pair close or far)"),
    execMode: z.enum(EXEC_MODES).default("STRICT")
      .describe("circular mode: slave_exec_mode; STRICT stops a replication channel on error 1062 or 1032, IDEMPOTENT overwrites or skips and goes on"),
  }).strict();
}

export interface MpNodeConfig { name: string; networkDelayMs: number; clockSkewMs: number; autoIncrementIncrement: number; autoIncrementOffset: number }
export interface MultiPrimaryConfig {
  mode: MpMode;
  nodes: MpNodeConfig[];
  links?: { between: [string, string]; delayMs: number }[];
  execMode: ExecMode;
}

/** what a `replication` action does on a stopped channel (MySQL: START REPLICA / sql_slave_skip_counter) */
export const REPLICATION_COMMANDS = ["start", "skip"] as const;
export type ReplicationCommand = (typeof REPLICATION_COMMANDS)[number];
