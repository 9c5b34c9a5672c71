/*
 * Restoring into the columns of a simulation one is done with (a seek replacing the last seek's
 * run). Its append-only columns already hold most of what a checkpoint of the same run holds:
 * a chunk is copied only where the checkpoint's differs from the one the old simulation's rows
 * last matched (the checkpoint it was restored from or last took) or where the old simulation
 * has changed rows since. Seeking back and forth along a run then copies about what lies between
 * the two moments, not the whole history, and no fresh memory needs faulting in.
 */
import type { AppendOnlyColumns } from "../core/appendOnly";
import { chunkRowsOf, type Column, type FrozenColumn } from "./columns";

/** An append-only column of a live simulation, and the frozen column its rows last matched. */
export interface TrackedColumn {
  owner: object;
  key: PropertyKey;
  base: FrozenColumn;
}

/** A live column that may be taken over, with what is known of its rows. */
export interface Reusable {
  array: Column;
  base: FrozenColumn;
  /** rows below this hold base's chunks */
  clean: number;
  /** rows the old simulation used (past them its column holds the fill) */
  used: number;
  /** the table row at the array's first row (AppendOnlyColumns.rowBase) */
  firstRow: number;
}

/** The same column in two simulations of one run: its table's class, its id (timelines), its name. */
export function columnKey(owner: object, key: PropertyKey): string {
  const id = (owner as { id?: unknown }).id;
  return `${owner.constructor.name}#${typeof id === "number" ? id : ""}.${String(key)}`;
}

export function reusableColumns(tracked: readonly TrackedColumn[]): Map<string, Reusable> {
  const out = new Map<string, Reusable>();
  for (const t of tracked) {
    const table = t.owner as unknown as AppendOnlyColumns;
    const array = (t.owner as Record<PropertyKey, unknown>)[t.key] as Column;
    out.set(columnKey(t.owner, t.key), { array, base: t.base, clean: Math.min(table.touchedFrom, t.base.used, table.rowsUsed),
      used: table.rowsUsed, firstRow: table.rowBase });
  }
  return out;
}

/**
 * `r`'s array made to hold what `f` froze, or null when it cannot be (another type, too short).
 * `grows`: the table's columns grow when full (then a longer array will do, and rows past f.used
 * get f's fill); else the array must be exactly `length` long.
 */
export function refill(r: Reusable, f: FrozenColumn, length: number, grows: boolean, appendWritesRow = false): Column | null {
  const a = r.array;
  // A table whose columns do not grow (its capacity is part of its state) gets exactly its length.
  // One whose columns grow when full needs only room for the rows: its length decides nothing but
  // when it next grows (a copy the run cannot see). Asking for the original's length made every
  // restore to a later moment than the old run's, where the pinned rows' columns had doubled,
  // allocate and fill them all anew (13 columns, up to 262,144 rows).
  if (a.constructor !== f.type || (grows ? a.length < f.used : a.length !== length)) return null;
  const rows = chunkRowsOf(f);
  // Rows line up only when both start at the same table row (the retention window may have
  // compacted one and not the other): else every chunk is copied.
  const aligned = r.firstRow === f.firstRow && r.base.firstRow === f.firstRow;
  for (let i = 0, from = 0; i < f.chunks.length; i++, from += rows) {
    const c = f.chunks[i]!;
    if (aligned && r.base.chunks[i] === c && from + c.length <= r.clean) continue;
    (a as Uint8Array).set(c as Uint8Array, from);
  }
  // Rows the old simulation used past f's are cleared to f's fill, unless the table writes a whole
  // row when it appends one (then they are never read before written: a backward seek need not
  // write the rows it steps back over).
  if (grows && !appendWritesRow && r.used > f.used) a.fill(f.fill, f.used, r.used);
  return a;
}
