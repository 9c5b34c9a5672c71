/*
 * What the report and the snapshot show of a multi-primary cluster: each node (with its clock),
 * each replication channel (SHOW REPLICA STATUS: Slave_SQL_Running, Last_SQL_Errno/Error), the
 * rows every node holds side by side, the conflicts as they were decided, and the checker's
 * findings (divergent keys, lost updates).
 */
import { divergentKeys, lostUpdates, settled, type DivergentKey, type LostUpdate } from "./checker";
import type { MultiPrimary } from "./multiPrimary";
import { live } from "./rows";
import type { MpMode } from "./schema";
import type { MpConflictKind } from "./state";

const ms = (us: number) => Math.round(us) / 1000;

export interface MpNodeView {
  name: string;
  state: "up" | "down";
  clockSkewMs: number;
  networkDelayMs: number;
  /** auto_increment_increment / auto_increment_offset: the series its generated keys come from */
  autoIncrementIncrement: number;
  autoIncrementOffset: number;
  writesMade: number;
  /** live rows it holds */
  rows: number;
  /** certification: it can reach a majority of the group */
  inQuorum: boolean | null;
}

export interface MpChannelView {
  /** the node applying */
  node: string;
  source: string;
  /** Slave_SQL_Running: running, or stopped by an error */
  state: "running" | "stopped";
  /** Slave_IO_Running: the link from the source is up */
  connected: boolean;
  lastErrno: number;
  lastError: string | null;
  lastErrorMs: number | null;
  errorCount: number;
  /** the source's changes not applied here yet (in flight, queued, or behind a stopped channel) */
  behind: number;
}

export interface MpConflictView {
  kind: MpConflictKind;
  table: string;
  key: string;
  node: string;
  atMs: number;
  /** the incoming (or losing) write and the row's write it met */
  write: { node: string; value: string | null; atMs: number };
  other: { node: string; value: string | null; atMs: number } | null;
  resolution: string;
}

export interface MpRowView { table: string; key: string; values: (string | null)[]; diverged: boolean }

export interface MpWritesView {
  attempted: number;
  acknowledged: number;
  failed: number;
  pending: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export interface MultiPrimaryView {
  mode: MpMode;
  nodes: MpNodeView[];
  links: { between: [string, string]; delayMs: number; cut: boolean }[];
  channels: MpChannelView[];
  writes: MpWritesView;
  conflicts: MpConflictView[];
  conflictCount: number;
  /** everything sent has arrived and been applied (a stopped channel's backlog aside) */
  settled: boolean;
  divergentKeys: DivergentKey[];
  lostUpdates: LostUpdate[];
  /** the rows, one value per node in `nodes` order (the first 200) */
  rows: MpRowView[];
  /** the snapshot only (the page's write form): the latest writes, newest last */
  recentWrites?: MpRecentWrite[];
}

/** The report's part: the view without the conflicts, which are the report's top-level `conflicts`. */
export type MultiPrimaryReport = Omit<MultiPrimaryView, "conflicts" | "recentWrites">;

export interface MpRecentWrite { node: string; key: string; value: string | null; kind: string; status: "pending" | "ok" | "failed";
  error: string | null; invokedMs: number;
  /** an insert whose key its node generated ("" in `key` until it executed) */
  generated: boolean }

function writeRef(mp: MultiPrimary, id: number): { node: string; value: string | null; atMs: number } | null {
  const w = mp.writes[id];
  if (!w) return null;
  // a write that never took effect (rolled back) is placed where its client made it
  return { node: mp.nodes[w.node]!.name, value: w.requested === "delete" ? null : w.value, atMs: ms(w.commitUs >= 0 ? w.commitUs : w.invokeUs) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function writesView(mp: MultiPrimary): MpWritesView {
  const acked = mp.writes.filter((w) => w.status === "ok").map((w) => w.ackUs - w.invokeUs).sort((a, b) => a - b);
  const failed = mp.writes.filter((w) => w.status === "failed").length;
  return { attempted: mp.writes.length, acknowledged: acked.length, failed, pending: mp.writes.length - acked.length - failed,
    latencyMs: { p50: ms(percentile(acked, 50)), p99: ms(percentile(acked, 99)), max: ms(acked.at(-1) ?? 0) } };
}

function rowsView(mp: MultiPrimary, limit: number): MpRowView[] {
  const diverged = new Set(divergentKeys(mp, Infinity).map((d) => `${d.table}\n${d.key}`));
  const keys = new Map<string, [string, string]>();
  for (const n of mp.nodes) for (const [t, rows] of n.data) for (const k of rows.keys()) keys.set(`${t}\n${k}`, [t, k]);
  return [...keys.keys()].sort().slice(0, limit).map((id) => {
    const [table, key] = keys.get(id)!;
    const values = mp.nodes.map((n) => { const r = n.data.get(table)?.get(key); return live(r) ? r.value : null; });
    return { table, key, values, diverged: diverged.has(id) };
  });
}

export function multiPrimaryView(mp: MultiPrimary, options: { conflicts?: number; rows?: number; recentWrites?: number } = {}): MultiPrimaryView {
  const n = mp.nodes.length;
  const channels: MpChannelView[] = mp.mode === "certification" ? [] : mp.channels.filter((c) => c.source !== c.node).map((c) => {
    const link = mp.links[c.source * n + c.node]!;
    return { node: mp.nodes[c.node]!.name, source: mp.nodes[c.source]!.name, state: c.state,
      connected: !link.cut && mp.nodes[c.source]!.up && mp.nodes[c.node]!.up, lastErrno: c.lastErrno, lastError: c.lastError,
      lastErrorMs: c.lastErrorUs < 0 ? null : ms(c.lastErrorUs), errorCount: c.errorCount,
      behind: mp.nodes[c.source]!.binlog.length - c.applied };
  });
  const links: MultiPrimaryView["links"] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const ab = mp.links[a * n + b]!, ba = mp.links[b * n + a]!;
      links.push({ between: [mp.nodes[a]!.name, mp.nodes[b]!.name], delayMs: ms(ab.delayUs), cut: ab.cut || ba.cut });
    }
  }
  const conflicts = mp.conflicts.slice(-(options.conflicts ?? mp.conflicts.length)).map((c) => ({
    kind: c.kind, table: c.table, key: c.key, node: c.node, atMs: ms(c.atUs), write: writeRef(mp, c.write)!,
    other: c.other < 0 ? null : writeRef(mp, c.other), resolution: c.resolution,
  }));
  return {
    mode: mp.mode,
    nodes: mp.nodes.map((x) => ({ name: x.name, state: x.up ? "up" : "down", clockSkewMs: ms(x.skewUs), networkDelayMs: ms(x.legUs),
      autoIncrementIncrement: x.autoIncrementIncrement, autoIncrementOffset: x.autoIncrementOffset,
      writesMade: x.writesMade, rows: [...x.data.values()].reduce((k, rows) => k + [...rows.values()].filter(live).length, 0),
      inQuorum: mp.mode === "certification" ? mp.inQuorumOf(x.idx) : null })),
    links, channels, writes: writesView(mp), conflicts, conflictCount: mp.conflictCount, settled: settled(mp),
    divergentKeys: divergentKeys(mp), lostUpdates: lostUpdates(mp), rows: rowsView(mp, options.rows ?? 200),
    ...(options.recentWrites === undefined ? {} : { recentWrites: mp.writes.slice(-options.recentWrites).map((w) => ({
      node: mp.nodes[w.node]!.name, key: w.key, value: w.value, kind: w.requested, status: w.status, error: w.error, invokedMs: ms(w.invokeUs),
      generated: w.generated,
    })) }),
  };
}
