/*
 * Why the primary is blocked and what gets it going again, said where a person looks (beside the
 * commits waiting), not only in the event log: what the waiting commits wait for, how many
 * replicas could answer, the semi-sync timeout still to run, the remedies, and what the last
 * remedy did (the newest relevant log line). Pure, so it is unit-tested.
 *
 * A commit waiting is not a blocked primary: in sync mode every commit waits a round trip for its
 * standby, in semi-sync mode for an ACK. The panel speaks only when the wait cannot end by itself
 * (fewer synchronous standbys, or semi-sync replicas, are connected than the commit needs) or
 * when it has lasted past the engine's stall threshold (the snapshot's open `stall`, 500 ms:
 * src/engine/commit/stalls.ts), the moment the event log says "write stall" too.
 */
import type { LogEntry, Snapshot } from "../../engine/views";
import { tooFewSyncStandbys } from "./alerts";
import { formatDurationUs } from "./format";
import { plural } from "../../text/plural";
import { positionsIn } from "../../text/position";

export interface Blockage {
  headline: string;
  /** what would release the waiting commits, one sentence each */
  remedies: string[];
  /** the newest two stall / semi-sync / cancel / configure / restart lines of the log, oldest first */
  last: LogEntry[];
}

const REMEDY_KINDS: ReadonlySet<LogEntry["kind"]> = new Set(["semi-sync-off", "semi-sync-on", "stall-start", "stall-end", "configure", "restart"]);

export function blockage(s: Snapshot, log: readonly LogEntry[]): Blockage | null {
  const last = lastOf(log);
  if (s.commit.mode === "semiSync") return semiSync(s, last);
  if (s.waitingCommits.length === 0) return null;
  if (s.stall === null && tooFewSyncStandbys(s) === null) return null;
  const oldest = s.waitingCommits.reduce((a, b) => (a.sinceUs <= b.sinceUs ? a : b));
  return {
    headline: `Blocked: ${plural(s.waitingCommits.length, "commit waits", "commits wait")} ` +
      `for ${positionsIn(oldest.waitsFor, "postgres")}, the oldest for ${formatDurationUs(s.nowUs - oldest.sinceUs)}. PostgreSQL never gives up by itself.`,
    remedies: [
      `Restart or reconnect ${oldest.standbys.join(" / ") || "a listed standby"}: the commits return once it confirms.`,
      "Change synchronous_standby_names (Advanced): '' releases every waiting commit.",
      "Cancel waiting commits: each client gets success with a WARNING; the standby may never have the write.",
    ],
    last,
  };
}

function semiSync(s: Snapshot, last: LogEntry[]): Blockage | null {
  const ss = s.commit.semiSync;
  const clients = s.replication.filter((r) => r.state === "streaming").length;
  if (!s.commit.semiSyncActive) {
    return {
      headline: "Semi-sync is OFF (Rpl_semi_sync_master_status = OFF): commits no longer wait for any replica, they are async " +
        "and counted in Rpl_semi_sync_master_no_tx.",
      remedies: ["It switches ON again by itself once a replica reconnects, catches up and sends an ACK."],
      last,
    };
  }
  if (s.waitingCommits.length === 0) return null;
  if (s.stall === null && clients >= ss.waitForCount) return null;
  const oldest = s.waitingCommits.reduce((a, b) => (a.sinceUs <= b.sinceUs ? a : b));
  const waited = s.nowUs - oldest.sinceUs;
  const left = Math.max(0, ss.timeoutMs * 1000 - waited);
  return {
    headline: `Blocked: the primary waits (${ss.waitPoint}) for an ACK from ${plural(ss.waitForCount, "replica")}; ` +
      `${clients} semi-sync replica${clients === 1 ? " is" : "s are"} connected (Rpl_semi_sync_master_clients = ${clients}). ` +
      `The oldest commit has waited ${formatDurationUs(waited)}; in ${formatDurationUs(left)} ` +
      `(rpl_semi_sync_master_timeout = ${ss.timeoutMs} ms) semi-sync switches OFF and it succeeds without an ACK.`,
    remedies: [
      "Restart a replica: it reconnects, receives the transaction into its relay log and ACKs; the commit returns.",
      "Or wait for the timeout: the commit succeeds unreplicated, and later commits are async until a replica catches up.",
    ],
    last,
  };
}

function lastOf(log: readonly LogEntry[]): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = log.length - 1; i >= 0 && out.length < 2; i--) if (REMEDY_KINDS.has(log[i]!.kind)) out.unshift(log[i]!);
  return out;
}
