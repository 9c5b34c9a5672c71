/*
 * The simulation's event queue. Events leave in (time, insertion order), so two events at the
 * same virtual time run in the order they were scheduled — the source of determinism. Events
 * are (kind, a, b) integer triples in typed arrays: no object per event, which keeps millions
 * of events per second cheap for the garbage collector.
 *
 * Virtual time is whole microseconds and never goes back, and nearly every event is due within
 * a few milliseconds (replay, fsync, network), so the queue is a timing wheel rather than a
 * heap: one FIFO list per microsecond of the next WHEEL_SPAN_US, found through two levels of
 * occupancy bits. Pushing appends to a list, popping takes the head of the first non-empty one:
 * neither sifts. Events due later wait in a (time, seq) heap and move onto the wheel, in their
 * order, as soon as their time comes within its span — before anything else can be scheduled
 * at that time — so a list's order is always insertion order.
 */
import { FarHeap } from "./farHeap";
import { grown } from "./grown";

const SPAN_BITS = 13;
/** 8.192 ms: covers the usual network delays, fsyncs and replay */
export const WHEEL_SPAN_US = 1 << SPAN_BITS;
const MASK = WHEEL_SPAN_US - 1;
const WORDS = WHEEL_SPAN_US >> 5;
const SUMMARY_WORDS = WORDS >> 5;
const NONE = -1;

/** index of the lowest set bit; x ≠ 0 */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class EventQueue {
  // Event storage by slot. Free slots are linked through `nexts`, which a popped event has just
  // been read from: recycling a slot touches nothing else.
  private kinds = new Uint8Array(1024);
  private as = new Int32Array(1024);
  private bs = new Int32Array(1024);
  /** due times, kept for events in the far heap only: a wheel list's index gives its time */
  private times = new Float64Array(1024);
  /** the next event of the same wheel list, or of the free list */
  private nexts = new Int32Array(1024);
  private freeHead = 0;

  // The wheel: list heads and tails per microsecond, occupancy bits per list and per bit word.
  private readonly firsts = new Int32Array(WHEEL_SPAN_US).fill(NONE);
  private readonly lasts = new Int32Array(WHEEL_SPAN_US);
  private readonly bits = new Int32Array(WORDS);
  private readonly summary = new Int32Array(SUMMARY_WORDS);
  /** the wheel covers [base, base + WHEEL_SPAN_US); base is the time of the last event popped */
  private base = 0;
  private onWheel = 0;

  private readonly far = new FarHeap();
  private nextSeq = 0;

  // The event popped last; read by the dispatcher right after pop().
  kind = 0;
  a = 0;
  b = 0;
  time = 0;

  constructor() {
    linkFree(this.nexts, 0, 1024);
  }

  get size(): number {
    return this.onWheel + this.far.size;
  }

  push(time: number, kind: number, a: number, b = 0): void {
    // The common case is kept small so that V8 inlines it into the handlers that schedule (its
    // inlining budget is counted in bytecode): a whole µs within the wheel's span (the one
    // test below also refuses fractions and the past), and a free slot.
    const d = time - this.base;
    if ((d & MASK) !== d || this.freeHead === NONE) return this.pushSlow(time, kind, a, b);
    this.append(this.store(time, kind, a, b), time);
  }

  private pushSlow(time: number, kind: number, a: number, b: number): void {
    // Both would break the wheel's order; the engine never does either.
    if (!(time >= this.base) || Math.floor(time) !== time) {
      throw new Error(`event at ${time} µs: times are whole µs, not before the last event (${this.base} µs)`);
    }
    if (this.freeHead === NONE) this.grow();
    const slot = this.store(time, kind, a, b);
    if (time < this.base + WHEEL_SPAN_US) this.append(slot, time);
    else {
      this.times[slot] = time;
      this.far.push(time, this.nextSeq++, slot);
    }
  }

  /** Takes a free slot for the event. */
  private store(time: number, kind: number, a: number, b: number): number {
    const slot = this.freeHead;
    this.freeHead = this.nexts[slot]!;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    return slot;
  }

  peekTime(): number | null {
    // Everything on the wheel is due before anything in the far heap.
    if (this.onWheel > 0) return this.timeOfList(this.nextList());
    return this.far.size > 0 ? this.far.first : null;
  }

  /** Removes the earliest event into (time, kind, a, b). False when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Like pop(), but only an event due at or before `limit`. */
  popUntil(limit: number): boolean {
    // Kept small, rare steps in functions of their own, so that V8 inlines it into the loop.
    if (this.onWheel === 0 && !this.wheelFromFar(limit)) return false;
    const list = this.nextList();
    const t = this.timeOfList(list);
    if (t > limit) return false;
    const slot = this.firsts[list]!;
    if (t !== this.base) this.advance(t);
    const next = this.nexts[slot]!;
    this.firsts[list] = next;
    if (next === NONE) this.emptied(list);
    this.onWheel--;
    this.time = t;
    this.kind = this.kinds[slot]!;
    this.a = this.as[slot]!;
    this.b = this.bs[slot]!;
    this.nexts[slot] = this.freeHead;
    this.freeHead = slot;
    return true;
  }

  /** The wheel is empty: moves it on to the far heap's first event if that is due by `limit`. */
  private wheelFromFar(limit: number): boolean {
    if (this.far.size === 0) return false;
    const t = this.far.first;
    if (t > limit) return false;
    this.advance(t);
    return true;
  }

  private emptied(list: number): void {
    const w = list >> 5;
    const bits = this.bits[w]! & ~(1 << (list & 31));
    this.bits[w] = bits;
    if (bits === 0) this.summary[w >> 5] = this.summary[w >> 5]! & ~(1 << (w & 31));
  }

  private append(slot: number, time: number): void {
    const list = time & MASK;
    this.nexts[slot] = NONE;
    if (this.firsts[list] === NONE) {
      this.firsts[list] = slot;
      const w = list >> 5;
      this.bits[w] = this.bits[w]! | (1 << (list & 31));
      this.summary[w >> 5] = this.summary[w >> 5]! | (1 << (w & 31));
    } else {
      this.nexts[this.lasts[list]!] = slot;
    }
    this.lasts[list] = slot;
    this.onWheel++;
  }

  /** The wheel moves on to `time`: far events now within its span join it, earliest first. */
  private advance(time: number): void {
    this.base = time;
    if (this.far.first < time + WHEEL_SPAN_US) this.joinFromFar(time + WHEEL_SPAN_US);
  }

  private joinFromFar(end: number): void {
    const far = this.far;
    while (far.first < end) {
      const slot = far.pop();
      this.append(slot, this.times[slot]!);
    }
  }

  /** The time of wheel list `list`: the one µs in [base, base + WHEEL_SPAN_US) that maps to it. */
  private timeOfList(list: number): number {
    return this.base + ((list - this.base) & MASK);
  }

  /** The first non-empty list at or after the base, going round the wheel; only when onWheel > 0. */
  private nextList(): number {
    const from = this.base & MASK;
    const w = from >> 5;
    const m = this.bits[w]! & (-1 << (from & 31));
    return m !== 0 ? (w << 5) | lowestBit(m) : this.nextListAfter(w);
  }

  /** The first non-empty list in the words after `w`, through the summary bits. Coming round to
   * w's own word finds only lists below the base, which are the latest times on the wheel: the
   * right order. */
  private nextListAfter(w: number): number {
    w = (w + 1) & (WORDS - 1);
    let s = w >> 5;
    let sm = this.summary[s]! & (-1 << (w & 31));
    while (sm === 0) {
      s = (s + 1) & (SUMMARY_WORDS - 1);
      sm = this.summary[s]!;
    }
    const word = (s << 5) | lowestBit(sm);
    return (word << 5) | lowestBit(this.bits[word]!);
  }

  private grow(): void {
    const old = this.kinds.length, n = old * 2;
    this.kinds = grown(this.kinds, n);
    this.as = grown(this.as, n);
    this.bs = grown(this.bs, n);
    this.times = grown(this.times, n);
    this.nexts = grown(this.nexts, n);
    // Every slot is in use when none is free: the new ones are the free ones.
    linkFree(this.nexts, old, n);
    this.freeHead = old;
  }
}

/** Links slots [from, to) into the free list, in order, ending it there. */
function linkFree(nexts: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) nexts[i] = i + 1 < to ? i + 1 : NONE;
}
