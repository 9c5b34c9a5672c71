/*
 * How much each kind of log entry matters to a person watching: findings (the anomalies the
 * checker exists for) stand out, faults and changes are notable, routine traffic is quiet.
 */
import type { LogEntry, LogKind } from "../../engine/views";

export type Weight = "finding" | "fault" | "change" | "routine";

const WEIGHTS: Record<LogKind, Weight> = {
  "stale-read": "finding", "ryw-violation": "finding", "monotonic-violation": "finding", "lost-writes": "finding", "stall-start": "finding", "write-failed": "finding",
  "semi-sync-off": "finding", error: "finding",
  crash: "fault", partition: "fault", disconnect: "fault",
  restart: "change", promote: "change", heal: "change", configure: "change", set: "change",
  "stall-end": "change", "semi-sync-on": "change", connect: "change", "writes-restored": "change",
  "write-ok": "routine", read: "routine",
};

export function weightOf(kind: LogKind): Weight {
  return WEIGHTS[kind];
}

/** Short words for the badge beside each entry (a person scanning reads these, not colours). */
export const KIND_LABEL: Record<LogKind, string> = {
  "write-ok": "write", "write-failed": "write failed", read: "read", "stale-read": "STALE READ",
  "ryw-violation": "READ-YOUR-WRITES", "monotonic-violation": "WENT BACK IN TIME",
  crash: "crash", restart: "restart", promote: "promote", partition: "partition", heal: "heal",
  configure: "configure", set: "set", "stall-start": "STALL", "stall-end": "stall over",
  "semi-sync-off": "SEMI-SYNC OFF", "semi-sync-on": "semi-sync on", disconnect: "disconnect",
  connect: "connect", "lost-writes": "LOST WRITES", "writes-restored": "writes back", error: "error",
};

/**
 * The badge of one entry. The engine logs a hang and a power loss under the kind "crash" (they
 * are faults of one family) and says which in the text (src/engine/cluster/failures.ts): the
 * badge says it too, so a hang is not read as a crash.
 */
export function badgeOf(e: LogEntry): string {
  if (e.kind === "crash" && / hung \(/.test(e.text)) return "hang";
  if (e.kind === "crash" && / lost power \(/.test(e.text)) return "power loss";
  if (e.kind === "crash" && / fenced /.test(e.text)) return "fenced";
  if (e.kind === "restart" && /resumed after hanging/.test(e.text)) return "resume";
  return isReadYourWritesViolation(e) ? "READ-YOUR-WRITES" : KIND_LABEL[e.kind];
}

/** Kinds that make the node named in the entry flash in the cluster view. */
const FLASHING: ReadonlySet<LogKind> = new Set<LogKind>(["stale-read", "ryw-violation", "monotonic-violation", "lost-writes",
  "write-failed", "stall-start"]);

export interface Flash {
  node: string;
  kind: LogKind;
  label: string;
}

/** The flashes the entries after `afterSeq` call for, one per node (the latest wins). */
export function flashesSince(entries: readonly LogEntry[], afterSeq: number): Flash[] {
  const byNode = new Map<string, Flash>();
  for (const e of entries) {
    if (e.seq <= afterSeq || !e.node || !FLASHING.has(e.kind)) continue;
    byNode.set(e.node, { node: e.node, kind: e.kind, label: KIND_LABEL[e.kind].toLowerCase() });
  }
  return [...byNode.values()];
}

/** A read-your-writes violation is a stale read of the session's own write; the engine says so in the text. */
export function isReadYourWritesViolation(e: LogEntry): boolean {
  return e.kind === "stale-read" && /read[- ]your[- ]writes|own write/i.test(e.text);
}

export type LogFilter = "all" | "notable" | "findings";

export function passes(e: LogEntry, filter: LogFilter): boolean {
  const w = weightOf(e.kind);
  if (filter === "all") return true;
  if (filter === "findings") return w === "finding";
  return w !== "routine";
}
