/*
 * Every write a client attempted, in compact parallel arrays: a million writes cost tens of MB,
 * not hundreds. Values of scripted writes are kept as strings; workload values are derived
 * from the write id ("v<id>") so they cost nothing.
 */
import type { AckFacts } from "../checker/ackIndex";
import { grown } from "../core/grown";
import { NO_ROW_TOUCHED } from "../core/appendOnly";
import { PinnedRows } from "./pinnedRows";

export const W_PENDING = 0, W_OK = 1, W_FAILED = 2, W_INDETERMINATE = 3;

export class WriteTable {
  /** writes ever added: ids run from 0 to count - 1 */
  count = 0;
  /**
   * The first write id the columns hold: row `id` is at `id - base`. Rows below it were compacted
   * away by the retention window (src/engine/retention); those still needed are in `pinned`.
   */
  base = 0;
  /** compacted rows still needed (clients/pinnedRows.ts) */
  readonly pinned = new PinnedRows();
  invokeUs: Float64Array<ArrayBuffer>;
  completeUs: Float64Array<ArrayBuffer>;
  /** commit LSN: the end of the write's WAL record (-1 before it has one) */
  lsn: Float64Array<ArrayBuffer>;
  timeline: Uint16Array<ArrayBuffer>;
  keyId: Int32Array<ArrayBuffer>;
  sessionId: Int32Array<ArrayBuffer>;
  node: Int16Array<ArrayBuffer>;
  status: Uint8Array<ArrayBuffer>;
  /** commit level captured at commit time (LEVEL_* in commit/levels.ts) */
  level: Uint8Array<ArrayBuffer>;
  /** 1 when the write was acknowledged and later lost (failover or crash) */
  lost: Uint8Array<ArrayBuffer>;
  private readonly values = new Map<number, string>();
  /** the scenario action of each scripted write; workload writes, nearly all of them, have none */
  private readonly actions = new Map<number, number>();
  /**
   * The lowest row changed since the last markClean (NO_ROW_TOUCHED: none): rows below it and
   * below the count then are as they were, so a checkpoint shares them with the one before
   * (src/engine/checkpoint). New rows are appended at the count and need no mark.
   */
  touchedFrom = NO_ROW_TOUCHED;

  /** `capacity`: writes to make room for before the columns first grow */
  constructor(capacity = 1024) {
    this.invokeUs = new Float64Array(capacity);
    this.completeUs = new Float64Array(capacity).fill(-1);
    this.lsn = new Float64Array(capacity).fill(-1);
    this.timeline = new Uint16Array(capacity);
    this.keyId = new Int32Array(capacity);
    this.sessionId = new Int32Array(capacity);
    this.node = new Int16Array(capacity).fill(-1);
    this.status = new Uint8Array(capacity);
    this.level = new Uint8Array(capacity);
    this.lost = new Uint8Array(capacity);
  }

  add(invokeUs: number, keyId: number, sessionId: number, actionIndex: number, value: string | null): number {
    if (this.count - this.base === this.invokeUs.length) this.grow();
    const id = this.count++, r = id - this.base;
    // Ids are never reused, so a row still holds what its columns were made with: 0 for timeline,
    // status (W_PENDING), level and lost, -1 (not yet) for completeUs, lsn and node. Stores
    // spared on every write.
    this.invokeUs[r] = invokeUs;
    this.keyId[r] = keyId;
    this.sessionId[r] = sessionId;
    if (actionIndex >= 0) this.actions.set(id, actionIndex);
    if (value !== null) this.values.set(id, value);
    return id;
  }

  /** the index in the scenario's actions of the write's action; null for a workload or command write */
  action(id: number): number | null {
    return this.actions.size > 0 ? this.actions.get(id) ?? null : null;
  }

  value(id: number): string {
    return this.values.get(id) ?? `v${id}`;
  }

  /** length of value(id) without building the string */
  valueLength(id: number): number {
    const v = this.values.size > 0 ? this.values.get(id) : undefined;
    return v !== undefined ? v.length : 1 + decimalDigits(id);
  }

  /** rows in use: past them every column still holds what it was made with */
  get rowsUsed(): number {
    return this.count - this.base;
  }

  /** the write id of the columns' first row */
  get rowBase(): number {
    return this.base;
  }

  /** Row `id` (below the count, at or above the base) is about to change. */
  touch(id: number): void {
    if (id - this.base < this.touchedFrom) this.touchedFrom = id - this.base;
  }

  /*
   * Reads of a row by write id. Rows at or above the base are in the columns (the engine's hot
   * paths, which only see recent writes, index the columns with `id - base` themselves); below
   * it, a pinned row. Asking for a row compacted away and not pinned is a bug in what the
   * retention window keeps, and throws rather than answering with another write's figures.
   */
  lsnOf(id: number): number { return id >= this.base ? this.lsn[id - this.base]! : this.pinned.lsn[this.pinned.at(id, this.base)]!; }
  timelineOf(id: number): number { return id >= this.base ? this.timeline[id - this.base]! : this.pinned.timeline[this.pinned.at(id, this.base)]!; }
  keyIdOf(id: number): number { return id >= this.base ? this.keyId[id - this.base]! : this.pinned.keyId[this.pinned.at(id, this.base)]!; }
  sessionIdOf(id: number): number {
    return id >= this.base ? this.sessionId[id - this.base]! : this.pinned.sessionId[this.pinned.at(id, this.base)]!;
  }
  nodeOf(id: number): number { return id >= this.base ? this.node[id - this.base]! : this.pinned.node[this.pinned.at(id, this.base)]!; }
  statusOf(id: number): number { return id >= this.base ? this.status[id - this.base]! : this.pinned.status[this.pinned.at(id, this.base)]!; }
  levelOf(id: number): number { return id >= this.base ? this.level[id - this.base]! : this.pinned.level[this.pinned.at(id, this.base)]!; }
  lostOf(id: number): number { return id >= this.base ? this.lost[id - this.base]! : this.pinned.lost[this.pinned.at(id, this.base)]!; }
  invokeUsOf(id: number): number { return id >= this.base ? this.invokeUs[id - this.base]! : this.pinned.invokeUs[this.pinned.at(id, this.base)]!; }
  completeUsOf(id: number): number {
    return id >= this.base ? this.completeUs[id - this.base]! : this.pinned.completeUs[this.pinned.at(id, this.base)]!;
  }

  /** Marks write `id` lost (1) or back (0), pinned or not. */
  setLost(id: number, lost: 0 | 1): void {
    if (id < this.base) {
      const r = this.pinned.at(id, this.base);
      this.pinned.touch(r);
      this.pinned.lost[r] = lost;
      return;
    }
    this.touch(id);
    this.lost[id - this.base] = lost;
  }

  /**
   * Drops the rows below `newBase` from the columns (the retention window pinned those still
   * needed first) and shrinks the columns to what is left. Values and scenario actions of rows
   * dropped and not pinned go too.
   */
  compactTo(newBase: number): void {
    const shift = newBase - this.base;
    if (shift <= 0) return;
    const used = this.count - newBase;
    let length = 1024;
    while (length < used * 1.25) length *= 2;
    const cut = <T extends Float64Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Int16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(
      col: T, fill: number): T => {
      const next = new (col.constructor as new (n: number) => T)(length);
      next.set(col.subarray(shift, shift + used) as never);
      if (fill !== 0) next.fill(fill, used);
      return next;
    };
    this.invokeUs = cut(this.invokeUs, 0);
    this.completeUs = cut(this.completeUs, -1);
    this.lsn = cut(this.lsn, -1);
    this.timeline = cut(this.timeline, 0);
    this.keyId = cut(this.keyId, 0);
    this.sessionId = cut(this.sessionId, 0);
    this.node = cut(this.node, -1);
    this.status = cut(this.status, 0);
    this.level = cut(this.level, 0);
    this.lost = cut(this.lost, 0);
    this.base = newBase;
    this.dropExtras();
    if (this.touchedFrom !== NO_ROW_TOUCHED) this.touchedFrom = Math.max(0, this.touchedFrom - shift);
  }

  /** Lets go of the values and scenario actions of rows neither held nor pinned. */
  dropExtras(): void {
    for (const m of [this.values, this.actions] as Map<number, unknown>[]) {
      for (const id of m.keys()) if (id < this.base && this.pinned.find(id) < 0) m.delete(id);
    }
  }

  markClean(): void {
    this.touchedFrom = NO_ROW_TOUCHED;
  }

  complete(id: number, status: number, nowUs: number): void {
    this.touch(id);
    this.status[id - this.base] = status;
    this.completeUs[id - this.base] = nowUs;
  }

  private grow(): void {
    const n = this.invokeUs.length * 2;
    this.invokeUs = grown(this.invokeUs, n);
    this.completeUs = grown(this.completeUs, n, -1);
    this.lsn = grown(this.lsn, n, -1);
    this.timeline = grown(this.timeline, n);
    this.keyId = grown(this.keyId, n);
    this.sessionId = grown(this.sessionId, n);
    this.node = grown(this.node, n, -1);
    this.status = grown(this.status, n);
    this.level = grown(this.level, n);
    this.lost = grown(this.lost, n);
  }
}

/**
 * The consistency checker's view of the writes it is told were acknowledged (ids are ops, session
 * ids its process ids): read from the table, so that the checker keeps no copy of each.
 */
export function ackFactsOf(w: WriteTable): AckFacts {
  return new WriteTableFacts(w);
}

/** A class rather than closures over the table: a checkpoint copies data, never functions. */
class WriteTableFacts implements AckFacts {
  constructor(private readonly w: WriteTable) {}
  process(id: number): number { return this.w.sessionIdOf(id); }
  lost(id: number): boolean { return this.w.lostOf(id) === 1; }
  ackUs(id: number): number { return this.w.completeUsOf(id); }
  lsn(id: number): number { return this.w.lsnOf(id); }
  timeline(id: number): number { return this.w.timelineOf(id); }
}

/** digits of a non-negative integer written in decimal (the length of `${n}`, without building it) */
export function decimalDigits(n: number): number {
  // Compared, not counted in a loop: every write asks this twice (its key's and value's length).
  if (n < 100_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1_000 ? 3 : n < 10_000 ? 4 : 5;
  let digits = 6;
  for (let p = 1_000_000; p <= n; p *= 10) digits++;
  return digits;
}

/** A FIFO of write ids with O(1) push/shift, used for commits waiting in LSN order. */
export class IdQueue {
  private items = new Int32Array(64);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(id: number): void {
    if (this.tail === this.items.length) {
      const live = this.tail - this.head;
      if (live * 2 >= this.items.length) {
        const next = new Int32Array(this.items.length * 2);
        next.set(this.items.subarray(this.head, this.tail), 0);
        this.items = next;
      } else this.items.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = live;
    }
    this.items[this.tail++] = id;
  }

  peek(): number {
    return this.items[this.head]!;
  }

  shift(): number {
    return this.items[this.head++]!;
  }

  at(i: number): number {
    return this.items[this.head + i]!;
  }

  clear(): void {
    this.head = this.tail = 0;
  }

}
