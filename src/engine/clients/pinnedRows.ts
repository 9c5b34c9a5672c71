/*
 * Write rows the retention window (src/engine/retention) compacted out of the write table that
 * the run may still ask about: a lost write (a later promotion may bring it back), one whose WAL
 * record is not in every node's history (its fate may still change), and one that a node shows,
 * a pending read returned, a commit queue holds or the checker's rows name.
 *
 * Columns like the write table's, in ascending id order, found by binary search: these are cold
 * reads (a read returning an old version, the checker walking a key's older acknowledgements),
 * and hundreds of thousands of them (the checker keeps up to its capacity of acknowledgements)
 * must cost bytes, not objects — a checkpoint copies objects one by one, and shares columns.
 * Rows are appended in id order (each compaction pins ids above the last one's) and dropped by
 * a rebuild once more than half are no longer needed.
 */
import { grown } from "../core/grown";
import { NO_ROW_TOUCHED } from "../core/appendOnly";

export class PinnedRows {
  size = 0;
  ids = new Int32Array(64);
  invokeUs = new Float64Array(64);
  completeUs = new Float64Array(64);
  lsn = new Float64Array(64);
  timeline = new Uint16Array(64);
  keyId = new Int32Array(64);
  sessionId = new Int32Array(64);
  node = new Int16Array(64);
  status = new Uint8Array(64);
  level = new Uint8Array(64);
  lost = new Uint8Array(64);
  /** 1: the record is in every node's history for good (holds() needs no record) */
  heldByAll = new Uint8Array(64);
  /** 1: its ledger class may still change (lost, or a record not held by all): scans look at it */
  open = new Uint8Array(64);
  /** see WriteTable.touchedFrom */
  touchedFrom = NO_ROW_TOUCHED;

  get rowsUsed(): number {
    return this.size;
  }

  get rowBase(): number {
    return 0;
  }

  markClean(): void {
    this.touchedFrom = NO_ROW_TOUCHED;
  }

  /** the row of write `id`, or -1 */
  find(id: number): number {
    let lo = 0, hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid]! < id) lo = mid + 1; else hi = mid;
    }
    return lo < this.size && this.ids[lo] === id ? lo : -1;
  }

  /** the row of write `id`; throws when it is not pinned (a bug in what the window keeps) */
  at(id: number, base: number): number {
    const r = this.find(id);
    if (r < 0) throw new Error(`write ${id} was compacted away (the table holds writes from ${base})`);
    return r;
  }

  /** Appends a row (ids ascending): the values in the write table's column order. */
  append(id: number, invokeUs: number, completeUs: number, lsn: number, timeline: number, keyId: number, sessionId: number,
    node: number, status: number, level: number, lost: number, heldByAll: boolean, open: boolean): void {
    if (this.size > 0 && id <= this.ids[this.size - 1]!) throw new Error(`pinned write ${id} after ${this.ids[this.size - 1]}`);
    if (this.size === this.ids.length) this.grow(this.size * 2);
    const r = this.size++;
    this.ids[r] = id; this.invokeUs[r] = invokeUs; this.completeUs[r] = completeUs; this.lsn[r] = lsn; this.timeline[r] = timeline;
    this.keyId[r] = keyId; this.sessionId[r] = sessionId; this.node[r] = node; this.status[r] = status; this.level[r] = level;
    this.lost[r] = lost; this.heldByAll[r] = heldByAll ? 1 : 0; this.open[r] = open ? 1 : 0;
  }

  /** Row `r` is about to change. */
  touch(r: number): void {
    if (r < this.touchedFrom) this.touchedFrom = r;
  }

  /** Keeps only the rows `keep` wants (in order). */
  retain(keep: (r: number) => boolean): void {
    let n = 0;
    for (let r = 0; r < this.size; r++) {
      if (!keep(r)) continue;
      if (n !== r) {
        this.ids[n] = this.ids[r]!; this.invokeUs[n] = this.invokeUs[r]!; this.completeUs[n] = this.completeUs[r]!;
        this.lsn[n] = this.lsn[r]!; this.timeline[n] = this.timeline[r]!; this.keyId[n] = this.keyId[r]!;
        this.sessionId[n] = this.sessionId[r]!; this.node[n] = this.node[r]!; this.status[n] = this.status[r]!;
        this.level[n] = this.level[r]!; this.lost[n] = this.lost[r]!; this.heldByAll[n] = this.heldByAll[r]!; this.open[n] = this.open[r]!;
      }
      n++;
    }
    if (n === this.size) return;
    this.touch(0);
    this.size = n;
    let length = 64;
    while (length < n * 1.25) length *= 2;
    this.grow(length);
  }

  /** Columns `n` rows long (at least the rows used). */
  private grow(n: number): void {
    const cut = <T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Int16Array<ArrayBuffer>
      | Uint8Array<ArrayBuffer>>(a: T): T => (n >= a.length ? grown(a, n) : a.slice(0, n) as T);
    this.ids = cut(this.ids); this.invokeUs = cut(this.invokeUs); this.completeUs = cut(this.completeUs); this.lsn = cut(this.lsn);
    this.timeline = cut(this.timeline); this.keyId = cut(this.keyId); this.sessionId = cut(this.sessionId); this.node = cut(this.node);
    this.status = cut(this.status); this.level = cut(this.level); this.lost = cut(this.lost); this.heldByAll = cut(this.heldByAll);
    this.open = cut(this.open);
  }
}
