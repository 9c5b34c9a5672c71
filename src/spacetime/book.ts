/*
 * The page's book of a run's trace: deltas from the worker added up. Messages sit in columns
 * ordered by arrival (the recorder records them as they arrive), so the messages of a time
 * window are found by binary search; operations are paired into spans (invoke → completion).
 * Bounded: past MAX_MESSAGES the oldest half is dropped (the diagram says from when it shows).
 */
import type { Band, TraceClusterEvent, TraceOpEvent } from "../engine/trace/recorder";
import type { Anomaly } from "../engine/views";
import type { MessageBatch, TraceDelta } from "./feed";

export const MAX_MESSAGES = 400_000;

/** The engine's message kinds (src/engine/cluster/state.ts MSG_*) */
const MSG_WAL = 1, MSG_FEEDBACK = 2, MSG_KEEPALIVE = 3;
/** What the diagram draws a message as */
export const TAG_WAL = 1, TAG_ACK_WRITE = 2, TAG_ACK_FLUSH = 3, TAG_ACK_APPLY = 4, TAG_REPLY = 5, TAG_KEEPALIVE = 6,
  TAG_CONTROL = 7;
const MAX_SPANS = 200_000;
/** a closed span longer than this is also kept in a list of its own: a window's search looks back only this far */
export const LONG_SPAN_US = 1_000_000;

export type OpResult = "ok" | "fail" | "info" | "pending";

/** A client operation from invoke to completion. */
export interface Span {
  op: number;
  f: "write" | "read";
  process: string;
  key: string;
  /** written value, or what a read returned */
  value: string | null;
  node: string | null;
  invokeUs: number;
  /** null: no answer yet */
  endUs: number | null;
  result: OpResult;
  /** commit LSN of a write; LSN of the version a read returned */
  lsn: number | null;
  /** a read: the write whose value it returned */
  writeOp: number | null;
  /** a read: how far its node had replayed when it answered */
  replayLsn: number | null;
  /** a write: when a fault dropped it (null: it was not lost, or was restored) */
  lostUs: number | null;
  error: string | null;
}

type Col = Float64Array | Uint8Array;

let nextBookId = 1;

export class TraceBook {
  /** tells one book from another (a new run's book replaces the old) */
  readonly id = nextBookId++;
  names: string[] = [];
  /** index since the start of the run of the first message kept */
  base = 0;
  count = 0;
  kind = new Uint8Array(1024);
  from = new Uint8Array(1024);
  to = new Uint8Array(1024);
  sentUs = new Float64Array(1024);
  arriveUs = new Float64Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);
  write = new Float64Array(1024);
  flush = new Float64Array(1024);
  replay = new Float64Array(1024);
  /** what a message is, for drawing (TAG_*): a feedback's tag says which position it advanced */
  tag = new Uint8Array(1024);
  /** per standby (node index): its last feedback's positions */
  private readonly lastFeedback = new Map<number, { write: number; flush: number; replay: number }>();
  /** the longest transit kept: a window's messages arrive at most this long after it ends */
  maxTransitUs = 0;
  readonly spans = new Map<number, Span>();
  /** spans in order of invocation */
  spanList: Span[] = [];
  bands: Band[] = [];
  cluster: TraceClusterEvent[] = [];
  anomalies: Anomaly[] = [];
  /** reads some finding (not a lost write) names: drawn red */
  readonly staleReads = new Set<number>();
  /** sessions in order of their first kept operation (one lane each) */
  sessions: string[] = [];
  private readonly sessionSet = new Set<string>();
  /** keys operated on */
  readonly keys = new Set<string>();
  /** bumps when a session or a key is first seen (the Follow menu re-renders then only) */
  namesVersion = 0;
  /** operations not answered yet, and answered ones that took longer than LONG_SPAN_US */
  private readonly openSpans = new Set<Span>();
  private longSpans: Span[] = [];
  /** messages were dropped (the ring or this book overflowed): the book starts later than the run */
  truncated = false;
  /** bumps on every change */
  version = 0;

  add(d: TraceDelta): void {
    this.names = d.names;
    this.addMessages(d.messages);
    for (const e of d.ops) this.addOp(e);
    this.cluster.push(...d.cluster);
    if (d.bands) this.bands = d.bands;
    this.anomalies.push(...d.anomalies);
    for (const a of d.anomalies) if (a.read !== null && a.kind !== "lost-write") this.staleReads.add(a.read);
    this.version++;
  }

  private addMessages(m: MessageBatch): void {
    if (m.count === 0) return;
    if (m.first > this.base + this.count) this.truncated = true;
    if (this.count === 0 && m.first > 0) this.truncated = true;
    if (this.count === 0) this.base = m.first;
    this.ensure(this.count + m.count);
    const at = this.count;
    this.kind.set(m.kind, at); this.from.set(m.from, at); this.to.set(m.to, at); this.sentUs.set(m.sentUs, at);
    this.arriveUs.set(m.arriveUs, at); this.start.set(m.start, at); this.end.set(m.end, at); this.write.set(m.write, at);
    this.flush.set(m.flush, at); this.replay.set(m.replay, at);
    for (let k = 0; k < m.count; k++) {
      const t = m.arriveUs[k]! - m.sentUs[k]!;
      if (t > this.maxTransitUs) this.maxTransitUs = t;
      this.tag[at + k] = this.tagOf(m, k);
    }
    this.count += m.count;
  }

  /** WAL, keepalive, connection messages by kind; feedback by the position it advanced */
  private tagOf(m: MessageBatch, k: number): number {
    const kind = m.kind[k]!;
    if (kind === MSG_WAL) return TAG_WAL;
    if (kind === MSG_KEEPALIVE) return TAG_KEEPALIVE;
    if (kind !== MSG_FEEDBACK) return TAG_CONTROL;
    const last = this.lastFeedback.get(m.from[k]!);
    const now = { write: m.write[k]!, flush: m.flush[k]!, replay: m.replay[k]! };
    this.lastFeedback.set(m.from[k]!, now);
    if (!last) return TAG_ACK_WRITE;
    if (now.replay > last.replay) return TAG_ACK_APPLY;
    if (now.flush > last.flush) return TAG_ACK_FLUSH;
    if (now.write > last.write) return TAG_ACK_WRITE;
    return TAG_REPLY;
  }

  private ensure(n: number): void {
    if (n > MAX_MESSAGES) {
      const drop = Math.min(this.count, n - MAX_MESSAGES + (MAX_MESSAGES >> 1));
      for (const c of this.columns()) c.copyWithin(0, drop, this.count);
      this.count -= drop;
      this.base += drop;
      this.truncated = true;
      n -= drop;
    }
    if (n <= this.kind.length) return;
    let size = this.kind.length;
    while (size < n) size *= 2;
    this.tag = grow(this.tag, size); this.kind = grow(this.kind, size); this.from = grow(this.from, size); this.to = grow(this.to, size);
    this.sentUs = grow(this.sentUs, size); this.arriveUs = grow(this.arriveUs, size); this.start = grow(this.start, size);
    this.end = grow(this.end, size); this.write = grow(this.write, size); this.flush = grow(this.flush, size);
    this.replay = grow(this.replay, size);
  }

  private columns(): Col[] {
    return [this.tag, this.kind, this.from, this.to, this.sentUs, this.arriveUs, this.start, this.end, this.write, this.flush, this.replay];
  }

  private addOp(e: TraceOpEvent): void {
    let s = this.spans.get(e.op);
    if (e.type === "invoke") {
      if (s) return;
      s = { op: e.op, f: e.f, process: e.process, key: e.key, value: e.f === "write" ? e.value : null, node: e.node,
        invokeUs: e.timeUs, endUs: null, result: "pending", lsn: null, writeOp: null, replayLsn: null, lostUs: null, error: null };
      this.spans.set(e.op, s);
      this.spanList.push(s);
      this.openSpans.add(s);
      if (!this.sessionSet.has(s.process)) { this.sessionSet.add(s.process); this.sessions.push(s.process); this.namesVersion++; }
      if (!this.keys.has(s.key)) { this.keys.add(s.key); this.namesVersion++; }
      if (this.spanList.length > MAX_SPANS) this.dropSpans();
      return;
    }
    if (!s) return;
    if (e.type === "lost") { s.lostUs = e.timeUs; return; }
    if (e.type === "restored") { s.lostUs = null; return; }
    if (e.type === "pending") return;
    if (this.openSpans.delete(s) && e.timeUs - s.invokeUs > LONG_SPAN_US) this.longSpans.push(s);
    s.endUs = e.timeUs;
    s.result = e.type;
    s.node = e.node ?? s.node;
    s.lsn = e.lsn;
    if (e.f === "read") { s.value = e.value; s.writeOp = e.writeOp; s.replayLsn = e.replayLsn; }
    s.error = e.error;
  }

  private dropSpans(): void {
    const drop = this.spanList.splice(0, this.spanList.length - (MAX_SPANS >> 1));
    for (const s of drop) { this.spans.delete(s.op); this.openSpans.delete(s); }
    this.longSpans = this.longSpans.filter((s) => this.spans.get(s.op) === s);
    this.sessions = [];
    this.sessionSet.clear();
    for (const s of this.spanList) if (!this.sessionSet.has(s.process)) { this.sessionSet.add(s.process); this.sessions.push(s.process); }
    this.namesVersion++;
    this.truncated = true;
  }

  /**
   * Operations that meet [fromUs, toUs] and began by nowUs, in order of invocation; one still
   * waiting ends at nowUs. Found by binary search: only the long and the open ones are looked at
   * outside the window (a busy run keeps 200,000 operations; a frame must not walk them all).
   */
  spansIn(fromUs: number, toUs: number, nowUs: number): Span[] {
    const list = this.spanList;
    const lastInvoke = Math.min(toUs, nowUs);
    const lookBack = fromUs - LONG_SPAN_US;
    const out: Span[] = [];
    const meets = (s: Span) => s.invokeUs <= lastInvoke && (s.endUs ?? nowUs) >= fromUs;
    for (const s of this.longSpans) if (s.invokeUs < lookBack && meets(s)) out.push(s);
    for (const s of this.openSpans) if (s.invokeUs < lookBack && meets(s)) out.push(s);
    if (out.length > 1) out.sort((a, b) => a.invokeUs - b.invokeUs || a.op - b.op);
    for (let i = lowerBoundBy(list, lookBack); i < list.length && list[i]!.invokeUs <= lastInvoke; i++) {
      if (meets(list[i]!)) out.push(list[i]!);
    }
    return out;
  }

  /** index (in the book) of the first message arriving at or after t */
  firstArrivingFrom(t: number): number {
    let lo = 0, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.arriveUs[mid]! < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** the time the book starts at (its first message or span), µs */
  startUs(): number {
    const m = this.count > 0 ? this.sentUs[0]! : Infinity;
    const s = this.spanList.length > 0 ? this.spanList[0]!.invokeUs : Infinity;
    const t = Math.min(m, s);
    return Number.isFinite(t) ? t : 0;
  }
}

/** index of the first span invoked at or after t (spans are in order of invocation) */
function lowerBoundBy(list: Span[], t: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.invokeUs < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function grow<T extends Col>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
