/*
 * The catalogue of fields a lesson's conditions may name, with their types and units: a lesson
 * that names a field not listed here is refused when it is loaded, not when a student reaches
 * that step. It mirrors LessonView (view.ts); test/lessons/fields.test.ts checks that every field
 * listed resolves on a real view, so the two cannot drift apart.
 */
import type { LogKind } from "../engine/views";
import type { RoutingPolicy } from "../engine/scenario/schema";

export type Unit = "ms" | "bytes" | "count" | "lsn" | "none";

export type Shape =
  | { kind: "number"; unit: Unit; nullable?: boolean }
  | { kind: "string"; nullable?: boolean; values?: readonly string[] }
  | { kind: "boolean" }
  | { kind: "object"; fields: Map<string, Shape> }
  /** a Map keyed by a name: `nodes[s1]`; counted with `count` */
  | { kind: "named"; item: Shape }
  /** a list: only counted */
  | { kind: "list"; item: Shape };

const num = (unit: Unit, nullable = false): Shape => ({ kind: "number", unit, nullable });
const str = (values?: readonly string[], nullable = false): Shape => ({ kind: "string", values, nullable });
const obj = (fields: [string, Shape][]): Shape => ({ kind: "object", fields: new Map(fields) });

export const LOG_KINDS: readonly LogKind[] = [
  "write-ok", "write-failed", "read", "stale-read", "ryw-violation", "monotonic-violation", "crash", "restart", "promote",
  "partition", "heal", "configure", "set", "stall-start", "stall-end", "semi-sync-off", "semi-sync-on", "disconnect",
  "connect", "lost-writes", "error",
];

/** every routing policy (a Record so that a new one cannot be forgotten here; lessons see the engine through types only) */
const ROUTING: Record<RoutingPolicy, true> = { primary: true, replicas: true, "lag-aware": true, "read-your-writes": true, causal: true };
const ROUTING_POLICIES = Object.keys(ROUTING);

const lsn = obj([["insert", num("lsn")], ["write", num("lsn")], ["flush", num("lsn")], ["replay", num("lsn")]]);

const node = obj([
  ["role", str(["primary", "replica"])],
  ["state", str(["up", "down", "promoting", "diverged"])],
  ["crashKind", str(["process", "power", "hang"], true)],
  ["problem", str(undefined, true)],
  ["wouldLose", num("count", true)],
  ["walRetainedBytes", num("bytes", true)],
  ["timeline", num("none")],
  ["lsn", lsn],
]);

const standby = obj([
  ["state", str(["startup", "catchup", "streaming", "stopping"])],
  ["syncState", str(["async", "potential", "sync", "quorum"])],
  ["sentLsn", num("lsn")], ["writeLsn", num("lsn")], ["flushLsn", num("lsn")], ["replayLsn", num("lsn")],
  ["writeLagMs", num("ms", true)], ["flushLagMs", num("ms", true)], ["replayLagMs", num("ms", true)],
]);

export const VIEW_SHAPE: Shape = obj([
  ["nowMs", num("ms")],
  ["primary", str(undefined, true)],
  ["commit", obj([
    ["mode", str(["postgres", "semiSync"])],
    ["preset", str(["async", "semi-sync", "sync"], true)],
    ["semiSyncActive", { kind: "boolean" }],
    ["synchronous_commit", str(["off", "local", "remote_write", "on", "remote_apply"])],
    ["synchronous_standby_names", str()],
    ["waitPoint", str(["AFTER_SYNC", "AFTER_COMMIT"])],
    ["semiSyncTimeoutMs", num("ms")],
  ])],
  ["nodes", { kind: "named", item: node }],
  ["replication", { kind: "named", item: standby }],
  ["slots", { kind: "named", item: obj([
    ["walStatus", str(["reserved", "unreserved", "lost"])], ["retainedBytes", num("bytes")], ["restartLsn", num("lsn")],
  ]) }],
  ["subscriptions", { kind: "named", item: obj([
    ["state", str(["connecting", "copying", "streaming", "error", "disabled", "down", "dropped"])],
    ["enabled", { kind: "boolean" }], ["applyErrorCount", num("count")], ["rows", num("count")], ["appliedTxns", num("count")],
    ["copiedRows", num("count")], ["confirmedFlushLsn", num("lsn", true)], ["retainedBytes", num("bytes")],
    ["walStatus", str(["reserved", "extended", "unreserved", "lost"], true)], ["active", { kind: "boolean" }],
    ["spillTxns", num("count")], ["streamTxns", num("count")], ["applyLagMs", num("ms", true)], ["maxApplyLagMs", num("ms", true)],
    ["caughtUp", { kind: "boolean" }],
  ]) }],
  ["conflicts", obj([["count", num("count")]])],
  ["primaries", { kind: "named", item: obj([
    ["state", str(["up", "down"])], ["rows", num("count")], ["writesMade", num("count")], ["clockSkewMs", num("ms")],
    ["inQuorum", { kind: "boolean" }],
  ]) }],
  ["mpRows", { kind: "named", item: obj([["diverged", { kind: "boolean" }], ["values", { kind: "named", item: str(undefined, true) }]]) }],
  ["multiPrimary", obj([
    ["divergentKeys", num("count")], ["lostUpdates", num("count")], ["conflicts", num("count")], ["stoppedChannels", num("count")],
    ["settled", { kind: "boolean" }], ["writesAcknowledged", num("count")], ["writesFailed", num("count")], ["p50Ms", num("ms")],
    ["maxMs", num("ms")],
  ])],
  ["workload", obj([
    ["writesPerSec", num("count")], ["readsPerSec", num("count")], ["readFrom", str(ROUTING_POLICIES)],
    ["maxLagMs", num("ms", true)], ["pinWindowMs", num("ms", true)], ["maxWaitMs", num("ms", true)], ["breakerQueueMs", num("ms", true)],
  ])],
  ["waitingCommits", { kind: "list", item: obj([["session", str()], ["key", str()], ["waitedMs", num("ms")]]) }],
  ["totals", obj([
    ["writesAttempted", num("count")], ["writesAcknowledged", num("count")], ["writesFailed", num("count")],
    ["writesPending", num("count")], ["reads", num("count")], ["staleReads", num("count")],
    ["readYourWritesViolations", num("count")], ["monotonicReadViolations", num("count")],
    ["lostAcknowledgedWrites", num("count")],
  ])],
  ["latency", obj([["p50Ms", num("ms")], ["p99Ms", num("ms")], ["maxMs", num("ms")]])],
  ["failovers", obj([["count", num("count")], ["lastLost", num("count", true)], ["lastRpoMs", num("ms", true)]])],
  ["seen", obj(LOG_KINDS.map((k) => [k, num("count")]))],
  ["quietMs", obj(LOG_KINDS.map((k) => [k, num("ms")]))],
  ["step", obj([["elapsedMs", num("ms")], ["writesAcknowledged", num("count")], ["p50Ms", num("ms")]])],
]);

/** One step of a path: a field name, optionally with a [name] picking one item of a named list (a row's key may be a number: mpRows[2]). */
export interface PathPart { field: string; key: string | null; }

const PART = /^([A-Za-z_][A-Za-z0-9_-]*)(?:\[([A-Za-z0-9_][A-Za-z0-9_-]{0,62})\])?$/;
const MAX_PATH = 200;

/** "nodes[s1].lsn.replay" → parts, or a message saying what is wrong with it. */
export function parsePath(path: string): PathPart[] | string {
  if (path.length === 0 || path.length > MAX_PATH) return `a field path is 1 to ${MAX_PATH} characters`;
  const parts: PathPart[] = [];
  for (const text of path.split(".")) {
    const m = PART.exec(text);
    if (!m) return `"${path}": "${text}" is not a field name (letters, digits, _ or -, optionally [name])`;
    parts.push({ field: m[1]!, key: m[2] ?? null });
  }
  return parts;
}

/** The shape a path names inside `root`, or a message naming the first part that does not exist. */
export function resolveShape(root: Shape, path: string): Shape | string {
  const parts = parsePath(path);
  if (typeof parts === "string") return parts;
  let shape = root;
  for (const part of parts) {
    if (shape.kind !== "object") return `"${path}": "${part.field}" is inside a ${shape.kind}, which has no fields`;
    const next = shape.fields.get(part.field);
    if (!next) return `"${path}": no field "${part.field}" (known: ${[...shape.fields.keys()].join(", ")})`;
    if (part.key !== null) {
      if (next.kind !== "named") return `"${path}": "${part.field}" is not a list picked by name`;
      shape = next.item;
    } else shape = next;
  }
  return shape;
}

/** Read a path's value from a view (or a list item): undefined when a named item is absent. */
export function readPath(root: unknown, parts: readonly PathPart[]): unknown {
  let value: unknown = root;
  for (const part of parts) {
    value = field(value, part.field);
    if (part.key !== null) value = value instanceof Map ? value.get(part.key) : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

function field(value: unknown, name: string): unknown {
  if (value instanceof Map) return value.get(name);
  if (typeof value === "object" && value !== null && Object.hasOwn(value, name)) return (value as Record<string, unknown>)[name];
  return undefined;
}
