/*
 * A multi-primary run's lines in the history (--history, the page's "Export history"; format in
 * docs/formats.md): every write and read as Jepsen-style operations, so a checker outside the
 * simulator sees them. A write's op id is its index among the run's writes; a read's is
 * READ_OP_BASE + its index among the reads, as in a run with one primary. There are no WAL
 * positions here: `lsn` and `timeline` are null. A write whose node crashed before answering
 * gets `info` (its client cannot know whether it committed). At the end, writes still waiting
 * are `pending`, and the `end` line names no primary (there is none: every node is one).
 * Built only when the run has a history hook.
 */
import { READ_OP_BASE } from "../clients/reads";
import { DEFAULT_TABLE } from "../logical/schema";
import type { OperationEvent } from "../views";
import type { MultiPrimary } from "./multiPrimary";
import type { MpWrite } from "./state";

/** the history's key: `table.key` for a table other than t (as logical replication's lines name them) */
export function historyKey(table: string, key: string): string {
  return table === DEFAULT_TABLE ? key : `${table}.${key}`;
}

/** a scripted action's index; a command from the page (-1) has none */
const actionOf = (index: number): number | null => (index >= 0 ? index : null);

function writeLine(mp: MultiPrimary, w: MpWrite, type: OperationEvent["type"]): OperationEvent {
  return { type, f: "write", op: w.id, process: w.session, key: historyKey(w.table, w.key), value: w.requested === "delete" ? null : w.value,
    timeUs: mp.sim.now, node: mp.nodes[w.node]!.name, lsn: null, timeline: null, action: actionOf(w.op?.action ?? -1) };
}

export function historyWriteInvoke(mp: MultiPrimary, w: MpWrite): void {
  mp.sim.clients.onHistory?.(writeLine(mp, w, "invoke"));
}

/** The client got its answer: ok, or fail with the error (nothing of it took effect). */
export function historyWriteDone(mp: MultiPrimary, w: MpWrite): void {
  const onHistory = mp.sim.clients.onHistory;
  if (!onHistory) return;
  const e = writeLine(mp, w, w.status === "ok" ? "ok" : "fail");
  if (w.error !== null) e.error = w.error;
  if (w.status === "ok" && w.change === null) e.unchanged = true;
  onHistory(e);
}

/** Its node crashed before answering: the outcome is unknown to its client. */
export function historyWriteOrphaned(mp: MultiPrimary, w: MpWrite): void {
  const onHistory = mp.sim.clients.onHistory;
  if (!onHistory) return;
  onHistory({ ...writeLine(mp, w, "info"), error: `${mp.nodes[w.node]!.name} crashed before answering: the write may or may not have committed` });
}

/** A read answered at once (or refused by a node that is down): its invoke and its completion. */
export function historyRead(mp: MultiPrimary, read: { id: number; session: string; table: string; key: string; node: string;
  ok: boolean; value: string | null; writeOp: number | null; action: number }): void {
  const onHistory = mp.sim.clients.onHistory;
  if (!onHistory) return;
  const base = { f: "read" as const, op: READ_OP_BASE + read.id, process: read.session, key: historyKey(read.table, read.key),
    timeUs: mp.sim.now, node: read.node, lsn: null, timeline: null, action: actionOf(read.action) };
  onHistory({ ...base, type: "invoke", value: null });
  onHistory(read.ok ? { ...base, type: "ok", value: read.value, writeOp: read.writeOp, policy: "named node" }
    : { ...base, type: "fail", value: null, error: `ERROR 2003 (HY000): Can't connect to MySQL server on '${read.node}'` });
}

/** The run ends: writes still waiting for their answer, then the last line. */
export function historyMpEnd(mp: MultiPrimary): void {
  const onHistory = mp.sim.clients.onHistory;
  if (!onHistory) return;
  for (const w of mp.writes) if (w.status === "pending" && !w.orphaned) onHistory(writeLine(mp, w, "pending"));
  onHistory({ type: "end", timeUs: mp.sim.now, node: null, timeline: null, lsn: null, insertLsn: null });
}
