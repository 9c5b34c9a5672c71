/*
 * How many write rows a run in the page may hold (the engine's writesKept: its write table's rows
 * and the older ones it keeps pinned; 60 to 80 bytes each, see docs/benchmarks.md). The retention
 * window (docs/time-travel.md) compacts away the history every node has durably passed before
 * each checkpoint, so a run at 2,000 writes/s holds a few hundred thousand; the limit is reached
 * only when something holds compaction back for hours (a node left down, logical replication),
 * and then, without it, the tab would run out of memory and die with everything the user set.
 * At the limit the run is paused for good, with a notice saying why; Reset starts again.
 */

/**
 * 0.5 to 0.65 GB of history in the page. Below 2^23 on purpose: the write table's columns double
 * as they fill, and stopping short of 8,388,608 rows means they never double to 2^24 (and briefly
 * hold both copies). A tick of the pacer adds at most ~20,000 writes past the limit.
 */
export const HISTORY_LIMIT_WRITES = 8_000_000;

/** The page address's parameter that lowers the limit (for a small machine, or a test). */
export const HISTORY_LIMIT_PARAM = "historyLimit";

/** The limit the page address asks for: a whole number of writes from 1 to the default. */
export function parseHistoryLimit(text: string | null): { ok: true; limit: number } | { ok: false; message: string } {
  if (text === null) return { ok: true, limit: HISTORY_LIMIT_WRITES };
  const limit = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(limit >= 1 && limit <= HISTORY_LIMIT_WRITES)) {
    return { ok: false, message: `"${text}" is not a whole number of writes from 1 to ${HISTORY_LIMIT_WRITES}; the limit stays ${HISTORY_LIMIT_WRITES}` };
  }
  return { ok: true, limit };
}

/** What the page is told once a run holds its limit of writes. */
export interface HistoryFull {
  writes: number;
  limit: number;
}
