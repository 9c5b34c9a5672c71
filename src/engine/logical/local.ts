/*
 * The subscriber is a database of its own, read-write (unlike a standby): clients write and read
 * its tables directly. Its writes go nowhere else (PostgreSQL 15 replicates one way; origin =
 * none for two-way setups came in 16). Its rows follow the same rules as the primary's: an
 * insert of an existing key fails on the primary key, an update or delete of a missing row
 * changes nothing.
 * Where we simplify: a subscriber's own commit is immediate (its fsync is not modelled).
 */
import type { Sim } from "../simulation";
import type { OperationReport, ParsedCommand as Command } from "../views";
import type { Logical } from "./logical";
import { DEFAULT_TABLE } from "./schema";
import type { SubscriptionRt } from "./state";
import { tableData } from "./worker";
import type { KeyedWrite } from "../clients/keyedWrite";

export function localWrite(lg: Logical, s: SubscriptionRt, cmd: KeyedWrite, actionIndex: number): void {
  const sim = lg.sim, table = cmd.table ?? DEFAULT_TABLE, kind = cmd.kind ?? "upsert";
  const op = operation(sim, actionIndex, "write", cmd.session, cmd.key, s.name);
  op.value = kind === "delete" ? null : cmd.value ?? "";
  lg.sim.clients.operations.push(op);
  const rows = tableData(s, table), exists = rows.has(cmd.key);
  let error: string | null = null;
  if (!s.up) error = `could not connect to ${s.name}: it is down`;
  else if (kind === "insert" && exists && lg.rows.hasPrimaryKey(table)) {
    error = `ERROR: duplicate key value violates unique constraint "${table}_pkey"`;
  } else if (kind === "delete") rows.delete(cmd.key);
  else if (kind === "upsert" || kind === "insert" || exists) rows.set(cmd.key, cmd.value ?? "");
  op.status = error === null ? "ok" : "failed";
  op.completedMs = sim.now / 1000;
  const what = kind === "delete" ? `deletes ${table}.${cmd.key}` : `${kind}s ${table}.${cmd.key} = ${cmd.value ?? ""}`;
  sim.log(error === null ? "write-ok" : "write-failed", `${cmd.session} ${what} on subscriber ${s.name}${error === null ? "" : `: ${error}`}`, s.name);
}

export function localRead(lg: Logical, s: SubscriptionRt, cmd: Extract<Command, { op: "read" }>, actionIndex: number): void {
  const sim = lg.sim, table = cmd.table ?? DEFAULT_TABLE;
  const op = operation(sim, actionIndex, "read", cmd.session, cmd.key, s.name);
  sim.clients.operations.push(op);
  op.completedMs = sim.now / 1000;
  if (!s.up) {
    op.status = "failed";
    return;
  }
  op.status = "ok";
  op.value = s.data.get(table)?.get(cmd.key) ?? null;
  sim.log("read", `${cmd.session} reads ${table}.${cmd.key} on subscriber ${s.name}: ${op.value ?? "(none)"}`, s.name);
}

function operation(sim: Sim, action: number, f: "write" | "read", session: string, key: string, node: string): OperationReport {
  return { action, op: f, session, key, node, status: "pending", invokedMs: sim.now / 1000, completedMs: null, value: null,
    stale: false, lsn: null };
}
