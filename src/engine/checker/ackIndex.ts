/*
 * Every key's acknowledged writes, for the checker: one row per acknowledgement in shared
 * append-only typed columns, and per key a chain through its rows in op order, newest op first.
 *
 * Why this shape: an acknowledgement is the hottest thing the checker does (one per write), and
 * with thousands of keys a per-key structure puts every acknowledgement on cold memory. Here an
 * acknowledgement writes one row at the end of the columns (warm) and one chain head; the
 * rare questions (a read returning, a write lost) walk a key's chain.
 *
 * A row is the write's op, its ack sequence number and its chain link: 12 bytes. The rest of
 * what the checker knows of an acknowledged write (its session, ack time, LSN, timeline, whether
 * it was lost) is asked of an AckFacts by op: the engine's write table holds all of it already,
 * and each row is new memory when first written (on a virtual machine a fresh page costs
 * microseconds to fault in), so the engine's checker keeps no second copy.
 *
 * Memory stays bounded: when the columns fill up they are compacted, keeping per key the rows
 * any pending or future read can still need — everything acknowledged after the oldest pending
 * read began, and the newest KEEP rows acknowledged before it (older ones matter only if every
 * newer one gets lost) — and grow only if what is kept still fills half of them.
 */
import { grown } from "../core/grown";
import { NO_ROW_TOUCHED } from "../core/appendOnly";

/**
 * Older acknowledgements of a key matter only while every newer one is lost; a failover loses
 * the newest few commits, rarely more than a handful of one key. Past KEEP lost in a row, a read
 * returning a still older version is not flagged (a missed anomaly, never a false one).
 */
const KEEP = 8;
export const NONE = -1;

/**
 * What the checker knows of an acknowledged write besides its key and ack order, by op. The
 * engine's checker reads the write table (ackFactsOf in clients/writeTable.ts); a checker fed a
 * history from outside records them itself (RecordedFacts in consistencyChecker.ts).
 */
export interface AckFacts {
  /** the session (history process) that wrote it, as the checker's process id */
  process(op: number): number;
  /** found lost after it was acknowledged (failover, crash, rewind, split brain) */
  lost(op: number): boolean;
  ackUs(op: number): number;
  /** commit LSN */
  lsn(op: number): number;
  timeline(op: number): number;
}

export class AckIndex {
  private capacity: number;
  /** keys with at least one row */
  private keysUsed = 0;
  private rows = 0;
  /** write op id: the history's write ids are the engine's, whole numbers below 2^31 */
  op: Int32Array<ArrayBuffer>;
  /** acknowledgement sequence number: reads are judged against the acks before their invocation
   * (below 2^31 as well: there are no more acknowledgements than writes) */
  seq: Int32Array<ArrayBuffer>;
  /** the row of the same key with the next smaller op, or NONE */
  private older: Int32Array<ArrayBuffer>;
  /**
   * per key id k: [2k] its row with the largest op (or NONE) and [2k + 1] that op, side by side
   * so that an acknowledgement in op order reads one cache line
   */
  private heads = new Int32Array(128).fill(NONE);
  /** the lowest row changed since the last markClean (see WriteTable.touchedFrom) */
  touchedFrom = NO_ROW_TOUCHED;

  /** `capacity`: rows before the first compaction; `keep`: rows kept per key before the oldest pending read */
  constructor(private readonly facts: AckFacts, capacity = 1024, private readonly keep = KEEP) {
    this.capacity = capacity;
    this.op = new Int32Array(capacity);
    this.seq = new Int32Array(capacity);
    this.older = new Int32Array(capacity);
  }

  /** rows held now (after compactions), for tests and memory figures */
  get size(): number {
    return this.rows;
  }

  head(key: number): number {
    return 2 * key < this.heads.length ? this.heads[2 * key]! : NONE;
  }

  next(row: number): number {
    return this.older[row]!;
  }

  get rowsUsed(): number {
    return this.rows;
  }

  /** it compacts itself (below), never by a base */
  get rowBase(): number {
    return 0;
  }

  /** Calls `f` with the op of every row held (the retention window keeps their facts). */
  forEachOp(f: (op: number) => void): void {
    for (let r = 0; r < this.rows; r++) f(this.op[r]!);
  }

  markClean(): void {
    this.touchedFrom = NO_ROW_TOUCHED;
  }

  /** makeRoom() before the next add() */
  get full(): boolean {
    return this.rows === this.capacity;
  }

  /**
   * Compacts when that frees at least half of the columns, else grows them: rows kept are at
   * most keep per key plus the acknowledgements since the oldest pending read, so a compaction
   * below twice that bound would run again soon and cost more than it saves.
   */
  makeRoom(oldestPendingSeq: number, nextSeq: number): void {
    const sincePending = oldestPendingSeq === Infinity ? 0 : Math.max(0, nextSeq - oldestPendingSeq);
    if (2 * (this.keysUsed * this.keep + sincePending) <= this.capacity) this.compact(oldestPendingSeq);
    else this.grow();
  }

  add(op: number, seq: number, key: number): void {
    this.ensureKey(key);
    const r = this.rows++;
    this.op[r] = op; this.seq[r] = seq;
    // Acks mostly come in op order, so the new row usually becomes the head.
    const heads = this.heads, h = 2 * key;
    if (heads[h] === NONE || heads[h + 1]! < op) {
      if (heads[h] === NONE) this.keysUsed++;
      this.older[r] = heads[h]!;
      heads[h] = r;
      heads[h + 1] = op;
      return;
    }
    let newer = heads[h]!, at = this.older[newer]!;
    while (at !== NONE && this.op[at]! > op) { newer = at; at = this.older[at]!; }
    this.older[r] = at;
    if (newer < this.touchedFrom) this.touchedFrom = newer;
    this.older[newer] = r;
  }

  /** The key's row with the largest op acknowledged before `beforeSeq`, not lost (by `process` when ≥ 0), or NONE. */
  latest(key: number, beforeSeq: number, process: number): number {
    const facts = this.facts;
    for (let r = this.head(key); r !== NONE; r = this.older[r]!) {
      if (this.seq[r]! >= beforeSeq) continue;
      const op = this.op[r]!;
      if (!facts.lost(op) && (process < 0 || facts.process(op) === process)) return r;
    }
    return NONE;
  }

  /**
   * Drops the rows no read can need: per key, past the newest `keep` rows acknowledged before
   * `oldestPendingSeq` (the smallest ack sequence a pending read was invoked at; Infinity: none).
   * The kept rows of a key are a prefix of its chain.
   */
  private compact(oldestPendingSeq: number): void {
    this.touchedFrom = 0;
    const moved = new Int32Array(this.rows).fill(NONE);
    for (let h = 0; h < this.heads.length; h += 2) {
      let before = 0;
      for (let r = this.heads[h]!; r !== NONE && before < this.keep; r = this.older[r]!) {
        moved[r] = 0;
        if (this.seq[r]! < oldestPendingSeq) before++;
      }
    }
    let n = 0;
    for (let r = 0; r < this.rows; r++) if (moved[r] !== NONE) moved[r] = n++;
    // Rows only move down, so each is copied before its place is reused.
    for (let r = 0; r < this.rows; r++) {
      const to = moved[r]!;
      if (to === NONE) continue;
      this.op[to] = this.op[r]!; this.seq[to] = this.seq[r]!;
      // A dropped row ends the chain (the kept rows of a key are a prefix of it).
      const o = this.older[r]!;
      this.older[to] = o === NONE ? NONE : moved[o]!;
    }
    for (let h = 0; h < this.heads.length; h += 2) {
      const row = this.heads[h]!;
      if (row !== NONE) this.heads[h] = moved[row]!;
    }
    this.rows = n;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.op = grown(this.op, n); this.seq = grown(this.seq, n); this.older = grown(this.older, n);
    this.capacity = n;
  }

  /** Makes room for key's chain head. The checker calls it as keys are named, before their first acknowledgement. */
  ensureKey(key: number): void {
    if (2 * key >= this.heads.length) this.growHeads(key);
  }

  private growHeads(key: number): void {
    let n = this.heads.length;
    while (n <= 2 * key) n *= 2;
    this.heads = grown(this.heads, n, NONE);
  }
}
