/*
 * The report's multi-primary part (present only when the scenario has cluster.multiPrimary), as
 * a zod schema for schemas/report.schema.json. It mirrors src/engine/multiprimary/views.ts.
 */
import { z } from "zod";
import { divergentKeySchema } from "./logicalReportSchema";

const writeRef = z.object({ node: z.string(), value: z.string().nullable().describe("null: a delete"),
  atMs: z.number().describe("when it took effect (its local commit, or when the group ordered it); for a write rolled back, when it was made") });

/** A conflict between primaries, in the report's top-level `conflicts` of a multi-primary run. */
export const mpConflictSchema = z.object({
  kind: z.enum(["insert_exists", "update_missing", "delete_missing", "update_differs", "delete_differs", "stamp_older",
    "stamp_newer", "certification"]),
  table: z.string(), key: z.string(), node: z.string().describe("where it was decided"), atMs: z.number(),
  write: writeRef.describe("the incoming (or losing) write"), other: writeRef.nullable().describe("the row's write it met"),
  resolution: z.string(),
}).describe("a conflict between primaries (multi-primary run)");

export const multiPrimaryReportSchema = z.object({
  mode: z.enum(["circular", "lww", "certification"]),
  nodes: z.array(z.object({
    name: z.string(), state: z.enum(["up", "down"]), clockSkewMs: z.number(), networkDelayMs: z.number(),
    autoIncrementIncrement: z.number().int().describe("auto_increment_increment: the step between the keys this node generates"),
    autoIncrementOffset: z.number().int().describe("auto_increment_offset: where its series of generated keys starts"),
    writesMade: z.number().int(), rows: z.number().int().describe("live rows it holds"),
    inQuorum: z.boolean().nullable().describe("certification: it can reach a majority of the group (null in other modes)"),
  })),
  links: z.array(z.object({ between: z.tuple([z.string(), z.string()]), delayMs: z.number().describe("one-way"), cut: z.boolean() })),
  channels: z.array(z.object({
    node: z.string().describe("the node applying"), source: z.string(),
    state: z.enum(["running", "stopped"]).describe("Slave_SQL_Running"),
    connected: z.boolean().describe("Slave_IO_Running: the link from the source is up"),
    lastErrno: z.number().int().describe("Last_SQL_Errno (0: none)"), lastError: z.string().nullable().describe("Last_SQL_Error"),
    lastErrorMs: z.number().nullable(), errorCount: z.number().int(),
    behind: z.number().int().describe("the source's changes not applied here yet"),
  })).describe("circular and lww: each node's replication channel from every other node (none under certification)"),
  writes: z.object({ attempted: z.number().int(), acknowledged: z.number().int(), failed: z.number().int(), pending: z.number().int(),
    latencyMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }) }),
  conflictCount: z.number().int().describe("every conflict, past the first 1000 listed in the report's top-level conflicts"),
  settled: z.boolean().describe("everything sent has arrived and been applied (a stopped channel's backlog aside): a difference is not lag"),
  divergentKeys: z.array(divergentKeySchema).describe("rows whose value differs between the primaries"),
  lostUpdates: z.array(z.object({
    table: z.string(), key: z.string(), node: z.string(), value: z.string().nullable(), atMs: z.number(),
    keptNode: z.string(), keptValue: z.string().nullable(), keptAtMs: z.number(),
    lostOn: z.array(z.string()).describe("the nodes whose row holds the earlier write instead"),
  })).describe("acknowledged writes that reached a node whose row now holds a write that took effect earlier in true time"),
  rows: z.array(z.object({ table: z.string(), key: z.string(), values: z.array(z.string().nullable()).describe("one per node, in nodes order"),
    diverged: z.boolean() })).describe("the first 200 rows, side by side"),
});
