/*
 * The retention window's engine half: drops the history every node has durably passed, so that
 * a long run's memory stays flat (docs/time-travel.md, "Retention"). What a run reports never
 * changes because of it (test/retention/compact.test.ts runs each scenario with and without
 * compactions and compares history, report and snapshot).
 *
 * The compaction LSN is the lowest position any node that is not removed still stands at (its
 * insert, write, flush and replay positions, its walsenders' sent positions, its slots'
 * restart_lsn), and no higher than where two nodes' timeline lineages part: below it every
 * node's history is one and the same, no cursor will read it again, and a crash, rewind or
 * re-clone cannot take it from any node (they cut WAL only past a flushed position or a fork).
 * A node that is down holds it back for as long as it is down, as a slot holds back WAL.
 *
 * Write rows go from the front of the write table up to the first write that is still pending
 * or whose record ends past that LSN (and is not lost). A dropped row the run may still ask about
 * is pinned aside (WriteTable.pinned): a lost write (a later promotion may bring it back), one
 * whose record is not in every node's history, one a node shows, the base state names, a
 * pending read returned, a commit queue holds or the checker's rows name. The others are
 * counted into the ledger's totals for good (Retained). WAL records ending at or below the LSN
 * go from every timeline, and the data every node showed there is kept (Retained.kv) for crash
 * recovery and base backups.
 *
 * Runs that use logical replication are not compacted: its row model and decoders are indexed
 * by write id from the start of the run (a simplification; see docs/time-travel.md). Nor are
 * multi-primary runs (src/engine/multiprimary keeps writes of its own, scripted ones only).
 */
import { holds } from "../clients/ledger";
import { W_OK, W_PENDING, type WriteTable } from "../clients/writeTable";
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Timeline } from "../wal/timelines";

/** Write rows and WAL records are dropped in multiples of this (a checkpoint's chunk: the next one shares the rest). */
export const COMPACT_ALIGN = 4096;
/** Records kept below each node's insert position whatever happens (the picture's WAL tape shows the newest 12). */
export const KEEP_RECORDS = 64;

export interface CompactOptions {
  /** rows and records dropped in multiples of this (tests use small ones); COMPACT_ALIGN by default */
  align?: number;
}

export interface CompactResult {
  /** write rows dropped from the columns (pinned ones included) */
  writes: number;
  /** WAL records dropped, all timelines together */
  records: number;
  /** the write table's base and the compaction LSN now */
  base: number;
  lsn: number;
}

export function compactHistory(sim: Sim, options: CompactOptions = {}): CompactResult {
  const align = options.align ?? COMPACT_ALIGN;
  const w = sim.writes, kept = sim.retained;
  const none: CompactResult = { writes: 0, records: 0, base: w.base, lsn: kept.lsn };
  if (sim.logical !== null || sim.multiPrimary !== null) return none;
  const live = sim.nodes.filter((n) => !n.removed);
  const lsn = compactionLsn(sim, live);
  if (!(lsn > kept.lsn)) return none;
  const primary = sim.nodes[sim.primary]!;

  // Pinned rows whose record is now in every history for good: their class is settled.
  const p = w.pinned;
  for (let r = 0; r < p.size; r++) {
    if (p.open[r] === 0) continue;
    const id = p.ids[r]!, rowLsn = p.lsn[r]!;
    if (p.heldByAll[r] === 0 && rowLsn >= 0 && rowLsn <= lsn && holds(sim, primary, id, lsn)) { p.touch(r); p.heldByAll[r] = 1; }
    if (p.lost[r] === 0 && (p.heldByAll[r] === 1 || rowLsn < 0)) {
      p.touch(r);
      p.open[r] = 0;
      tally(sim, id, p.status[r]!, p.timeline[r]!, p.heldByAll[r] === 1);
    }
  }

  const end = writesEnd(w, lsn);
  const newBase = w.base + Math.floor((end - w.base) / align) * align;
  // Each row going, classed while the WAL still holds its record.
  const held = new Uint8Array(newBase - w.base);
  for (let id = w.base; id < newBase; id++) {
    const r = id - w.base, rowLsn = w.lsn[r]!;
    held[r] = rowLsn >= 0 && holds(sim, primary, id, lsn) ? 1 : 0;
    if (w.lost[r] === 0 && (held[r] === 1 || rowLsn < 0)) tally(sim, id, w.status[r]!, w.timeline[r]!, held[r] === 1);
  }
  const baseKvBefore = kept.lsn;
  advanceBaseKv(sim, primary, lsn);
  kept.lsn = lsn;
  // Records before rows (a record's start is read from the write before it): the rows of
  // records still held stay readable, pinned if below the write table's new base.
  let records = 0;
  for (const tl of sim.wal.timelines) records += compactTimeline(tl, lsn, align, newBase);
  const dropped = newBase - w.base;
  if (dropped > 0) {
    const needed = neededRows(sim, w.base, newBase);
    for (let id = w.base; id < newBase; id++) {
      const r = id - w.base, rowLsn = w.lsn[r]!, lost = w.lost[r]!;
      const open = lost === 1 || (rowLsn >= 0 && held[r] === 0);
      if (!open && needed[r] === 0) continue;
      p.append(id, w.invokeUs[r]!, w.completeUs[r]!, rowLsn, w.timeline[r]!, w.keyId[r]!, w.sessionId[r]!, w.node[r]!, w.status[r]!,
        w.level[r]!, lost, held[r] === 1, open);
    }
    w.compactTo(newBase);
  }
  unpinUnneeded(sim);
  if (dropped > 0 || records > 0 || baseKvBefore !== lsn) kept.compactions++;
  return { writes: dropped, records, base: w.base, lsn };
}

/** The LSN below which every live node's history is the same and no cursor will read again. */
function compactionLsn(sim: Sim, live: readonly NodeRt[]): number {
  let lsn = Infinity;
  for (const n of live) {
    // A primary does not replay (its replay position is where it stood before a promotion); a
    // replica does not insert.
    const own = n.role === "primary" ? Math.min(n.insertLsn, n.flushLsn) : Math.min(n.replayLsn, n.flushLsn);
    lsn = Math.min(lsn, own, n.writeLsn, backFrom(sim, n, KEEP_RECORDS));
    for (const s of n.senders.values()) lsn = Math.min(lsn, s.sentLsn);
    for (const slot of n.slots.values()) if (!slot.lost && !sim.nodes[slot.standby]!.removed) lsn = Math.min(lsn, slot.restartLsn);
  }
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) lsn = Math.min(lsn, partPoint(sim, live[i]!.timeline, live[j]!.timeline));
  }
  return Number.isFinite(lsn) ? Math.max(0, lsn) : 0;
}

/** Where the lineages of two timelines part (Infinity when they are one). */
function partPoint(sim: Sim, a: Timeline, b: Timeline): number {
  if (a === b) return Infinity;
  if (sim.wal.descends(a, b)) return sim.wal.leavePoint(a, b);
  if (sim.wal.descends(b, a)) return sim.wal.leavePoint(b, a);
  return sim.wal.forkPoint(a, b);
}

/** Where the record `n` records below the node's insert position starts on its lineage (0 when there are fewer). */
function backFrom(sim: Sim, node: NodeRt, n: number): number {
  let tl: Timeline | null = node.timeline, below = Math.max(node.insertLsn, node.writeLsn), left = n;
  while (tl) {
    const top = tl.lowerBound(below);
    const have = top - tl.base;
    if (have >= left) return tl.start(top - left);
    left -= have;
    if (tl.base > 0) return tl.start(tl.base);
    below = Math.min(below, tl.switchLsn);
    tl = tl.parent;
  }
  return 0;
}

/** The first write id from the base on that must stay in the columns: pending, or its record ends past `lsn` and it is not lost. */
function writesEnd(w: WriteTable, lsn: number): number {
  for (let id = w.base; id < w.count; id++) {
    const r = id - w.base;
    if (w.status[r] === W_PENDING || (w.lsn[r]! > lsn && w.lost[r] === 0)) return id;
  }
  return w.count;
}

/** Calls `f` with every write id the run still reads by id: what nodes show, the base state, pending reads, commit queues, the checker's rows, WAL records held. */
function forEachNeeded(sim: Sim, f: (id: number) => void): void {
  const kvIds = sim.kv.ids;
  for (let i = 0; i < kvIds.length; i++) if (kvIds[i]! >= 0) f(kvIds[i]!);
  const base = sim.retained.kv;
  for (let i = 0; i < base.length; i++) if (base[i]! >= 0) f(base[i]!);
  sim.clients.reads.forEachPendingValue(f);
  sim.clients.checker.forEachAckedOp(f);
  for (const n of sim.nodes) {
    for (const q of [n.flushWaiters, ...n.syncWaiters, n.semiWaiters]) for (let i = 0; i < q.length; i++) f(q.at(i));
  }
  // Records still held: a record's start is the end of the one before it.
  for (const tl of sim.wal.timelines) for (let i = tl.base; i < tl.count; i++) f(tl.idAt(i));
}

/** Which ids in [from, to) the run still reads by id (forEachNeeded), as flags from `from` on. */
function neededRows(sim: Sim, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  forEachNeeded(sim, (id) => { if (id >= from && id < to) out[id - from] = 1; });
  return out;
}

/**
 * Lets go of pinned rows nothing needs any more (their class is counted already). A pass looks at
 * everything the run reads by id, so it runs only once the pinned rows have doubled since the last.
 */
function unpinUnneeded(sim: Sim): void {
  const w = sim.writes, p = w.pinned, kept = sim.retained;
  if (p.size < 2 * kept.pinnedChecked + 4096) return;
  const needed = new Uint8Array(p.size);
  forEachNeeded(sim, (id) => {
    if (id >= w.base) return;
    const r = p.find(id);
    if (r >= 0) needed[r] = 1;
  });
  let spare = 0;
  for (let r = 0; r < p.size; r++) if (p.open[r] === 0 && needed[r] === 0) spare++;
  if (spare > 0) {
    p.retain((r) => p.open[r] === 1 || needed[r] === 1);
    w.dropExtras();
  }
  kept.pinnedChecked = p.size;
}

/** A row dropped for good: counted in the ledger's totals (its class cannot change any more). */
function tally(sim: Sim, id: number, status: number, timeline: number, heldByAll: boolean): void {
  const kept = sim.retained;
  if (status === W_OK) {
    kept.acknowledgedDurable++;
    const last = kept.lastHeldOk.get(timeline);
    if (last === undefined || id > last) kept.lastHeldOk.set(timeline, id);
  } else if (heldByAll) kept.unacknowledgedPresent++;
  else kept.neverDurable++;
}

/** Moves the base state (each key's newest write) up to `lsn` along the primary's lineage. */
function advanceBaseKv(sim: Sim, primary: NodeRt, lsn: number): void {
  const kept = sim.retained, w = sim.writes;
  const cur = sim.wal.cursorAt(primary.timeline, kept.lsn);
  while (sim.wal.settle(cur, primary.timeline)) {
    const id = cur.tl.idAt(cur.index), end = w.lsnOf(id);
    if (end > lsn) break;
    kept.setKv(w.keyIdOf(id), id);
    kept.kvTopLsn = end;
    kept.kvTopTimeline = cur.tl.id;
    cur.index++;
  }
}

/**
 * Drops a timeline's records that end at or below `lsn`, in multiples of `align`, up to the first
 * whose write stays in the write table (below `writeBase` a write's row tells whether a record is
 * its own: a record dropped is in every history for good, and so is its write); how many went.
 */
function compactTimeline(tl: Timeline, lsn: number, align: number, writeBase: number): number {
  let upTo = tl.base;
  while (upTo < tl.count && tl.idAt(upTo) < writeBase && recordEnd(tl, upTo) <= lsn) upTo++;
  const newBase = tl.base + Math.floor((upTo - tl.base) / align) * align;
  const n = newBase - tl.base;
  tl.compactTo(newBase);
  return n;
}

function recordEnd(tl: Timeline, i: number): number {
  return tl.start(i + 1);
}
