/*
 * Checkpoints of a simulation: its whole state, saved so that a simulation restored from it goes
 * on exactly as the original did (same events, same random numbers, same history).
 *
 * A checkpoint is a copy of the simulation's object graph (GraphCopier) in which every typed
 * array is kept as a FrozenColumn of shared immutable chunks. The big tables only grow at the end
 * (AppendOnlyColumns: the write table, WAL timelines, the checker's rows) and say which old rows
 * changed since the last checkpoint, so a new checkpoint reuses the previous one's chunks for
 * the unchanged prefix: many checkpoints of a long run cost little more than one. Other typed
 * arrays are compared chunk by chunk with the previous checkpoint's. The PRNG's state is copied
 * with pure-rand's own clone(); name-to-id maps (NameIds) are shared until added to. The scenario is shared (the engine never changes it); the
 * options (the history hook) are the restorer's to give.
 *
 * A checkpoint is never changed after it is made: restoring copies it again.
 */
import type { SimulationOptions } from "../api";
import { AckIndex } from "../checker/ackIndex";
import { WriteTable } from "../clients/writeTable";
import { PinnedRows } from "../clients/pinnedRows";
import type { AppendOnlyColumns } from "../core/appendOnly";
import { NameIds } from "../core/nameIds";
import { LagTracker } from "../cluster/lagTracker";
import { Message } from "../cluster/network";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { Sim } from "../simulation";
import { Timeline } from "../wal/timelines";
import { bytesOf, type Column, copyInto, FrozenArray, freezeArray, FrozenColumn, freezeColumn, thawColumn } from "./columns";
import { CheckpointError, GraphCopier, NOT_LEAF, reachable } from "./graph";
import { columnKey, refill, reusableColumns, type TrackedColumn } from "./reuse";

interface AppendOnlyTable {
  /** its append-only columns (its other typed arrays are compared as any other) */
  columns: ReadonlySet<string>;
  /** its columns grow when full (grown copies), so a restored one may start shorter than the original */
  grows: boolean;
  /**
   * an append writes every column of the new row, so rows past the ones used are never read
   * before they are written: a restore into a longer-used column need not clear them (the write
   * table's appends leave some columns as the column was made, -1 or 0, and do need it)
   */
  appendWritesRow: boolean;
}

const APPEND_ONLY = new Map<object, AppendOnlyTable>([
  [WriteTable.prototype, { grows: true, appendWritesRow: false,
    columns: new Set(["invokeUs", "completeUs", "lsn", "timeline", "keyId", "sessionId", "node", "status", "level", "lost"]) }],
  [Timeline.prototype, { grows: true, appendWritesRow: true, columns: new Set(["writeIds"]) }],
  [PinnedRows.prototype, { grows: true, appendWritesRow: true, columns: new Set(["ids", "invokeUs", "completeUs", "lsn", "timeline", "keyId",
    "sessionId", "node", "status", "level", "lost", "heldByAll", "open"]) }],
  // Its capacity decides when it compacts, which the checker's findings depend on: kept whole.
  [AckIndex.prototype, { grows: false, appendWritesRow: false, columns: new Set(["op", "seq", "older"]) }],
]);

/**
 * Classes the engine makes as it runs, with constructors that take nothing and touch nothing
 * else: a restore makes their objects with these, so that they have the very hidden class of the
 * live run's (a spread clone's differs, and code that sees both runs slower).
 */
const BLANKS = new Map<object, () => object>([
  [Message.prototype, () => new Message()],
  [LagTracker.prototype, () => new LagTracker()],
]);

const blankOf = (value: object): object | undefined => BLANKS.get(Object.getPrototypeOf(value) as object)?.();

/** pure-rand's generator: copied with its own clone() */
const GENERATOR_PROTO = Object.getPrototypeOf(xoroshiro128plus(0)) as object;

/** stands for the simulation's options inside a checkpoint */
const OPTIONS = Object.freeze({ checkpointOptions: true });

/** A live simulation's columns as its last checkpoint (or the one it was restored from) froze them. */
class Provenance {
  readonly byOwner = new WeakMap<object, Map<PropertyKey, FrozenColumn | FrozenArray>>();
  /** its append-only columns */
  readonly tracked: TrackedColumn[] = [];

  add(owner: object, key: PropertyKey, frozen: FrozenColumn | FrozenArray, appendOnly: boolean): void {
    let m = this.byOwner.get(owner);
    if (!m) { m = new Map(); this.byOwner.set(owner, m); }
    m.set(key, frozen);
    if (appendOnly && frozen instanceof FrozenColumn) this.tracked.push({ owner, key, base: frozen });
  }

  get(owner: object, key: PropertyKey): FrozenColumn | FrozenArray | undefined {
    return this.byOwner.get(owner)?.get(key);
  }
}

const lastFrozen = new WeakMap<object, Provenance>();

/** What a checkpoint holds that others may share: column chunks and frozen arrays. */
export type Held = { readonly byteLength: number };

/** The scenario's objects, shared by every checkpoint of a run. */
const scenarioObjects = new WeakMap<object, Set<object>>();

export class Checkpoint {
  /** @internal use restoreSimulation */
  constructor(
    /** virtual time, µs */
    readonly nowUs: number,
    /** events the simulation had processed */
    readonly eventsProcessed: number,
    /** @internal the copied graph */
    readonly state: object,
    /** @internal every chunk (and frozen array) the checkpoint holds, shared with others or not */
    readonly chunks: readonly Held[],
    /** bytes of chunks this checkpoint copied (the rest it shares with the checkpoint before) */
    readonly freshBytes: number,
    /** a rough figure for the rest: its objects and their fields */
    readonly objectBytes: number,
  ) {
    Object.freeze(this);
  }

  /** bytes of all its chunks, shared or not */
  get chunkBytes(): number {
    return bytesOf(this.chunks);
  }
}

function sharedScenario(sim: Sim): Set<object> {
  let set = scenarioObjects.get(sim.scenario);
  if (!set) { set = reachable(sim.scenario); scenarioObjects.set(sim.scenario, set); }
  return set;
}

function appendOnlyTable(owner: object, key: PropertyKey): AppendOnlyTable | undefined {
  const t = APPEND_ONLY.get(Object.getPrototypeOf(owner) as object);
  return t?.columns.has(String(key)) ? t : undefined;
}

export function takeCheckpoint(sim: Sim): Checkpoint {
  const prev = lastFrozen.get(sim);
  const next = new Provenance();
  const fresh: Held[] = [], all: Held[] = [];
  const freshArrays: FrozenArray[] = [];
  const tables = new Set<AppendOnlyColumns>();
  const copier = new GraphCopier((value, owner, key) => {
    if (Object.getPrototypeOf(value) === GENERATOR_PROTO) return (value as { clone(): unknown }).clone();
    if (value instanceof NameIds) return value.share();
    if (Array.isArray(value)) {
      const last = prev?.get(owner, key);
      const frozen = freezeArray(value, last instanceof FrozenArray ? last : undefined, freshArrays);
      if (!frozen) return NOT_LEAF;
      all.push(frozen);
      next.add(owner, key, frozen, false);
      return frozen;
    }
    if (!ArrayBuffer.isView(value) || value instanceof DataView) return NOT_LEAF;
    const col = value as Column;
    if (col.byteOffset !== 0 || col.byteLength !== col.buffer.byteLength) {
      throw new CheckpointError(`a typed array that is a view into another (${String(key)}): a checkpoint copies whole columns only`);
    }
    const table = appendOnlyTable(owner, key) ? owner as unknown as AppendOnlyColumns : null;
    if (table) tables.add(table);
    const last = prev?.get(owner, key);
    const frozen = freezeColumn(col, table ? table.rowsUsed : col.length, table ? table.touchedFrom : 0,
      last instanceof FrozenColumn ? last : undefined, fresh as Column[], table ? table.rowBase : 0);
    for (const c of frozen.chunks) all.push(c);
    next.add(owner, key, frozen, table !== null);
    return frozen;
  });
  for (const o of sharedScenario(sim)) copier.seed(o, o);
  copier.seed(sim.options, OPTIONS);
  const state = copier.copy(sim, {}, "simulation") as object;
  for (const t of tables) t.markClean();
  lastFrozen.set(sim, next);
  return new Checkpoint(sim.now, sim.eventsProcessed, state, all, bytesOf(fresh) + bytesOf(freshArrays), copier.objects * 32 + copier.slots * 8);
}

/**
 * A new simulation in exactly the state `cp` saved; `options` as for a new Simulation.
 * `reuse`: a simulation of the same scenario that is no longer wanted (the previous seek's): its
 * big columns are taken over and only the chunks that differ are copied into them, and its
 * objects are filled in place (they keep their hidden classes, so the engine's optimized code
 * does not deopt). The simulation returned may be `reuse` itself, now in the checkpoint's state:
 * whatever held it as the old moment must not use it again.
 */
export function restoreSimulation(cp: Checkpoint, options: SimulationOptions = {}, reuse?: Sim): Sim {
  const provenance = new Provenance();
  const tables = new Set<AppendOnlyColumns>();
  const thawed: [object, PropertyKey, FrozenColumn][] = [];
  const provenanceArrays: [object, PropertyKey, FrozenArray][] = [];
  const old = reuse ? lastFrozen.get(reuse) : undefined;
  const reusable = old ? reusableColumns(old.tracked) : null;
  if (reuse) lastFrozen.delete(reuse);
  /** the old simulation's columns already overwritten (each may take one column only) */
  const overwritten = new Set<object>();
  const copier = new GraphCopier((value, owner, key, into) => {
    if (Object.getPrototypeOf(value) === GENERATOR_PROTO) return (value as { clone(): unknown }).clone();
    if (value instanceof NameIds) return value.share();
    if (value instanceof FrozenArray) {
      provenanceArrays.push([owner, key, value]);
      return value.items.slice();
    }
    if (!(value instanceof FrozenColumn)) return NOT_LEAF;
    thawed.push([owner, key, value]);
    const table = appendOnlyTable(owner, key);
    // A fresh restore could give a growing table shorter columns, but then the next seek could
    // seldom take them over. Columns as long as the original's were not enough either: a restore
    // to a later moment, where the live run's columns had doubled, could not take them over
    // (seeking from a run restored early in a ten-minute run to a later one did so a quarter of
    // the time, and copied the pinned rows' 13 columns whole into new memory). So a growing
    // table's columns get twice the original's length: the rows past the ones used are never
    // written, and memory never touched is never faulted in.
    const length = table?.grows ? 2 * value.length : value.length;
    const r = table ? reusable?.get(columnKey(owner, key)) : undefined;
    if (r) {
      reusable!.delete(columnKey(owner, key));
      const refilled = refill(r, value, length, table!.grows, table!.appendWritesRow);
      if (refilled) return refilled;
    }
    // Any other column of the old simulation at the same place, of the same type and length, is
    // overwritten rather than a new one allocated (and zeroed, and later collected).
    if (!table && ArrayBuffer.isView(into) && into.constructor === value.type && (into as Column).length === length &&
      !overwritten.has(into)) {
      overwritten.add(into);
      return copyInto(value, into as Column);
    }
    return thawColumn(value, length);
  }, blankOf);
  const state = cp.state as Sim;
  for (const o of sharedScenario(state)) copier.seed(o, o);
  copier.seed(OPTIONS, options);
  // Into `reuse`'s own objects where they have the checkpoint's shape (see GraphCopier.copy).
  const sim = copier.copy(state, {}, "simulation", reuse) as Sim;
  // Relative to the checkpoint it came from, nothing has changed yet: the next checkpoint of the
  // restored simulation shares this one's chunks.
  for (const [owner, key, frozen] of thawed) {
    const copy = copier.copy(owner, {}, "owner") as object;
    const appendOnly = appendOnlyTable(copy, key) !== undefined;
    provenance.add(copy, key, frozen, appendOnly);
    if (appendOnly) tables.add(copy as unknown as AppendOnlyColumns);
  }
  for (const [owner, key, frozen] of provenanceArrays) provenance.add(copier.copy(owner, {}, "owner") as object, key, frozen, false);
  for (const t of tables) t.markClean();
  lastFrozen.set(sim, provenance);
  return sim;
}
