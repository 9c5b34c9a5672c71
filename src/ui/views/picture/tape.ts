/*
 * A node's log as a tape of records: the current primary's newest records, each at its offsets
 * (start and end LSN), marked with how far this node has got with it. On a replica: applied
 * (replayed, visible to reads), flushed (on its disk), received (written, in memory), or not yet
 * there. On the primary: flushed, or written but not yet fsynced. A node on an older timeline does
 * not have records of a newer one (they are another history). Pure: tests and the card share it.
 */
import type { NodeView, WalRecordView } from "../../../engine/views";
import { formatLsn } from "../format";

export type CellState = "applied" | "flushed" | "received" | "missing" | "other-history";

export interface TapeCell {
  startLsn: number;
  /** "0/1A0": where the record starts */
  lsnText: string;
  /** "x=3" */
  what: string;
  state: CellState;
  /** one sentence for the tooltip */
  title: string;
}

const STATE_WORDS: Record<CellState, string> = {
  applied: "applied (replayed: a read there sees it)",
  flushed: "flushed to disk, not yet applied",
  received: "received (written, in memory), not yet flushed",
  missing: "not there yet",
  "other-history": "not in its history (it is on an older timeline)",
};

export function tapeCells(node: NodeView, isPrimary: boolean, records: readonly WalRecordView[], count: number): TapeCell[] {
  const shown = count <= 0 ? [] : records.slice(-count);
  return shown.map((r) => {
    const state = cellState(node, isPrimary, r);
    const words = isPrimary && state === "flushed" ? "flushed to its disk"
      : isPrimary && state === "received" ? "written to its WAL, not yet flushed to disk" : STATE_WORDS[state];
    return {
      startLsn: r.startLsn, lsnText: formatLsn(r.startLsn), what: `${r.key}=${r.value}`, state,
      title: `${formatLsn(r.startLsn)}: ${r.session} wrote ${r.key}=${r.value} (WAL ${formatLsn(r.startLsn)}–${formatLsn(r.endLsn)}); on ${node.name}: ${words}`,
    };
  });
}

function cellState(node: NodeView, isPrimary: boolean, r: WalRecordView): CellState {
  if (r.timeline > node.timeline) return "other-history";
  if (isPrimary) return r.endLsn <= node.lsn.flush ? "flushed" : "received";
  if (r.endLsn <= node.lsn.replay) return "applied";
  if (r.endLsn <= node.lsn.flush) return "flushed";
  if (r.endLsn <= node.lsn.write) return "received";
  return "missing";
}
