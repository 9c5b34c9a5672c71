/*
 * What a run keeps of the history the retention window compacted away (compact.ts): enough for
 * every figure the engine reports to come out as if nothing had been dropped.
 *
 * - The ledger's counts of the rows dropped for good: their class can no longer change (each is
 *   settled, not lost, and either in every node's history for good or never written to the WAL).
 * - Per timeline, the newest such acknowledged write: `wouldLose` scans back from the newest
 *   write until it meets one the replica holds on its own timeline, and may reach below the base.
 * - The state every node's data had at the base LSN (each key's newest write there): a crash
 *   recovery or base backup rebuilds a node's data from there instead of from LSN 0, as
 *   PostgreSQL's recovery starts from a checkpoint's redo point, not from the start of time.
 */
import { grown } from "../core/grown";

export class Retained {
  /** the LSN below which WAL was compacted away (0: nothing was) */
  lsn = 0;
  /** compactions that dropped something */
  compactions = 0;
  /** pinned rows left after the last pass that let go of unneeded ones (compact.ts) */
  pinnedChecked = 0;
  acknowledgedDurable = 0;
  unacknowledgedPresent = 0;
  neverDurable = 0;
  /** timeline id → the largest compacted write id acknowledged on it, not lost, in every history */
  readonly lastHeldOk = new Map<number, number>();
  /** key id → the write whose value every node showed at `lsn` (-1: none) */
  kv = new Int32Array(0);
  /** the last record below `lsn`: where it ends and its timeline (-1, 0: none) */
  kvTopLsn = -1;
  kvTopTimeline = 0;

  setKv(key: number, writeId: number): void {
    if (key >= this.kv.length) {
      let n = Math.max(64, this.kv.length);
      while (n <= key) n *= 2;
      this.kv = grown(this.kv, n, -1);
    }
    this.kv[key] = writeId;
  }
}
