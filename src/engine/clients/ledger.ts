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
import { W_OK, type WriteTable } from "./writeTable";

/** True when the write's WAL record is in `node`'s history up to `upTo`. */
export function holds(sim: Sim, node: NodeRt, id: number, upTo: number): boolean {
  const w = sim.writes;
  if (id < w.base) {
    // Compacted (src/engine/retention): a record in every node's history for good is no longer
    // in the timeline's columns, but stays below every position.
    const p = w.pinned, r = p.at(id, w.base);
    if (p.heldByAll[r] === 1) return p.lsn[r]! <= upTo && sim.wal.owner(node.timeline, p.lsn[r]! - 1).id === p.timeline[r];
  }
  const lsn = w.lsnOf(id);
  if (lsn < 0 || lsn > upTo || w.timelineOf(id) === 0) return false;
  const tl = sim.wal.owner(node.timeline, lsn - 1);
  if (tl.id !== w.timelineOf(id)) return false;
  // The record ending at lsn must be this write: after a crash dropped unflushed WAL, later
  // writes reuse those LSNs.
  const i = tl.lowerBound(lsn) - 1;
  return i >= tl.base && tl.idAt(i) === id;
}

/** Calls `f` with the id of every pinned row whose ledger class may still change (src/engine/retention), in id order. */
export function forEachOpen(w: WriteTable, f: (id: number) => void): void {
  const p = w.pinned;
  for (let r = 0; r < p.size; r++) if (p.open[r] === 1) f(p.ids[r]!);
}

export function buildLedger(sim: Sim): Ledger {
  const w = sim.writes;
  const p = sim.nodes[sim.primary]!;
  // Rows the retention window dropped for good were counted then; the pinned rows whose class
  // may still change, and the rows held, are counted now.
  const kept = sim.retained;
  const ledger: Ledger = { acknowledgedDurable: kept.acknowledgedDurable, acknowledgedAtRisk: 0, acknowledgedLost: 0,
    unacknowledgedPresent: kept.unacknowledgedPresent, neverDurable: kept.neverDurable };
  const count = (id: number): void => {
    const present = holds(sim, p, id, p.flushLsn);
    if (w.statusOf(id) === W_OK) {
      if (present) ledger.acknowledgedDurable++;
      else if (holds(sim, p, id, p.insertLsn)) ledger.acknowledgedAtRisk++;
      else ledger.acknowledgedLost++;
    } else if (present) ledger.unacknowledgedPresent++;
    else ledger.neverDurable++;
  };
  forEachOpen(w, count);
  for (let id = w.base; id < w.count; id++) count(id);
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
  // Returns true when the scan ends at `id`: the replica holds it on its own timeline.
  const visit = (id: number): boolean => {
    if (w.statusOf(id) !== W_OK || w.lostOf(id)) return false;
    if (holds(sim, replica, id, replica.writeLsn)) {
      // Older writes on the same timeline sit below this one: the replica holds those too.
      return w.timelineOf(id) === replica.timeline.id;
    }
    n++;
    return false;
  };
  for (; id >= w.base && seen < WOULD_LOSE_SCAN_LIMIT; id--, seen++) if (visit(id)) return { writes: n, atLeast: false };
  if (id < 0 || seen >= WOULD_LOSE_SCAN_LIMIT) return { writes: n, atLeast: id >= 0 };
  // Below the retention window's base: rows dropped for good are acknowledged writes every node
  // holds (the scan would end at the newest on the replica's timeline) or no matter here; the
  // pinned ones whose class may change are looked at as above.
  const lowest = id - (WOULD_LOSE_SCAN_LIMIT - seen) + 1;
  const held = sim.retained.lastHeldOk.get(replica.timeline.id) ?? -1;
  const p = w.pinned;
  for (let r = p.size - 1; r >= 0 && p.ids[r]! > held && p.ids[r]! >= lowest; r--) {
    if (p.open[r] === 1 && visit(p.ids[r]!)) return { writes: n, atLeast: false };
  }
  if (held >= lowest) return { writes: n, atLeast: false };
  return { writes: n, atLeast: lowest > 0 };
}
