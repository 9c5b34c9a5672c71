/*
 * A typed-array column as a checkpoint keeps it: fixed-size chunks, each an immutable copy.
 * A chunk whose rows have not changed since the checkpoint before is that checkpoint's very
 * chunk, not a copy: a long run's checkpoints share the prefix their append-only columns have in
 * common, and each costs about what changed since the one before.
 */

export type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int16Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Int8Array<ArrayBuffer> | Float32Array<ArrayBuffer>
  | Uint8ClampedArray<ArrayBuffer>;

/** rows per chunk: a multiple of 4, so that every chunk but the last compares as 32-bit words */
const DEFAULT_CHUNK_ROWS = 4096;
let chunkRows = DEFAULT_CHUNK_ROWS;

/**
 * For tests: smaller chunks, so that short runs share chunks too (sharing only changes memory,
 * never what a restored simulation does; that is what the tests check). No argument: the default.
 */
export function setChunkRows(rows = DEFAULT_CHUNK_ROWS): void {
  if (!(Number.isInteger(rows) && rows >= 4 && rows % 4 === 0)) throw new RangeError(`chunk rows ${rows}: a whole multiple of 4`);
  chunkRows = rows;
}

export class FrozenColumn {
  constructor(
    /** the live column's constructor (Float64Array…) */
    readonly type: new (length: number) => Column,
    /** the live column's length */
    readonly length: number,
    /** rows held in chunks; the rest held `fill` */
    readonly used: number,
    readonly fill: number,
    readonly chunks: readonly Column[],
    /**
     * the table row of the column's first row: a table the retention window compacts
     * (AppendOnlyColumns.rowBase) drops rows from the front, so row r is at r - firstRow
     */
    readonly firstRow = 0,
  ) {}
}

/**
 * Freezes the first `used` rows of `live` (the rest are taken to hold `live[used]`). Chunks of
 * `prev` (the same column at the checkpoint before) are reused where every row is below
 * `cleanBelow` (known unchanged since) or compares equal; `fresh` receives every chunk copied.
 * `firstRow`: the table row at live[0]. When the table dropped rows from its front since `prev`
 * (a compaction), prev's chunks are matched by table row: they line up when the rows dropped
 * are a whole number of chunks, else none is reused.
 */
export function freezeColumn(live: Column, used: number, cleanBelow: number, prev: FrozenColumn | undefined,
  fresh: Column[], firstRow = 0): FrozenColumn {
  const chunks: Column[] = [];
  const shift = prev === undefined ? 0 : firstRow - prev.firstRow;
  const sameType = prev !== undefined && prev.type === live.constructor && shift >= 0 && shift % chunkRows === 0;
  const skip = shift / chunkRows;
  for (let from = 0, i = 0; from < used; from += chunkRows, i++) {
    const to = Math.min(used, from + chunkRows);
    const old = sameType ? prev.chunks[i + skip] : undefined;
    if (old !== undefined && old.length === to - from && (to <= cleanBelow && to + shift <= prev!.used || sameRows(live, from, old))) {
      chunks.push(old);
      continue;
    }
    const copy = live.slice(from, to) as Column;
    fresh.push(copy);
    chunks.push(copy);
  }
  const fill = used < live.length ? live[used]! : 0;
  return new FrozenColumn(live.constructor as FrozenColumn["type"], live.length, used, fill, chunks, firstRow);
}

/**
 * A new live column holding what `f` froze. `length`: the new column's (at least f.used; the
 * frozen column's own by default). A table whose columns grow as they fill is given columns
 * just longer than its rows rather than its whole reserve: a fresh page costs a fault, and a
 * restore should cost what the state holds, not what the run once reserved.
 */
export function thawColumn(f: FrozenColumn, length = f.length): Column {
  return copyInto(f, new f.type(Math.max(length, f.used)), true);
}

/**
 * `out` (of f's type, at least f.used long) made to hold what `f` froze; returns it. `zeroed`: out
 * is new (all zero), so the rows past f.used need the fill only when it is not 0.
 */
export function copyInto(f: FrozenColumn, out: Column, zeroed = false): Column {
  let at = 0;
  for (const c of f.chunks) {
    (out as Uint8Array).set(c as Uint8Array, at);
    at += c.length;
  }
  if (f.used < out.length && !(zeroed && f.fill === 0)) out.fill(f.fill, f.used);
  return out;
}

/** Whether live[from, from + chunk.length) holds chunk's bytes (bytes, so that NaN and -0 compare exactly). */
function sameRows(live: Column, from: number, chunk: Column): boolean {
  const bpe = live.BYTES_PER_ELEMENT, bytes = chunk.length * bpe;
  const words = bytes >> 2;
  const a = new Int32Array(live.buffer, live.byteOffset + from * bpe, words);
  const b = new Int32Array(chunk.buffer, chunk.byteOffset, words);
  for (let i = 0; i < words; i++) if (a[i] !== b[i]) return false;
  if ((bytes & 3) === 0) return true;
  const rest = bytes & 3, tail = words * 4;
  const a8 = new Uint8Array(live.buffer, live.byteOffset + from * bpe + tail, rest);
  const b8 = new Uint8Array(chunk.buffer, chunk.byteOffset + tail, rest);
  for (let i = 0; i < rest; i++) if (a8[i] !== b8[i]) return false;
  return true;
}

/** rows per chunk of a frozen column (all but its last chunk are this long) */
export function chunkRowsOf(f: FrozenColumn): number {
  return f.chunks.length > 1 ? f.chunks[0]!.length : chunkRows;
}

/**
 * A long array of primitives (a list of every key name…) as a checkpoint keeps it: an immutable
 * copy, shared with the next checkpoint while the live array still holds the same items (such
 * lists seldom change, and copying ten thousand names into every checkpoint cost a sixth of its
 * memory). Restoring makes a new array of them.
 */
export class FrozenArray {
  constructor(readonly items: readonly (string | number | boolean | bigint | symbol | null | undefined)[]) {}

  /** about what it holds (a pointer or small number a slot, the strings themselves shared) */
  get byteLength(): number {
    return this.items.length * 8;
  }
}

/** rows an array must have to be kept as a FrozenArray (shorter ones are copied as any object) */
export const FROZEN_ARRAY_MIN = 1024;

/**
 * `live` as a FrozenArray when it is long and holds primitives only (null otherwise): `prev`
 * itself when it holds the same items, else a new copy (pushed to `fresh`).
 */
export function freezeArray(live: readonly unknown[], prev: FrozenArray | undefined, fresh: FrozenArray[]): FrozenArray | null {
  if (live.length < FROZEN_ARRAY_MIN) return null;
  for (let i = 0; i < live.length; i++) {
    const v = live[i];
    if (typeof v === "object" && v !== null || typeof v === "function") return null;
  }
  if (prev && prev.items.length === live.length) {
    let same = true;
    for (let i = 0; i < live.length && same; i++) same = Object.is(prev.items[i], live[i]);
    if (same) return prev;
  }
  const out = new FrozenArray(live.slice() as FrozenArray["items"]);
  fresh.push(out);
  return out;
}

export function bytesOf(chunks: readonly { readonly byteLength: number }[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}
