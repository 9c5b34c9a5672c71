/*
 * What the checker finds in a multi-primary run, looking only at the nodes' rows and the writes'
 * history:
 * - divergent keys: rows whose value differs between nodes (a missing row and a deleted one are
 *   both "none"); `settled` says whether everything sent has arrived and been applied, so that a
 *   difference is not mere lag (a stopped channel is settled: its difference stays);
 * - lost updates: an acknowledged write that reached a node (made there, or applied or discarded
 *   by its channel) whose row there now holds a write that took effect earlier in true time: a
 *   later write overwritten by an earlier one (circular's swapped rows) or discarded because a
 *   fast clock stamped the earlier one later (lww). Writes that took effect at the same µs are
 *   not ordered, so neither is lost to the other.
 */
import { linkIndex } from "./links";
import type { MultiPrimary } from "./multiPrimary";
import { live } from "./rows";
import type { MpWrite } from "./state";

export interface DivergentKey { table: string; key: string; values: { node: string; value: string | null }[] }

export interface LostUpdate {
  table: string;
  key: string;
  /** the acknowledged write that is not there, and where it was made and took effect */
  node: string;
  value: string | null;
  atMs: number;
  /** the write those nodes hold instead */
  keptNode: string;
  keptValue: string | null;
  keptAtMs: number;
  /** the nodes that lost it */
  lostOn: string[];
}

const ms = (us: number) => Math.round(us) / 1000;

/** Every (table, key) any node holds, sorted. */
function allRows(mp: MultiPrimary): [string, string][] {
  const seen = new Map<string, Set<string>>();
  for (const n of mp.nodes) {
    for (const [t, rows] of n.data) {
      let s = seen.get(t);
      if (!s) { s = new Set(); seen.set(t, s); }
      for (const k of rows.keys()) s.add(k);
    }
  }
  const out: [string, string][] = [];
  for (const t of [...seen.keys()].sort()) for (const k of [...seen.get(t)!].sort()) out.push([t, k]);
  return out;
}

export function divergentKeys(mp: MultiPrimary, limit = 1000): DivergentKey[] {
  const out: DivergentKey[] = [];
  for (const [table, key] of allRows(mp)) {
    const values = mp.nodes.map((n) => {
      const row = n.data.get(table)?.get(key);
      return { node: n.name, value: live(row) ? row.value : null };
    });
    if (values.some((v) => v.value !== values[0]!.value)) out.push({ table, key, values });
    if (out.length >= limit) break;
  }
  return out;
}

/** Nothing in flight and nothing waiting to be applied (except behind a stopped channel or a node that is down). */
export function settled(mp: MultiPrimary): boolean {
  if (mp.writes.some((w) => w.status === "pending" && !w.orphaned)) return false;
  if (mp.mode === "certification") return mp.nodes.every((n) => n.appliedSeq >= mp.groupLog.length);
  for (const ch of mp.channels) {
    if (ch.source === ch.node) continue;
    if (ch.arrived < mp.nodes[ch.source]!.binlog.length) return false;
    if (ch.state === "running" && ch.applied < ch.arrived) return false;
  }
  return true;
}

/** Whether write w reached node j (made there, or its channel passed it). */
function reached(mp: MultiPrimary, w: MpWrite, j: number): boolean {
  if (w.node === j) return true;
  if (mp.mode === "certification") return mp.nodes[j]!.appliedSeq > w.seq;
  return mp.channels[linkIndex(mp.nodes.length, w.node, j)]!.applied > w.binlogIndex;
}

export function lostUpdates(mp: MultiPrimary, limit = 1000): LostUpdate[] {
  const out: LostUpdate[] = [];
  for (const w of mp.writes) {
    if (w.status !== "ok" || w.change === null) continue;
    let kept: MpWrite | null = null;
    const lostOn: string[] = [];
    for (const n of mp.nodes) {
      const row = n.data.get(w.table)?.get(w.key);
      if (row === undefined || row.write === w.id || !reached(mp, w, n.idx)) continue;
      const holder = mp.writes[row.write]!;
      if (holder.commitUs < w.commitUs) { lostOn.push(n.name); kept ??= holder; }
    }
    if (kept === null) continue;
    out.push({ table: w.table, key: w.key, node: mp.nodes[w.node]!.name, value: w.change === "delete" ? null : w.value, atMs: ms(w.commitUs),
      keptNode: mp.nodes[kept.node]!.name, keptValue: kept.change === "delete" ? null : kept.value, keptAtMs: ms(kept.commitUs), lostOn });
    if (out.length >= limit) break;
  }
  return out;
}
