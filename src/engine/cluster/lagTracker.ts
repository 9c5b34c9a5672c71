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
   * Lag for reader r (0 write, 1 flush, 2 replay) at reported lsn, or NO_LAG when no sample was
   * passed (a number rather than null: every standby reply reads three, and a field that holds
   * numbers only stores them without boxing).
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
    } else if (foundTime < 0 && this.readCounts[r]! > 0 && this.lastLsn[r]! >= 0 && lsn >= this.lastLsn[r]!) {
      // No sample crossed, but a later one waits: interpolate the flush time of `lsn` between
      // the last sample passed and the next (as LagTrackerRead does), so that a stuck replay
      // shows a lag that keeps growing.
      const next = this.reads[r]!;
      const span = this.lsns[next]! - this.lastLsn[r]!;
      const fraction = span > 0 ? (lsn - this.lastLsn[r]!) / span : 0;
      foundTime = this.lastTime[r]! + fraction * (this.times[next]! - this.lastTime[r]!);
    }
    return foundTime < 0 ? NO_LAG : nowUs - foundTime;
  }
}
