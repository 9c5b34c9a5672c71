/*
 * Rows on a multi-primary node: a write executed where it is made (the local rules every
 * database has: an insert of an existing key fails on the primary key, an update or a delete of
 * a missing row changes nothing), and a replicated change applied on another node, by the rules
 * of the mode:
 *
 * circular (MySQL/MariaDB row-based replication, REAL-BEHAVIOUR.md "MariaDB multi-primary"; MySQL
 * Reference Manual 19.5.1 and the slave_exec_mode / replica_exec_mode variable): an update finds
 * its row by the primary key and overwrites it without an error, whatever the row holds (two
 * primaries updating one row end swapped); under STRICT, a Write_rows event whose key exists stops
 * the channel with 1062 and an Update_rows or Delete_rows event whose row is missing stops it with
 * 1032; under IDEMPOTENT the first overwrites and the second is skipped, and the channel goes on.
 *
 * lww (last writer wins by commit timestamp: pglogical's conflict_resolution = last_update_wins
 * with track_commit_timestamp, EDB Postgres Distributed's update_if_newer, MySQL NDB's NDB$MAX()):
 * each row keeps the change whose commit stamp (the writer's clock; the writer's node breaks a
 * tie) is the latest; deletes leave a tombstone that takes part like any change.
 * Where we simplify: the same rule decides a local write too, so a write stamped behind the row's
 * stamp loses on its own node at once (a register, as Cassandra resolves); pglogical applies every
 * local write and resolves only on apply, which can leave that node different.
 */
import { nextKey, noteKey } from "./autoIncrement";
import type { ExecMode } from "./schema";
import type { ChangeKind, MpConflictKind, MpNodeRt, MpRow, MpWrite } from "./state";

export function rowsOf(node: MpNodeRt, table: string): Map<string, MpRow> {
  let m = node.data.get(table);
  if (!m) { m = new Map(); node.data.set(table, m); }
  return m;
}

export function live(row: MpRow | undefined): row is MpRow & { value: string } {
  return row !== undefined && row.value !== null;
}

/** stamp order: (stamp, origin) */
export function newer(w: { stampUs: number; node: number }, row: MpRow): boolean {
  return w.stampUs > row.stampUs || (w.stampUs === row.stampUs && w.node > row.origin);
}

/**
 * Executes a write on its own node: what it logs (null: it changes nothing), or the error its
 * client gets. Sets the write's before image, and its key when its node generates it (AUTO_INCREMENT).
 */
export function execute(node: MpNodeRt, w: MpWrite): { change: ChangeKind | null } | { error: string } {
  if (w.generated) {
    w.key = nextKey(node, w.table);
    if (w.op !== null) w.op.key = w.key;
  }
  const row = rowsOf(node, w.table).get(w.key);
  const exists = live(row);
  w.before = row?.write ?? -1;
  switch (w.requested) {
    case "insert":
      // MySQL: ERROR 1062 (23000): Duplicate entry '…' for key 'PRIMARY'
      return exists ? { error: `ERROR 1062 (23000): Duplicate entry '${w.key}' for key 'PRIMARY'` } : { change: "insert" };
    case "update": return { change: exists ? "update" : null };
    case "delete": return { change: exists ? "delete" : null };
    case "upsert": return { change: exists ? "update" : "insert" };
  }
}

export function setRow(node: MpNodeRt, w: MpWrite): void {
  noteKey(node, w.table, w.key);
  rowsOf(node, w.table).set(w.key, { value: w.change === "delete" ? null : w.value, stampUs: w.stampUs, origin: w.node, write: w.id });
}

/** What applying a replicated change did: applied, skipped, or stopped the channel with an error. */
export type ApplyOutcome =
  | { result: "applied" | "skipped"; conflict: MpConflictKind | null; resolution: string }
  | { result: "error"; errno: number; error: string; conflict: MpConflictKind };

const EVENT = { insert: "Write_rows_v1", update: "Update_rows_v1", delete: "Delete_rows_v1" } as const;

/** circular: MySQL/MariaDB's SQL thread applying one row event (see the comment at the top). */
export function applyCircular(execMode: ExecMode, node: MpNodeRt, w: MpWrite): ApplyOutcome {
  const row = rowsOf(node, w.table).get(w.key), exists = live(row), strict = execMode === "STRICT";
  const change = w.change!;
  if (change === "insert" && exists) {
    if (strict) return { result: "error", errno: 1062, conflict: "insert_exists", error: `Could not execute ${EVENT.insert} event on table ` +
      `d.${w.table}; Duplicate entry '${w.key}' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY` };
    setRow(node, w);
    return { result: "applied", conflict: "insert_exists", resolution: "overwrote the local row (slave_exec_mode IDEMPOTENT)" };
  }
  if (change !== "insert" && !exists) {
    const kind = change === "update" ? "update_missing" : "delete_missing";
    if (strict) return { result: "error", errno: 1032, conflict: kind, error: `Could not execute ${EVENT[change]} event on table ` +
      `d.${w.table}; Can't find record in '${w.table}', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND` };
    return { result: "skipped", conflict: kind, resolution: "skipped: the row is missing (slave_exec_mode IDEMPOTENT, a warning in the log)" };
  }
  const differs = change !== "insert" && row!.write !== w.before;
  setRow(node, w);
  if (!differs) return { result: "applied", conflict: null, resolution: "" };
  return { result: "applied", conflict: change === "update" ? "update_differs" : "delete_differs",
    resolution: "applied over a row the source never saw, without an error: the row is found by its primary key alone" };
}

/** lww: the change with the later stamp stays. */
export function applyLww(node: MpNodeRt, w: MpWrite): ApplyOutcome {
  const row = rowsOf(node, w.table).get(w.key);
  const concurrent = row !== undefined && row.write !== w.before;
  const stamps = row === undefined ? "" : ` (${stampWords(w.stampUs)} against the row's ${stampWords(row.stampUs)})`;
  if (row === undefined || newer(w, row)) {
    setRow(node, w);
    return { result: "applied", conflict: concurrent ? "stamp_newer" : null,
      resolution: `applied: its commit timestamp is later than the local row's${stamps}` };
  }
  return { result: "skipped", conflict: "stamp_older", resolution: `discarded: the local row's commit timestamp is later${stamps}` };
}

/** a commit stamp as its writer's clock read it, in seconds */
export function stampWords(stampUs: number): string {
  return `stamped ${Math.round(stampUs) / 1e6} s`;
}
