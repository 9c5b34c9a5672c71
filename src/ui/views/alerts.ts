/*
 * Alert rules over one snapshot, the checks a DBA's monitoring runs on pg_stat_replication
 * and on MySQL's Rpl_semi_sync_master_status. Pure, so each rule is unit-tested; the panel
 * diffs consecutive results to show alerts being raised and cleared.
 */
import type { Snapshot } from "../../engine/views";
import { formatBytes, formatDurationUs } from "./format";

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

export function evaluateAlerts(s: Snapshot, t: AlertThresholds = DEFAULT_THRESHOLDS): Alert[] {
  return [...noPrimary(s), ...noSyncStandby(s), ...semiSyncOff(s), ...problemAlerts(s), ...lagAlerts(s, t), ...slotAlerts(s, t)];
}

function noPrimary(s: Snapshot): Alert[] {
  return s.primary === null ? [{ id: "no-primary", severity: "bad", text: "No primary: writes cannot be accepted" }] : [];
}

/** PostgreSQL: standbys are named but none is sync/quorum, so commits that wait never return. */
function noSyncStandby(s: Snapshot): Alert[] {
  if (s.commit.mode !== "postgres" || s.primary === null) return [];
  const names = s.commit.postgres.synchronous_standby_names.trim();
  if (names === "") return [];
  if (s.replication.some((r) => r.syncState === "sync" || r.syncState === "quorum")) return [];
  const waits = ["on", "remote_write", "remote_apply"].includes(s.commit.postgres.synchronous_commit);
  const effect = waits ? "commits wait" : `commits do not wait (synchronous_commit = ${s.commit.postgres.synchronous_commit})`;
  return [{ id: "no-sync-standby", severity: waits ? "bad" : "warn",
    text: `No synchronous standby connected for '${names}': ${effect}` }];
}

/** MySQL/MariaDB: after rpl_semi_sync_master_timeout the primary fell back to async. */
function semiSyncOff(s: Snapshot): Alert[] {
  if (s.commit.mode !== "semiSync" || s.commit.semiSyncActive) return [];
  return [{ id: "semi-sync-off", severity: "bad",
    text: "Semi-sync switched OFF after a timeout: commits are async until a replica catches up" }];
}

function lagAlerts(s: Snapshot, t: AlertThresholds): Alert[] {
  const out: Alert[] = [];
  for (const r of s.replication) {
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
