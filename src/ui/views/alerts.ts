/*
 * Alert rules over one snapshot, the checks a DBA's monitoring runs on pg_stat_replication
 * and on MySQL's Rpl_semi_sync_master_status and each replica's SHOW REPLICA STATUS. Pure, so each rule is unit-tested; the panel
 * diffs consecutive results to show alerts being raised and cleared.
 */
import type { Snapshot } from "../../engine/views";
import { formatBytes, formatDurationUs } from "./format";
import type { DatabaseSystem } from "./settings";

export type AlertSeverity = "warn" | "bad";

export interface Alert {
  /** stable across snapshots, so the panel can tell "still raised" from "new" */
  id: string;
  severity: AlertSeverity;
  text: string;
  /** the node it is about, if one */
  node?: string;
}

export interface AlertThresholds {
  replayLagUs: number;
  /** WAL one replication slot may hold back before it is worth a warning */
  retainedBytes: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { replayLagUs: 1_000_000, retainedBytes: 16_000_000 };

/**
 * `system`: whose monitoring runs. MySQL/MariaDB's looks at each replica's own SHOW REPLICA STATUS
 * (Seconds_Behind_Source): its source knows no lags, and it has no replication slots.
 */
export function evaluateAlerts(s: Snapshot, t: AlertThresholds = DEFAULT_THRESHOLDS, system: DatabaseSystem = systemOfRun(s)): Alert[] {
  if (system === "mysql") return [...noPrimary(s), ...semiSyncOff(s), ...problemAlerts(s), ...replicaLagAlerts(s, t)];
  return [...noPrimary(s), ...noSyncStandby(s), ...semiSyncOff(s), ...problemAlerts(s), ...lagAlerts(s, t), ...slotAlerts(s, t)];
}

const systemOfRun = (s: Snapshot): DatabaseSystem => (s.commit.mode === "semiSync" ? "mysql" : "postgres");

/** A MySQL replica whose own Seconds_Behind_Source (whole seconds, as it shows them) passed the threshold. */
function replicaLagAlerts(s: Snapshot, t: AlertThresholds): Alert[] {
  const out: Alert[] = [];
  for (const n of s.nodes) {
    const behind = n.secondsBehindSourceUs;
    if (n.name === s.primary || behind === null || Math.floor(behind / 1e6) * 1e6 <= t.replayLagUs) continue;
    out.push({ id: `lag:${n.name}`, severity: "warn", node: n.name,
      text: `${n.name} Seconds_Behind_Source ${Math.floor(behind / 1e6)} > ${formatDurationUs(t.replayLagUs)}` });
  }
  return out;
}

function noPrimary(s: Snapshot): Alert[] {
  return s.primary === null ? [{ id: "no-primary", severity: "bad", text: "No primary: writes cannot be accepted" }] : [];
}

/**
 * How many synchronous standbys synchronous_standby_names asks for: the n of `FIRST n (…)` /
 * `ANY n (…)`, and 1 for a bare list `a, b` (PostgreSQL reads it as FIRST 1). The engine has
 * already checked the syntax (it refuses what PostgreSQL refuses), so this only reads the number.
 */
export function requiredSyncStandbys(names: string): number {
  const m = /^\s*(?:first|any)?\s*(\d+)\s*\(/i.exec(names);
  return m ? Number(m[1]) : 1;
}

/**
 * PostgreSQL: fewer standbys are sync (FIRST) or quorum (ANY) than the list needs, so a commit
 * that waits never returns (syncrep.c: SyncRepGetSyncRecPtr finds too few candidates). With
 * FIRST 2 (s1, s2) and s1 down, s2 still shows sync: one of two is not enough.
 */
export function tooFewSyncStandbys(s: Snapshot): { names: string; need: number; chosen: string[] } | null {
  if (s.commit.mode !== "postgres" || s.primary === null) return null;
  const names = s.commit.postgres.synchronous_standby_names.trim();
  if (names === "") return null;
  const need = requiredSyncStandbys(names);
  const chosen = s.replication.filter((r) => r.syncState === "sync" || r.syncState === "quorum").map((r) => r.name);
  return chosen.length >= need ? null : { names, need, chosen };
}

function noSyncStandby(s: Snapshot): Alert[] {
  const few = tooFewSyncStandbys(s);
  if (!few) return [];
  const { names, need, chosen } = few;
  const waits = ["on", "remote_write", "remote_apply"].includes(s.commit.postgres.synchronous_commit);
  const effect = waits ? "commits wait until enough of them connect" : `commits do not wait (synchronous_commit = ${s.commit.postgres.synchronous_commit})`;
  const have = chosen.length === 0 ? "none is connected and streaming" : `only ${chosen.length} is (${chosen.join(", ")})`;
  return [{ id: "no-sync-standby", severity: waits ? "bad" : "warn",
    text: `Too few synchronous standbys: '${names}' needs ${need}, ${have}: ${effect}` }];
}

/** MySQL/MariaDB: after rpl_semi_sync_master_timeout the primary fell back to async. */
function semiSyncOff(s: Snapshot): Alert[] {
  if (s.commit.mode !== "semiSync" || s.commit.semiSyncActive) return [];
  return [{ id: "semi-sync-off", severity: "bad",
    text: "Semi-sync switched OFF after a timeout: commits are async until a replica catches up" }];
}

function lagAlerts(s: Snapshot, t: AlertThresholds): Alert[] {
  const out: Alert[] = [];
  const head = s.nodes.find((n) => n.name === s.primary)?.lsn.flush ?? Infinity;
  for (const r of s.replication) {
    // replay_lag keeps its last value until two replies report everything replayed (about
    // wal_receiver_status_interval): a standby that has replayed all the primary flushed is not lagging.
    if (r.replayLsn >= head) continue;
    if (r.replayLagUs !== null && r.replayLagUs > t.replayLagUs) {
      out.push({ id: `lag:${r.name}`, severity: "warn", node: r.name,
        text: `${r.name} replay lag ${formatDurationUs(r.replayLagUs)} > ${formatDurationUs(t.replayLagUs)}` });
    }
  }
  return out;
}

/** pg_replication_slots: a slot holding back too much WAL, or one past its limit. */
function slotAlerts(s: Snapshot, t: AlertThresholds): Alert[] {
  const out: Alert[] = [];
  for (const slot of s.slots) {
    if (slot.walStatus === "lost") {
      out.push({ id: `slot:${slot.name}`, severity: "bad", node: slot.name,
        text: `Slot ${slot.name} is lost: its WAL was removed, the standby cannot catch up` });
    } else if (slot.walStatus === "unreserved") {
      out.push({ id: `slot:${slot.name}`, severity: "bad", node: slot.name,
        text: `Slot ${slot.name} is past max_slot_wal_keep_size: its WAL goes at the next checkpoint` });
    } else if (slot.retainedBytes > t.retainedBytes) {
      out.push({ id: `slot:${slot.name}`, severity: "warn", node: slot.name,
        text: `Slot ${slot.name} retains ${formatBytes(slot.retainedBytes)} of WAL (> ${formatBytes(t.retainedBytes)})` });
    }
  }
  return out;
}

/** A running node that cannot do its job, e.g. "requested WAL segment has already been removed". */
function problemAlerts(s: Snapshot): Alert[] {
  return s.nodes.filter((n) => n.problem !== null && n.state !== "down")
    .map((n) => ({ id: `problem:${n.name}`, severity: "bad" as const, node: n.name, text: `${n.name}: ${n.problem}` }));
}

export interface AlertChange {
  alert: Alert;
  change: "raised" | "cleared";
  atMs: number;
}

/** What changed between two evaluations: the panel lists cleared alerts for a few seconds. */
export function diffAlerts(before: readonly Alert[], after: readonly Alert[], atMs: number): AlertChange[] {
  const was = new Map(before.map((a) => [a.id, a]));
  const now = new Map(after.map((a) => [a.id, a]));
  const changes: AlertChange[] = [];
  for (const a of after) if (!was.has(a.id)) changes.push({ alert: a, change: "raised", atMs });
  for (const a of before) if (!now.has(a.id)) changes.push({ alert: a, change: "cleared", atMs });
  return changes;
}
