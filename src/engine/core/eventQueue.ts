/*
 * The simulation's event queue: a binary min-heap ordered by (time, insertion sequence), so two
 * events at the same virtual time run in the order they were scheduled — the source of
 * determinism. Events are (kind, a, b) integer triples kept in parallel typed arrays: no object
 * per event, which keeps millions of events per second cheap for the garbage collector.
 */
export class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private as = new Int32Array(1024);
  private bs = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;

  // The event popped last; read by the dispatcher right after pop().
  kind = 0;
  a = 0;
  b = 0;
  time = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, a: number, b = 0): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent]!;
      if (pt < time || (pt === time && this.seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, seq, kind, a, b);
  }

  peekTime(): number | null {
    return this.count === 0 ? null : this.times[0]!;
  }

  /** Removes the earliest event into (time, kind, a, b). False when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.a = this.as[0]!;
    this.b = this.bs[0]!;
    const last = --this.count;
    if (last > 0) this.siftDownLast(last);
    return true;
  }

  private siftDownLast(last: number): void {
    const t = this.times[last]!, s = this.seqs[last]!, k = this.kinds[last]!, a = this.as[last]!, b = this.bs[last]!;
    const n = this.count;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(right, child)) child = right;
      const ct = this.times[child]!;
      if (t < ct || (t === ct && s < this.seqs[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, t, s, k, a, b);
  }

  private less(i: number, j: number): boolean {
    const ti = this.times[i]!, tj = this.times[j]!;
    return ti < tj || (ti === tj && this.seqs[i]! < this.seqs[j]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.as[to] = this.as[from]!;
    this.bs[to] = this.bs[from]!;
  }

  private set(i: number, time: number, seq: number, kind: number, a: number, b: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.as[i] = a;
    this.bs[i] = b;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const s = new Float64Array(n); s.set(this.seqs); this.seqs = s;
    const k = new Uint8Array(n); k.set(this.kinds); this.kinds = k;
    const a = new Int32Array(n); a.set(this.as); this.as = a;
    const b = new Int32Array(n); b.set(this.bs); this.bs = b;
  }
}
