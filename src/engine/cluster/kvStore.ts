/*
 * A node's visible data: for each key id, the id of the write whose value it shows (-1: none).
 * Key ids are dense, so a growable Int32Array beats a Map several times over on the hot path
 * (every replayed record sets one).
 *
 * It also remembers the newest version it was given (commit LSN and timeline): a commit past it
 * on the same timeline is newer than anything shown, which spares the commit path a look at the
 * version it replaces (a random, usually cold, read of the write table). That holds while
 * versions come timeline after timeline (replay and commits follow a node's lineage, and a
 * fork's id is above its parent's); a version from an earlier timeline turns the shortcut off.
 */
export class KvStore {
  private ids = new Int32Array(64).fill(-1);
  private topLsn = -1;
  private topTimeline = 0;
  private ordered = true;

  get(key: number): number {
    return key < this.ids.length ? this.ids[key]! : -1;
  }

  /** Shows write `writeId` (committed at lsn on timeline) for key. */
  set(key: number, writeId: number, lsn: number, timeline: number): void {
    if (key >= this.ids.length) {
      const next = new Int32Array(Math.max(key + 1, this.ids.length * 2)).fill(-1);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[key] = writeId;
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
}
