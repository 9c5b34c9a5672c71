/*
 * What each node shows: for every key id, the id of the write whose value the node shows (-1:
 * none). All nodes share one table with a row per key and a column per node, so the versions of
 * one key on every node sit together: a write's commit on the primary and its replay on each
 * replica, a few milliseconds apart, touch the same cache line or two instead of one cold line
 * per node (keys are picked at random, so each row is cold when a write first reaches it).
 */
export class KvTable {
  ids = new Int32Array(64).fill(-1);
  /** rows allocated, columns per row */
  rows = 64;
  stride = 1;

  /** Makes room for key's row and column col. */
  ensure(key: number, col: number): void {
    if (key < this.rows && col < this.stride) return;
    const rows = key < this.rows ? this.rows : Math.max(key + 1, this.rows * 2);
    const stride = Math.max(this.stride, col + 1);
    const ids = new Int32Array(rows * stride).fill(-1);
    if (stride === this.stride) ids.set(this.ids);
    else {
      const old = this.ids, oldStride = this.stride;
      for (let k = 0; k < this.rows; k++) for (let c = 0; c < oldStride; c++) ids[k * stride + c] = old[k * oldStride + c]!;
    }
    this.ids = ids;
    this.rows = rows;
    this.stride = stride;
  }
}

/**
 * One node's column of the table. It also remembers the newest version it was given (commit
 * LSN and timeline): a commit past it on the same timeline is newer than anything shown, which
 * spares the commit path a look at the version it replaces (a random, usually cold, read of the
 * write table). That holds while versions come timeline after timeline (replay and commits
 * follow a node's lineage, and a fork's id is above its parent's); a version from an earlier
 * timeline turns the shortcut off until the column is cleared.
 */
export class KvStore {
  private topLsn = -1;
  private topTimeline = 0;
  private ordered = true;

  constructor(private readonly table: KvTable, private readonly col: number) {
    table.ensure(0, col);
  }

  get(key: number): number {
    const t = this.table;
    return key < t.rows ? t.ids[key * t.stride + this.col]! : -1;
  }

  /** Shows write `writeId` (committed at lsn on timeline) for key. */
  set(key: number, writeId: number, lsn: number, timeline: number): void {
    const t = this.table;
    if (key >= t.rows) t.ensure(key, this.col);
    t.ids[key * t.stride + this.col] = writeId;
    if (timeline === this.topTimeline) {
      if (lsn > this.topLsn) this.topLsn = lsn;
    } else if (timeline > this.topTimeline) {
      this.topTimeline = timeline;
      this.topLsn = lsn;
    } else this.ordered = false;
  }

  /** True when a version at (lsn, timeline) is certainly newer than every version shown. */
  isNewest(lsn: number, timeline: number): boolean {
    return this.ordered && timeline === this.topTimeline && lsn > this.topLsn;
  }

  /**
   * Shows what `ids` holds (write id per key id, -1: none), as a rebuild from the start of the WAL
   * would up to the retention window's base: the versions are in WAL order, the newest at
   * (topLsn, topTimeline). After clear().
   */
  loadBase(ids: Int32Array, topLsn: number, topTimeline: number): void {
    const t = this.table;
    if (ids.length > 0) t.ensure(ids.length - 1, this.col);
    for (let k = 0; k < ids.length; k++) t.ids[k * t.stride + this.col] = ids[k]!;
    this.topLsn = topLsn;
    this.topTimeline = topTimeline;
  }

  /** Shows nothing (before the column is rebuilt from a WAL). */
  clear(): void {
    const t = this.table;
    for (let k = 0; k < t.rows; k++) t.ids[k * t.stride + this.col] = -1;
    this.topLsn = -1;
    this.topTimeline = 0;
    this.ordered = true;
  }
}
