/*
 * A node's log as a tape of records: the current primary's newest records, each at its offsets
 * (start and end LSN), marked with how far this node has got with it. On a replica: applied
 * (replayed, visible to reads), flushed (on its disk), received (written, in memory), or not yet
 * there. On the primary: flushed, or written but not yet fsynced. A node on an older timeline does
 * not have records of a newer one (they are another history). Pure: tests and the card share it.
 */
import type { NodeView, WalRecordView } from "../../../engine/views";
import { binlogPos, formatPosition, type LogWords } from "../../../text/position";

export type CellState = "applied" | "flushed" | "received" | "missing" | "other-history";

export interface TapeCell {
  startLsn: number;
  /** where the record starts: "0/1A0" (an LSN), or "214" (its position in the binary log file: MySQL/MariaDB) */
  lsnText: string;
  /** "x=3" */
  what: string;
  state: CellState;
  /** one sentence for the tooltip */
  title: string;
}

const STATE_WORDS: Record<LogWords, Record<CellState, string>> = {
  postgres: {
    applied: "applied (replayed: a read there sees it)",
    flushed: "flushed to disk, not yet applied",
    received: "received (written, in memory), not yet flushed",
    missing: "not there yet",
    "other-history": "not in its history (it is on an older timeline)",
  },
  mysql: {
    applied: "applied by its SQL thread (a read there sees it)",
    flushed: "in its relay log on disk, not yet applied",
    received: "received by its I/O thread, not yet synced to disk",
    missing: "not there yet",
    "other-history": "not in its history (it diverged at a failover)",
  },
};

const PRIMARY_WORDS: Record<LogWords, { flushed: string; received: string }> = {
  postgres: { flushed: "flushed to its disk", received: "written to its WAL, not yet flushed to disk" },
  mysql: { flushed: "synced to its binary log on disk", received: "written to its binary log, not yet synced" },
};

/**
 * The cells of one node's tape. In MySQL/MariaDB's words a cell is labelled with its position in
 * the source's binary log file (the number SHOW REPLICA STATUS shows; the file is in the title),
 * mapped from the model's one log as src/text/position.ts says.
 */
export function tapeCells(node: NodeView, isPrimary: boolean, records: readonly WalRecordView[], count: number,
  words: LogWords = "postgres"): TapeCell[] {
  const shown = count <= 0 ? [] : records.slice(-count);
  const at = (offset: number) => formatPosition(offset, words);
  return shown.map((r) => {
    const state = cellState(node, isPrimary, r);
    const said = isPrimary && (state === "flushed" || state === "received") ? PRIMARY_WORDS[words][state] : STATE_WORDS[words][state];
    const span = words === "mysql" ? `binary log events ${at(r.startLsn)}–${binlogPos(r.endLsn)}` : `WAL ${at(r.startLsn)}–${at(r.endLsn)}`;
    return {
      startLsn: r.startLsn, lsnText: words === "mysql" ? String(binlogPos(r.startLsn)) : at(r.startLsn), what: `${r.key}=${r.value}`, state,
      title: `${at(r.startLsn)}: ${r.session} wrote ${r.key}=${r.value} (${span}); on ${node.name}: ${said}`,
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
