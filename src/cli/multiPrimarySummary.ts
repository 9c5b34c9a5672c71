/* A multi-primary run in a terminal: the primaries, their channels, conflicts, and what the checker found. */
import type { MpConflictView, MultiPrimaryReport } from "../engine/multiprimary";
import { formatTable, type Cell } from "./table";

const MODE_WORDS = {
  circular: "circular (asynchronous, MySQL/MariaDB row-based replication both ways)",
  lww: "last writer wins (asynchronous; each row keeps the latest commit timestamp)",
  certification: "certification (Group Replication / Galera: ordered and certified by a majority)",
} as const;

/** `conflicts`: the report's top-level conflicts (a multi-primary run's, each with its two writes) */
export function multiPrimaryLines(mp: MultiPrimaryReport, conflictList: readonly MpConflictView[], section: (title: string, lines: readonly string[]) => string,
  ms: (value: number) => string): string[] {
  const nodes = formatTable(["node", "state", "clock skew ms", "leg delay ms", "writes made", "rows", ...(mp.mode === "certification" ? ["in quorum"] : [])],
    mp.nodes.map((n): Cell[] => [n.name, n.state, n.clockSkewMs, n.networkDelayMs, n.writesMade, n.rows,
      ...(n.inQuorum === null ? [] : [n.inQuorum ? "yes" : "no"])]));
  const channels = mp.channels.length === 0 ? [] : [formatTable(["node", "from", "SQL thread", "I/O", "errno", "errors", "behind"],
    mp.channels.map((c): Cell[] => [c.node, c.source, c.state, c.connected ? "connected" : "disconnected", c.lastErrno, c.errorCount, c.behind]))];
  const errors = mp.channels.filter((c) => c.state === "stopped").map((c) => `${c.node} from ${c.source}: Error ${c.lastErrno}: ${c.lastError ?? ""}`);
  const value = (v: string | null) => v ?? "(none)";
  const conflicts = conflictList.map((c) => `at ${ms(c.atMs)} ms ${c.kind} on ${c.node}, ${c.table} key ${c.key}: ` +
    `${c.write.node}'s ${value(c.write.value)} (${ms(c.write.atMs)} ms)` +
    (c.other === null ? "" : ` met ${c.other.node}'s ${value(c.other.value)} (${ms(c.other.atMs)} ms)`) + `: ${c.resolution}`);
  const diverged = mp.divergentKeys.map((d) => `${d.table} key ${d.key}: ` + d.values.map((v) => `${v.node} ${value(v.value)}`).join(", "));
  const lost = mp.lostUpdates.map((l) => `${l.table} key ${l.key}: ${l.node}'s ${value(l.value)} (${ms(l.atMs)} ms) lost on ` +
    `${l.lostOn.join(", ")} to ${l.keptNode}'s earlier ${value(l.keptValue)} (${ms(l.keptAtMs)} ms)`);
  const more = mp.conflictCount > conflictList.length ? [`… ${mp.conflictCount - conflictList.length} more`] : [];
  return [
    section("Primaries", [MODE_WORDS[mp.mode]]),
    nodes,
    ...channels,
    ...(errors.length > 0 ? [section("Stopped", errors)] : []),
    section("Conflicts", conflicts.length > 0 ? [...conflicts, ...more] : ["none"]),
    section("Diverged", diverged.length > 0 ? [...diverged, ...(mp.settled ? [] : ["(changes still in flight: some of this may be lag)"])]
      : [mp.settled ? "none: every primary holds the same rows" : "none so far (changes still in flight)"]),
    section("Lost updates", lost.length > 0 ? lost : ["none"]),
  ];
}
