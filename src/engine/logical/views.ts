/*
 * What the report and the snapshot show of logical replication: each subscription with its slot
 * (pg_stat_subscription, pg_stat_subscription_stats, pg_replication_slots,
 * pg_stat_replication_slots), the conflicts, and the keys that diverged.
 */
import type { Sim } from "../simulation";
import type { Logical } from "./logical";
import { walStatus, type WalStatus } from "./slots";
import { K_DELETE, K_NONE } from "./rows";
import type { SubscriptionState } from "./state";

const MB = 1024 * 1024;
const ms = (us: number) => Math.round(us) / 1000;

export interface SubscriptionView {
  name: string;
  /** the node that publishes */
  publisher: string;
  tables: string[];
  state: SubscriptionState;
  enabled: boolean;
  /** the subscriber's server is running */
  up: boolean;
  /** disable_on_error: an apply error disables the subscription instead of retrying */
  disableOnError: boolean;
  lastError: string | null;
  lastErrorMs: number | null;
  /** pg_stat_subscription_stats */
  applyErrorCount: number;
  syncErrorCount: number;
  /** the finish LSN of the transaction the apply worker is stuck on (null: none) */
  failingLsn: number | null;
  /** the slot (pg_replication_slots); null once dropped */
  slot: string | null;
  restartLsn: number | null;
  confirmedFlushLsn: number | null;
  /** WAL the slot holds back on the publisher, bytes */
  retainedBytes: number;
  walStatus: WalStatus | null;
  active: boolean;
  /** pg_stat_replication_slots */
  spillTxns: number;
  spillBytes: number;
  streamTxns: number;
  streamBytes: number;
  totalTxns: number;
  /** the subscriber's replication origin: the last transaction applied */
  appliedLsn: number;
  appliedTxns: number;
  copiedRows: number;
  /** rows the subscriber holds in the tables it subscribes to (its own included) */
  rows: number;
  /** commit-to-apply time of the latest transaction applied, and the largest, ms (null: none yet) */
  applyLagMs: number | null;
  maxApplyLagMs: number | null;
  /** the subscriber has confirmed everything the publisher has flushed */
  caughtUp: boolean;
}

export interface ConflictView {
  kind: "insert_exists" | "update_missing" | "delete_missing";
  table: string;
  key: string;
  /** the subscriber */
  node: string;
  atMs: number;
  lsn: number;
  localValue: string | null;
  remoteValue: string | null;
  resolution: string;
}

export interface DivergentKeyView {
  table: string;
  key: string;
  /** each node's value (null: no such row there) */
  values: { node: string; value: string | null }[];
}

export interface LogicalView {
  subscriptions: SubscriptionView[];
  conflicts: ConflictView[];
  /** every conflict, past the ones listed */
  conflictCount: number;
  divergentKeys: DivergentKeyView[];
}

export function subscriptionViews(sim: Sim, lg: Logical): SubscriptionView[] {
  const p = sim.commit.postgres;
  const maxSlot = p.max_slot_wal_keep_size_mb < 0 ? Infinity : p.max_slot_wal_keep_size_mb * MB;
  const maxWal = lg.settings.max_wal_size_mb * MB;
  return lg.subs.map((s) => {
    const pub = sim.nodes[s.publisher]!, tip = pub.flushLsn, slot = s.slot;
    return {
      name: s.name, publisher: pub.name, tables: [...s.tables], state: s.state, enabled: s.enabled,
      up: s.up, disableOnError: s.disableOnError,
      lastError: s.lastError, lastErrorMs: s.lastErrorUs < 0 ? null : ms(s.lastErrorUs),
      applyErrorCount: s.applyErrorCount, syncErrorCount: s.syncErrorCount, failingLsn: s.failingLsn > 0 ? s.failingLsn : null,
      slot: slot?.name ?? null, restartLsn: slot?.restartLsn ?? null, confirmedFlushLsn: slot?.confirmedFlushLsn ?? null,
      retainedBytes: slot && !slot.lost ? Math.max(0, tip - slot.restartLsn) : 0,
      walStatus: slot ? walStatus(slot, tip, maxSlot, maxWal) : null, active: slot?.active ?? false,
      spillTxns: slot?.spillTxns ?? 0, spillBytes: slot?.spillBytes ?? 0, streamTxns: slot?.streamTxns ?? 0,
      streamBytes: slot?.streamBytes ?? 0, totalTxns: slot?.totalTxns ?? 0,
      appliedLsn: s.appliedLsn, appliedTxns: s.appliedTxns, copiedRows: s.copiedRows,
      rows: [...s.tables].reduce((n, t) => n + (s.data.get(t)?.size ?? 0), 0),
      applyLagMs: s.applyLagUs < 0 ? null : ms(s.applyLagUs), maxApplyLagMs: s.maxApplyLagUs < 0 ? null : ms(s.maxApplyLagUs),
      caughtUp: caughtUp(sim, lg, s.idx),
    };
  });
}

function caughtUp(sim: Sim, lg: Logical, idx: number): boolean {
  const s = lg.subs[idx]!;
  return s.slot !== null && s.state === "streaming" && s.slot.confirmedFlushLsn >= sim.nodes[s.publisher]!.flushLsn;
}

export function conflictViews(lg: Logical): ConflictView[] {
  return lg.conflicts.map((c) => ({ kind: c.kind, table: c.table, key: c.key, node: c.node, atMs: ms(c.atUs), lsn: c.lsn,
    localValue: c.localValue, remoteValue: c.remoteValue, resolution: c.resolution }));
}

/**
 * Rows of the published tables whose value differs between the publisher and a subscriber that
 * has caught up (everything the publisher flushed is applied there): the data a subscription
 * should hold the same and does not — rows the subscriber wrote itself, rows it skipped.
 * A subscriber still behind is left out: its differences may only be lag.
 */
export function divergentKeys(sim: Sim, lg: Logical, limit = 1000): DivergentKeyView[] {
  const out: DivergentKeyView[] = [];
  const subs = lg.subs.filter((s) => caughtUp(sim, lg, s.idx));
  if (subs.length === 0) return out;
  const rows = lg.rows, w = sim.writes, keys = sim.clients.keys;
  const pub = sim.nodes[subs[0]!.publisher]!;
  // the publisher's rows of each table (flushed WAL, in order)
  const pubRows = new Map<string, Map<string, string>>();
  const cur = sim.wal.cursorAt(pub.timeline, 0);
  while (sim.wal.settle(cur, pub.timeline)) {
    const id = cur.tl.idAt(cur.index);
    if (w.lsnOf(id) > pub.flushLsn) break;
    cur.index++;
    const kind = id < rows.kind.length ? rows.kind[id]! : K_NONE;
    if (kind === K_NONE) continue;
    const keyId = w.keyIdOf(id), table = rows.tableOf(keyId), key = rows.ownKey(keyId, keys[keyId]!);
    let m = pubRows.get(table);
    if (!m) { m = new Map(); pubRows.set(table, m); }
    if (kind === K_DELETE) m.delete(key); else m.set(key, w.value(id));
  }
  for (const s of subs) {
    if (s.publisher !== pub.idx) continue;
    for (const table of s.tables) {
      const mine = s.data.get(table) ?? new Map<string, string>(), theirs = pubRows.get(table) ?? new Map<string, string>();
      const all = new Set([...theirs.keys(), ...mine.keys()]);
      for (const key of [...all].sort()) {
        const a = theirs.get(key) ?? null, b = mine.get(key) ?? null;
        if (a === b) continue;
        if (out.length < limit) out.push({ table, key, values: [{ node: pub.name, value: a }, { node: s.name, value: b }] });
      }
    }
  }
  return out;
}

export function logicalView(sim: Sim, lg: Logical): LogicalView {
  return { subscriptions: subscriptionViews(sim, lg), conflicts: conflictViews(lg), conflictCount: lg.conflictCount,
    divergentKeys: divergentKeys(sim, lg) };
}
