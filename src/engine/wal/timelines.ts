/*
 * The WAL of every node, stored once. Each timeline holds the records written on it; a timeline
 * made by a promotion starts at its switch LSN and inherits everything below it from its parent
 * (PostgreSQL's timeline history). A node's log is its timeline's lineage up to its own
 * positions, so replicas share records instead of copying them, and an old primary's records
 * past the switch point stay on the old timeline: the diverged tail.
 * Records live in parallel typed arrays (start LSN, write id): 12 bytes a record. A record is its
 * write's: its key and value, and its end, the write's commit LSN (writes.lsn), are read from the
 * write table rather than kept twice.
 */
export class Timeline {
  starts: Float64Array<ArrayBuffer>;
  writeIds: Int32Array<ArrayBuffer>;
  count = 0;

  constructor(
    readonly id: number,
    readonly parent: Timeline | null,
    /** first LSN of this timeline's own records; below it the parent's apply */
    readonly switchLsn: number,
    capacity = 256,
  ) {
    this.starts = new Float64Array(capacity);
    this.writeIds = new Int32Array(capacity);
  }

  append(start: number, writeId: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.writeIds[this.count] = writeId;
    this.count++;
  }

  /** Drops records that start at or after lsn (WAL never flushed before a crash). */
  truncate(lsn: number): void {
    while (this.count > 0 && this.starts[this.count - 1]! >= lsn) this.count--;
  }

  /** index of the first record starting at or after lsn (count if none) */
  lowerBound(lsn: number): number {
    let lo = 0, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < lsn) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Float64Array(n); s.set(this.starts); this.starts = s;
    const w = new Int32Array(n); w.set(this.writeIds); this.writeIds = w;
  }
}

/** Where a node's reader stands: a timeline and an index into its records. */
export interface WalCursor {
  tl: Timeline;
  index: number;
}

export class WalStore {
  readonly timelines: Timeline[] = [];

  /** `capacity`: records to make room for on the first timeline */
  constructor(capacity?: number) {
    this.timelines.push(new Timeline(1, null, 0, capacity));
  }

  get(id: number): Timeline {
    return this.timelines[id - 1]!;
  }

  fork(parent: Timeline, switchLsn: number): Timeline {
    const tl = new Timeline(this.timelines.length + 1, parent, switchLsn);
    this.timelines.push(tl);
    return tl;
  }

  /** The timeline of `tl`'s lineage that holds the record starting at lsn. */
  owner(tl: Timeline, lsn: number): Timeline {
    let t = tl;
    while (t.parent && lsn < t.switchLsn) t = t.parent;
    return t;
  }

  /** A cursor at the first record starting at or after lsn on tl's lineage. */
  cursorAt(tl: Timeline, lsn: number): WalCursor {
    const owner = this.owner(tl, lsn);
    return { tl: owner, index: owner.lowerBound(lsn) };
  }

  /**
   * The record under the cursor as seen from `head` (the node's own timeline), or false when the
   * lineage has no record there yet. Moves the cursor onto the child timeline at a switch point.
   */
  settle(cursor: WalCursor, head: Timeline): boolean {
    // Nearly always: the cursor is on the node's own timeline (called for every replayed record,
    // so the rest is a function of its own and this one small enough for V8 to inline).
    return cursor.tl === head ? cursor.index < head.count : this.settleAcross(cursor, head);
  }

  private settleAcross(cursor: WalCursor, head: Timeline): boolean {
    for (;;) {
      const child = childOnPath(head, cursor.tl);
      if (child && (cursor.index >= cursor.tl.count || cursor.tl.starts[cursor.index]! >= child.switchLsn)) {
        cursor.tl = child;
        cursor.index = child.lowerBound(child.switchLsn);
        continue;
      }
      return cursor.index < cursor.tl.count;
    }
  }

  /** True when `tl` descends from (or is) `ancestor`. */
  descends(tl: Timeline, ancestor: Timeline): boolean {
    for (let t: Timeline | null = tl; t; t = t.parent) if (t === ancestor) return true;
    return false;
  }

  /**
   * Where `head`'s lineage leaves its ancestor `ancestor`: the switch LSN of the child of
   * `ancestor` on the path to head (Infinity when head is ancestor, NaN when not an ancestor).
   */
  leavePoint(head: Timeline, ancestor: Timeline): number {
    if (head === ancestor) return Infinity;
    for (let t: Timeline = head; t.parent; t = t.parent) if (t.parent === ancestor) return t.switchLsn;
    return NaN;
  }

  /** The LSN where the lineages of a and b part (the switch point of their common descent). */
  forkPoint(a: Timeline, b: Timeline): number {
    if (this.descends(a, b) || this.descends(b, a)) return Infinity;
    let x: Timeline = a;
    const seen = new Map<Timeline, number>();
    for (let t: Timeline | null = b, edge = Infinity; t; edge = t.switchLsn, t = t.parent) seen.set(t, edge);
    let edge = Infinity;
    while (!seen.has(x)) { edge = x.switchLsn; x = x.parent!; }
    return Math.min(edge, seen.get(x)!);
  }
}

/** The timeline just below `from` on the path from head up to it, or null when from === head. */
function childOnPath(head: Timeline, from: Timeline): Timeline | null {
  let t: Timeline | null = head;
  while (t && t.parent !== from) {
    if (t === from) return null;
    t = t.parent;
  }
  return t;
}
