/*
 * What a failover lost, in words a class can check: the lost acknowledged writes, the loss window
 * (first to last lost acknowledgement) and the later stale reads of those keys, each marked as the
 * consequence of the loss. Pure, so it is unit-tested; LostWrites renders it.
 */
import type { LogEntry, LossesView, LostWriteView } from "../../engine/views";

export interface Consequence {
  entry: LogEntry;
  key: string;
  /** the lost write the read should have seen: the newest lost write of that key acknowledged before the read */
  lost: LostWriteView;
}

/** Window over the listed lost writes, µs: from the first lost acknowledgement to the last. */
export function lossWindowUs(writes: readonly LostWriteView[]): number {
  if (writes.length === 0) return 0;
  let lo = Infinity, hi = -Infinity;
  for (const w of writes) { lo = Math.min(lo, w.ackUs); hi = Math.max(hi, w.ackUs); }
  return hi - lo;
}

/**
 * The key and value a read's log line names. The engine logs reads as
 * "<session> reads <key> on <node>: <value or (none)>[ — verdict]" (src/engine/clients/reads.ts);
 * null for other lines.
 */
export function readOf(entry: LogEntry): { key: string; value: string | null } | null {
  const m = /^\S+ reads (.+) on \S+: (.*?)(?: — .*)?$/.exec(entry.text);
  return m ? { key: m[1]!, value: m[2] === "(none)" ? null : m[2]! } : null;
}

/** A scripted write's log line: "<session> writes <key> = <value> on <node>". */
function writtenKey(entry: LogEntry): string | null {
  const m = entry.kind === "write-ok" ? /^\S+ writes (.+) = .* on \S+$/.exec(entry.text) : null;
  return m ? m[1]! : null;
}

/** Workload values are "v<write id>": a value older than write `id` can be told apart. */
function olderThan(value: string | null, id: number): boolean {
  if (value === null) return true;
  const m = /^v(\d+)$/.exec(value);
  return m ? Number(m[1]) < id : true;
}

/**
 * Reads after a loss that return what the key held before the lost write (no value, or an older
 * one): the consequence of the loss. The checker does not count them stale (the write is gone
 * from the history that won), but the client was told it committed. A read after a newer write
 * of the key (a scripted one, logged) or returning a newer workload value is not marked.
 */
export function consequences(losses: LossesView, log: readonly LogEntry[]): Consequence[] {
  if (losses.writes.length === 0) return [];
  const byKey = new Map<string, LostWriteView[]>();
  for (const w of losses.writes) byKey.set(w.key, [...(byKey.get(w.key) ?? []), w]);
  const lossAt = Math.min(...losses.failovers.filter((f) => f.lost > 0).map((f) => f.atUs), Infinity);
  const rewritten = new Set<string>();
  const out: Consequence[] = [];
  for (const entry of log) {
    const k = writtenKey(entry);
    if (k !== null && entry.atUs >= lossAt) rewritten.add(k);
    if (entry.kind !== "read" && entry.kind !== "stale-read" && entry.kind !== "ryw-violation") continue;
    const read = readOf(entry);
    if (!read || rewritten.has(read.key) || entry.atUs < lossAt) continue;
    const lost = byKey.get(read.key)?.filter((w) => w.ackUs <= entry.atUs).at(-1);
    if (lost && read.value !== lost.value && olderThan(read.value, lost.writeId)) out.push({ entry, key: read.key, lost });
  }
  return out;
}
