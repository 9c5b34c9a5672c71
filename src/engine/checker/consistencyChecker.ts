/*
 * The consistency checker. It watches the client history from outside — the same events
 * `--history` writes — and finds, incrementally, as a run goes:
 *  - stale reads: a read returned a version older than a write to the same key that was
 *    acknowledged before the read began (unless that write was found lost before the read
 *    returned: losing it is its own anomaly, counted once, as a lost write);
 *  - read-your-writes violations: the same, for a write of the read's own session;
 *  - monotonic-read violations: a session read an older version than one it read before;
 *  - lost acknowledged writes: a write the engine reports lost (failover, crash, rewind), until
 *    a later promotion brings it back ("restored": from then on reads count against it again).
 * Versions of a key are ordered by write op id, which is WAL order on any one primary.
 * Every anomaly names the operations that prove it. The tests hold it against a brute-force
 * reference on random histories.
 *
 * Inside the engine it keeps per acknowledgement only the op and its order, and reads the rest
 * (session, ack time, LSN, timeline, lost) from the write table: the very values the history's
 * events carry, without a second copy of each (see AckFacts). Fed a history from outside, it
 * records them from the events.
 */
import { NameIds } from "../core/nameIds";
import type { HistoryEvent } from "../views";
import { AckIndex, NONE as NO_ROW, type AckFacts } from "./ackIndex";

export type AnomalyKind = "stale-read" | "read-your-writes" | "monotonic-read" | "lost-write";

export interface Anomaly {
  kind: AnomalyKind;
  key: string;
  process: string;
  node: string | null;
  atUs: number;
  /** the read that saw too old a version (not for lost-write) */
  read: number | null;
  /** the write it missed, or the lost write */
  write: number | null;
  /** monotonic-read: the earlier read that saw a newer version */
  previousRead: number | null;
  /** how far behind the returned version was, in WAL bytes (null across timelines or when unknown) */
  lagBytes: number | null;
  /** how long the missed write had been acknowledged when the read began, ms */
  lagMs: number | null;
}

interface PendingRead { key: string; keyId: number; process: string; invokeUs: number; ackSeq: number; seen: { op: number; read: number } | null }

const KEEP_ANOMALIES = 1000;

export class ConsistencyChecker {
  readonly counts = { staleReads: 0, readYourWrites: 0, monotonicReads: 0, lostWrites: 0 };
  readonly anomalies: Anomaly[] = [];
  private readonly acks: AckIndex;
  private readonly facts: AckFacts;
  /** the facts of the writes acknowledged through writeAcked, when no AckFacts was given */
  private readonly recorded: RecordedFacts | null;
  private readonly keyIds = new NameIds();
  private readonly processIds = new NameIds();
  private readonly pendingReads = new Map<number, PendingRead>();
  /** per process, per key: the newest version read, and by which read */
  private readonly seen = new Map<string, Map<string, { op: number; read: number }>>();
  /** acknowledgements so far: a read is judged against the ones before its invocation */
  private ackSeq = 0;

  /**
   * `ackCapacity`: acknowledgements to make room for before the first compaction or growth.
   * `facts`: where the acknowledged writes' facts are read (the engine's write table); without it
   * the checker records them from the history itself (writeAcked).
   */
  constructor(ackCapacity?: number, facts?: AckFacts) {
    this.recorded = facts ? null : new RecordedFacts();
    this.facts = facts ?? this.recorded!;
    this.acks = new AckIndex(this.facts, ackCapacity);
  }

  /** Calls `f` with every acknowledged write op the checker may still ask facts of (the retention window keeps them). */
  forEachAckedOp(f: (op: number) => void): void {
    this.acks.forEachOp(f);
  }

  /** Feeds one history event; returns the anomalies it reveals. Cluster events (promote, …) tell it nothing. */
  observe(e: HistoryEvent): Anomaly[] {
    if (!("f" in e)) return [];
    if (e.f === "write") {
      if (e.type === "ok") this.writeAcked(e.op, e.key, e.process, e.timeUs, e.lsn ?? -1, e.timeline ?? 0);
      if (e.type === "lost") return [this.writeLost(e.op, e.key, e.process, e.node, e.timeUs)];
      if (e.type === "restored") this.writeRestored(e.op);
      return [];
    }
    if (e.type === "invoke") { this.readInvoked(e.op, e.key, e.process, e.timeUs); return []; }
    if (e.type === "ok") return this.readReturned(e.op, e.writeOp ?? null, e.lsn, e.timeline, e.node, e.timeUs);
    this.pendingReads.delete(e.op);
    return [];
  }

  writeAcked(op: number, key: string, process: string, timeUs: number, lsn: number, timeline: number): void {
    // Write ops are the engine's write ids, whole numbers below 2^31, and the checker keeps them in
    // 32 bits: a history from elsewhere must keep to that.
    if (!Number.isInteger(op) || op < 0 || op > 0x7fffffff) throw new RangeError(`write op ${op}: write ops are whole numbers from 0 to 2^31 - 1`);
    if (!this.recorded) throw new Error("this checker reads acknowledged writes from its AckFacts: acknowledge them with ackWrite");
    this.recorded.ack(op, this.processId(process), timeUs, lsn, timeline);
    this.ackWrite(op, this.keyId(key));
  }

  /**
   * The engine's hot path: write `op` of key `keyId` (an id from keyId()) was acknowledged; the
   * checker's AckFacts already know the rest.
   */
  ackWrite(op: number, keyId: number): void {
    if (this.acks.full) this.acks.makeRoom(this.oldestPendingSeq(), this.ackSeq);
    this.acks.add(op, this.ackSeq++, keyId);
  }

  writeLost(op: number, key: string, process: string, node: string | null, timeUs: number): Anomaly {
    // The engine marks the write lost in its write table before it says so here.
    this.recorded?.markLost(op);
    this.counts.lostWrites++;
    return this.record({ kind: "lost-write", key, process, node, atUs: timeUs, read: null, write: op, previousRead: null,
      lagBytes: null, lagMs: null });
  }

  /** A write declared lost is back (a later promotion's history holds it): reads count against it again. */
  writeRestored(op: number): void {
    // As for writeLost, the engine has already cleared the mark in its write table.
    this.recorded?.markLost(op, false);
    this.counts.lostWrites--;
  }

  readInvoked(op: number, key: string, process: string, timeUs: number): void {
    this.pendingReads.set(op, { key, keyId: this.keyId(key), process, invokeUs: timeUs, ackSeq: this.ackSeq, seen: this.seen.get(process)?.get(key) ?? null });
  }

  readFailed(op: number): void {
    this.pendingReads.delete(op);
  }

  /** A read returned the version written by `writeOp` (null: none); the anomalies it shows. */
  readReturned(op: number, writeOp: number | null, lsn: number | null, timeline: number | null, node: string | null,
    timeUs: number): Anomaly[] {
    const r = this.pendingReads.get(op);
    if (!r) return NONE;
    this.pendingReads.delete(op);
    const got = writeOp ?? -1;
    let out = NONE;
    const log = this.acks, facts = this.facts;
    const latestRow = log.latest(r.keyId, r.ackSeq, -1);
    const latest = latestRow === NO_ROW ? -1 : log.op[latestRow]!;
    if (latest > got) {
      const me = this.processIds.get(r.process);
      const mineRow = me === undefined ? NO_ROW : facts.process(latest) === me ? latestRow : log.latest(r.keyId, r.ackSeq, me);
      const mine = mineRow === NO_ROW ? -1 : log.op[mineRow]!;
      const base = { key: r.key, process: r.process, node, atUs: timeUs, read: op, previousRead: null };
      const lag = (w: number) => ({
        write: w,
        lagBytes: facts.timeline(w) === timeline || timeline === null ? facts.lsn(w) - (lsn ?? 0) : null,
        lagMs: (r.invokeUs - facts.ackUs(w)) / 1000,
      });
      out = [];
      this.counts.staleReads++;
      out.push(this.record({ ...base, kind: "stale-read", ...lag(latest) }));
      if (mine > got) {
        this.counts.readYourWrites++;
        out.push(this.record({ ...base, kind: "read-your-writes", ...lag(mine) }));
      }
    }
    if (r.seen && r.seen.op > got) {
      this.counts.monotonicReads++;
      if (out === NONE) out = [];
      out.push(this.record({ kind: "monotonic-read", key: r.key, process: r.process, node, atUs: timeUs, read: op,
        write: r.seen.op, previousRead: r.seen.read, lagBytes: null, lagMs: null }));
    }
    if (got >= 0) {
      const seen = mapFor(this.seen, r.process);
      const prev = seen.get(r.key);
      if (!prev || prev.op < got) seen.set(r.key, { op: got, read: op });
    }
    return out;
  }

  /** the smallest ack sequence a pending read was invoked at: rows before it may still be asked for */
  private oldestPendingSeq(): number {
    let min = Infinity;
    for (const r of this.pendingReads.values()) if (r.ackSeq < min) min = r.ackSeq;
    return min;
  }

  keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keyIds.size;
      this.keyIds.set(key, id);
      // The key's chain head is made with its name (a workload names all its keys at its start),
      // rather than as its first acknowledgements come in.
      this.acks.ensureKey(id);
    }
    return id;
  }

  processId(process: string): number {
    let id = this.processIds.get(process);
    if (id === undefined) { id = this.processIds.size; this.processIds.set(process, id); }
    return id;
  }

  private record(a: Anomaly): Anomaly {
    if (this.anomalies.length < KEEP_ANOMALIES) this.anomalies.push(a);
    return a;
  }
}

const NONE: Anomaly[] = [];

/** The facts of acknowledged writes as a history from outside tells them (the checker's own copy). */
class RecordedFacts implements AckFacts {
  private readonly byOp = new Map<number, { process: number; ackUs: number; lsn: number; timeline: number; lost: boolean }>();

  ack(op: number, process: number, ackUs: number, lsn: number, timeline: number): void {
    this.byOp.set(op, { process, ackUs, lsn, timeline, lost: false });
  }

  markLost(op: number, lost = true): void {
    const f = this.byOp.get(op);
    if (f) f.lost = lost;
  }

  process(op: number): number { return this.byOp.get(op)!.process; }
  lost(op: number): boolean { return this.byOp.get(op)!.lost; }
  ackUs(op: number): number { return this.byOp.get(op)!.ackUs; }
  lsn(op: number): number { return this.byOp.get(op)!.lsn; }
  timeline(op: number): number { return this.byOp.get(op)!.timeline; }
}

function mapFor<V>(m: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let inner = m.get(k);
  if (!inner) { inner = new Map(); m.set(k, inner); }
  return inner;
}
