/*
 * The simulation's event queue: a binary min-heap ordered by (time, insertion sequence), so two
 * events at the same virtual time run in the order they were scheduled — the source of
 * determinism. Events are (kind, a, b) integer triples kept in typed arrays: no object per
 * event, which keeps millions of events per second cheap for the garbage collector.
 *
 * The heap itself holds only (time, seq, slot); an event's (kind, a, b) sit in a slot that never
 * moves (slots are recycled through a free list). Sifting then moves three columns rather than
 * five, which is most of what a push or pop costs.
 */
export class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private slots = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;

  private kinds = new Uint8Array(1024);
  private as = new Int32Array(1024);
  private bs = new Int32Array(1024);
  /** free slots, a stack; slots[0..count) are in use, every other slot is free */
  private free = new Int32Array(1024);
  private freeCount = 1024;

  // The event popped last; read by the dispatcher right after pop().
  kind = 0;
  a = 0;
  b = 0;
  time = 0;

  constructor() {
    for (let i = 0; i < 1024; i++) this.free[i] = 1023 - i;
  }

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, a: number, b = 0): void {
    if (this.count === this.times.length) this.grow();
    const slot = this.free[--this.freeCount]!;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    const times = this.times, seqs = this.seqs, slots = this.slots;
    const seq = this.nextSeq++;
    let i = this.count++;
    // Sift up: move parents down until the place for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  peekTime(): number | null {
    return this.count === 0 ? null : this.times[0]!;
  }

  /** The earliest event's time; only when size > 0. */
  firstTime(): number {
    return this.times[0]!;
  }

  /** Removes the earliest event into (time, kind, a, b). False when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times, seqs = this.seqs, slots = this.slots;
    const top = slots[0]!;
    this.time = times[0]!;
    this.kind = this.kinds[top]!;
    this.a = this.as[top]!;
    this.b = this.bs[top]!;
    this.free[this.freeCount++] = top;
    const n = --this.count;
    if (n === 0) return true;
    // Sift the last event down from the root.
    const t = times[n]!, s = seqs[n]!, slot = slots[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!, ct = times[child]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) child = right;
      }
      const ct = times[child]!;
      if (t < ct || (t === ct && s < seqs[child]!)) break;
      times[i] = ct;
      seqs[i] = seqs[child]!;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = slot;
    return true;
  }

  private grow(): void {
    const old = this.times.length, n = old * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const s = new Float64Array(n); s.set(this.seqs); this.seqs = s;
    const sl = new Int32Array(n); sl.set(this.slots); this.slots = sl;
    const k = new Uint8Array(n); k.set(this.kinds); this.kinds = k;
    const a = new Int32Array(n); a.set(this.as); this.as = a;
    const b = new Int32Array(n); b.set(this.bs); this.bs = b;
    // Every slot is in use when the heap is full: the new ones are the free ones.
    const f = new Int32Array(n);
    for (let i = 0; i < n - old; i++) f[i] = n - 1 - i;
    this.free = f;
    this.freeCount = n - old;
  }
}
