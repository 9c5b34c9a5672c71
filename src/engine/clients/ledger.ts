/*
 * The durability ledger: every write classed by what its client saw against what survived in
 * the current primary's history (its timeline lineage up to its flushed position). An
 * acknowledged write still in that history but past its flushed position (synchronous_commit =
 * off, the WAL writer had not flushed it yet) is "at risk at the end": no fault dropped it, so it
 * is not lost, but a crash now would take it.
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Ledger } from "../views";
import { W_OK } from "./writeTable";

/** True when the write's WAL record is in `node`'s history up to `upTo`. */
export function holds(sim: Sim, node: NodeRt, id: number, upTo: number): boolean {
  const w = sim.writes;
  const lsn = w.lsn[id]!;
  if (lsn < 0 || lsn > upTo || w.timeline[id] === 0) return false;
  const tl = sim.wal.owner(node.timeline, lsn - 1);
  if (tl.id !== w.timeline[id]) return false;
  // The record ending at lsn must be this write: after a crash dropped unflushed WAL, later
  // writes reuse those LSNs.
  const i = tl.lowerBound(lsn) - 1;
  return i >= 0 && tl.writeIds[i] === id;
}

export function buildLedger(sim: Sim): Ledger {
  const w = sim.writes;
  const p = sim.nodes[sim.primary]!;
  const ledger: Ledger = { acknowledgedDurable: 0, acknowledgedAtRisk: 0, acknowledgedLost: 0, unacknowledgedPresent: 0,
    neverDurable: 0 };
  for (let id = 0; id < w.count; id++) {
    const present = holds(sim, p, id, p.flushLsn);
    if (w.status[id] === W_OK) {
      if (present) ledger.acknowledgedDurable++;
      else if (holds(sim, p, id, p.insertLsn)) ledger.acknowledgedAtRisk++;
      else ledger.acknowledgedLost++;
    } else if (present) ledger.unacknowledgedPresent++;
    else ledger.neverDurable++;
  }
  return ledger;
}

export const WOULD_LOSE_SCAN_LIMIT = 100_000;

export interface WouldLose {
  writes: number;
  /** the scan stopped at WOULD_LOSE_SCAN_LIMIT writes: `writes` is a lower bound */
  atLeast: boolean;
}

/**
 * What promoting `replica` now would lose: acknowledged, not yet lost writes it does not hold
 * (promotion replays everything received, so its write position counts). Scans back from the
 * newest write; past WOULD_LOSE_SCAN_LIMIT writes (a snapshot must stay cheap) the count is a
 * lower bound, and says so.
 */
export function wouldLose(sim: Sim, replica: NodeRt): WouldLose {
  const w = sim.writes;
  let n = 0, seen = 0, id = w.count - 1;
  for (; id >= 0 && seen < WOULD_LOSE_SCAN_LIMIT; id--, seen++) {
    if (w.status[id] !== W_OK || w.lost[id]) continue;
    if (holds(sim, replica, id, replica.writeLsn)) {
      // Older writes on the same timeline sit below this one: the replica holds those too.
      if (w.timeline[id] === replica.timeline.id) return { writes: n, atLeast: false };
      continue;
    }
    n++;
  }
  return { writes: n, atLeast: id >= 0 };
}
