/*
 * write_lag / flush_lag / replay_lag as PostgreSQL's walsender measures them (LagTrackerWrite /
 * LagTrackerRead in walsender.c): when WAL up to an LSN is flushed locally and sent, the time is
 * remembered; when a standby reports a position, the lag is now minus the time the newest
 * sample at or below that position was taken. A bounded ring: memory does not grow. When the
 * ring is full, the sample a reader has not reached yet is kept aside for it (PostgreSQL's
 * "overflowed" sample), so a standby far behind keeps showing a growing lag.
 */
const SIZE = 1024;
/** "no value": pg_stat_replication's NULL lag */
export const NO_LAG = -1;
const MASK = SIZE - 1;

export class LagTracker {
  private readonly lsns = new Float64Array(SIZE);
  private readonly times = new Float64Array(SIZE);
  private head = 0;
  private count = 0;
  // One read position per reported position (write, flush, replay). Typed arrays: every standby
  // reply reads all three.
  private readonly reads = new Int32Array(3);
  private readonly readCounts = new Int32Array(3);
  private readonly overflowLsn = new Float64Array(3).fill(-1);
  private readonly overflowTime = new Float64Array(3);
  /** the last sample each reader passed (lsn -1: none yet) */
  private readonly lastLsn = new Float64Array(3).fill(-1);
  private readonly lastTime = new Float64Array(3);

  record(lsn: number, timeUs: number): void {
    if (this.count > 0 && this.lsns[(this.head + SIZE - 1) & MASK]! >= lsn) return;
    for (let r = 0; r < 3; r++) {
      // The slot about to be overwritten is this reader's next sample: keep the oldest one aside.
      if (this.readCounts[r]! === SIZE && this.overflowLsn[r]! < 0) {
        this.overflowLsn[r] = this.lsns[this.head]!;
        this.overflowTime[r] = this.times[this.head]!;
      }
    }
    this.lsns[this.head] = lsn;
    this.times[this.head] = timeUs;
    this.head = (this.head + 1) & MASK;
    if (this.count < SIZE) this.count++;
    for (let r = 0; r < 3; r++) {
      // A full ring overwrites the oldest sample; the readers skip past it.
      if (this.readCounts[r]! === SIZE) this.reads[r] = (this.reads[r]! + 1) & MASK;
      else this.readCounts[r]!++;
    }
  }

  /**
   * Lag for reader r (0 write, 1 flush, 2 replay) at reported lsn, or NO_LAG when there is none
   * (a number rather than null: every standby reply reads three, and a field that holds numbers
   * only stores them without boxing). As LagTrackerRead in walsender.c:
   *  - a sample at or below lsn was passed: now minus the newest such sample's time;
   *  - none passed and no sample is left: NO_LAG (the caller keeps its last value);
   *  - none passed, a later sample waits and an earlier one was passed since the reader last
   *    caught up: the flush time of lsn interpolated between the two, so that a stuck replay
   *    shows a lag that keeps growing;
   *  - none passed and only that later sample exists (the reader had caught up, then a new burst
   *    of WAL came): now minus that sample's time, "the hypothetical lag if that sample were to be
   *    replayed now". That is what a delayed standby shows before it first replays after an idle
   *    period (REAL-BEHAVIOUR.md: replay_lag from the very first write).
   */
  read(r: number, lsn: number, nowUs: number): number {
    let foundTime = -1;
    if (this.overflowLsn[r]! >= 0) {
      if (this.overflowLsn[r]! > lsn) return nowUs - this.overflowTime[r]!;
      foundTime = this.overflowTime[r]!;
      this.overflowLsn[r] = -1;
    }
    let found = -1;
    while (this.readCounts[r]! > 0) {
      const i = this.reads[r]!;
      if (this.lsns[i]! > lsn) break;
      found = i;
      this.reads[r] = (i + 1) & MASK;
      this.readCounts[r]!--;
    }
    if (found >= 0) {
      foundTime = this.times[found]!;
      this.lastLsn[r] = this.lsns[found]!;
      this.lastTime[r] = foundTime;
    }
    // Every sample read: forget the last one, so that the next burst after an idle period is not
    // interpolated from a stale sample (walsender.c clears last_read's time here).
    if (this.readCounts[r]! === 0) this.lastLsn[r] = -1;
    if (foundTime >= 0) return nowUs - foundTime;
    if (this.readCounts[r]! === 0) return NO_LAG;
    const next = this.reads[r]!;
    const last = this.lastLsn[r]!;
    if (last < 0) return nowUs - this.times[next]!;
    // Reported positions go back only across a timeline change: not found.
    if (lsn < last) return NO_LAG;
    const span = this.lsns[next]! - last;
    const fraction = span > 0 ? (lsn - last) / span : 0;
    return nowUs - (this.lastTime[r]! + fraction * (this.times[next]! - this.lastTime[r]!));
  }
}
