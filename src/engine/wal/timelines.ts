/*
 * The WAL of every node, stored once. Each timeline holds the records written on it; a timeline
 * made by a promotion starts at its switch LSN and inherits everything below it from its parent
 * (PostgreSQL's timeline history). A node's log is its timeline's lineage up to its own
 * positions, so replicas share records instead of copying them, and an old primary's records
 * past the switch point stay on the old timeline: the diverged tail.
 * A record is its write's: its key and value come from the write table, and so does its end, the
 * write's commit LSN. Records on a timeline are contiguous (each starts where the one before it
 * ends: appends go at the insert position, and a crash cuts the log at a flushed record's end), so
 * a record's start is the end of the one before it and the timeline keeps only write ids: 4 bytes
 * a record. Every record is new memory when first written, and on a virtual machine a fresh page
 * costs microseconds to fault in.
 */

import { grown } from "../core/grown";
import { NO_ROW_TOUCHED } from "../core/appendOnly";

/**
 * Where records end: the write table's commit LSN per write id (read afresh: the column is
 * replaced as it grows), at `id - base`, or lsnOf(id) for a write compacted away.
 */
export interface CommitLsns {
  readonly lsn: Float64Array<ArrayBuffer>;
  readonly base: number;
  lsnOf(id: number): number;
}

export class Timeline {
  /** record i's write id is at writeIds[i - base] (idAt) */
  writeIds: Int32Array<ArrayBuffer>;
  /** records ever appended and not truncated: indexes run from base to count - 1 */
  count = 0;
  /**
   * The index of the first record held: records below it, which every node's history holds, were
   * compacted away by the retention window (src/engine/retention). Indexes, and so WAL cursors,
   * keep their meaning.
   */
  base = 0;
  /** the lowest column row (record index - base) overwritten or dropped since the last markClean (see WriteTable.touchedFrom) */
  touchedFrom = NO_ROW_TOUCHED;
  /** where the record at `base` starts */
  private firstStart = 0;

  constructor(
    readonly id: number,
    readonly parent: Timeline | null,
    /** first LSN of this timeline's own records; below it the parent's apply */
    readonly switchLsn: number,
    private readonly ends: CommitLsns,
    capacity = 256,
  ) {
    this.writeIds = new Int32Array(capacity);
  }

  /** where record i (base ≤ i ≤ count) starts */
  start(i: number): number {
    if (i === this.base) return this.firstStart;
    const id = this.writeIds[i - 1 - this.base]!, w = this.ends;
    return id >= w.base ? w.lsn[id - w.base]! : w.lsnOf(id);
  }

  /** the write id of record i (base ≤ i < count) */
  idAt(i: number): number {
    return this.writeIds[i - this.base]!;
  }

  /** Appends write `writeId`'s record, starting at `start`: where the last record ends, or anywhere on an empty timeline. */
  append(start: number, writeId: number): void {
    if (this.count === this.base) this.firstStart = start;
    else if (start !== this.start(this.count)) {
      throw new Error(`WAL record at ${start} on timeline ${this.id}: the last record ends at ${this.start(this.count)}`);
    }
    if (this.count - this.base === this.writeIds.length) this.grow();
    this.writeIds[this.count++ - this.base] = writeId;
  }

  /** Drops records that start at or after lsn (WAL never flushed before a crash). */
  truncate(lsn: number): void {
    while (this.count > this.base && this.start(this.count - 1) >= lsn) this.count--;
    if (this.count - this.base < this.touchedFrom) this.touchedFrom = this.count - this.base;
  }

  /**
   * Drops the records below index `newBase` (every node's history holds them, and no cursor
   * stands below it: the retention window's decision) and shrinks the column to the rest.
   */
  compactTo(newBase: number): void {
    const shift = newBase - this.base;
    if (shift <= 0) return;
    if (newBase > this.count) throw new Error(`timeline ${this.id}: compacting to record ${newBase} past its ${this.count} records`);
    const start = this.start(newBase), used = this.count - newBase;
    let length = 256;
    while (length < used * 1.25) length *= 2;
    const next = new Int32Array(length);
    next.set(this.writeIds.subarray(shift, shift + used));
    this.writeIds = next;
    this.firstStart = start;
    this.base = newBase;
    if (this.touchedFrom !== NO_ROW_TOUCHED) this.touchedFrom = Math.max(0, this.touchedFrom - shift);
  }

  get rowsUsed(): number {
    return this.count - this.base;
  }

  get rowBase(): number {
    return this.base;
  }

  markClean(): void {
    this.touchedFrom = NO_ROW_TOUCHED;
  }

  /** index of the first record held starting at or after lsn (count if none) */
  lowerBound(lsn: number): number {
    let lo = this.base, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.start(mid) < lsn) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    this.writeIds = grown(this.writeIds, this.writeIds.length * 2);
  }
}

/** Where a node's reader stands: a timeline and an index into its records. */
export interface WalCursor {
  tl: Timeline;
  index: number;
}

export class WalStore {
  readonly timelines: Timeline[] = [];

  /** `ends`: the write table; `capacity`: records to make room for on the first timeline */
  constructor(private readonly ends: CommitLsns, capacity?: number) {
    this.timelines.push(new Timeline(1, null, 0, ends, capacity));
  }

  get(id: number): Timeline {
    return this.timelines[id - 1]!;
  }

  fork(parent: Timeline, switchLsn: number): Timeline {
    const tl = new Timeline(this.timelines.length + 1, parent, switchLsn, this.ends);
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
      if (child && (cursor.index >= cursor.tl.count || cursor.tl.start(cursor.index) >= child.switchLsn)) {
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
