/*
 * A binary min-heap of (time, seq, slot) in typed arrays, ordered by (time, seq): the event
 * queue's store for events too far ahead for its wheel (timeouts, status intervals, anything
 * beyond WHEEL_SPAN_US). `slot` names where the event's arguments are kept.
 */
import { grown } from "./grown";

export class FarHeap {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private slots = new Int32Array(64);
  size = 0;
  /** the earliest entry's time, Infinity when empty: the wheel compares it at every step of the clock */
  first = Infinity;

  push(time: number, seq: number, slot: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times, seqs = this.seqs, slots = this.slots;
    let i = this.size++;
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
    if (i === 0) this.first = time;
  }

  /** Removes the earliest entry and returns its slot; only when size > 0. */
  pop(): number {
    const times = this.times, seqs = this.seqs, slots = this.slots;
    const top = slots[0]!;
    const n = --this.size;
    if (n === 0) {
      this.first = Infinity;
      return top;
    }
    const t = times[n]!, s = seqs[n]!, slot = slots[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n) {
        const rt = times[child + 1]!, lt = times[child]!;
        if (rt < lt || (rt === lt && seqs[child + 1]! < seqs[child]!)) child++;
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
    this.first = times[0]!;
    return top;
  }

  private grow(): void {
    const n = this.times.length * 2;
    this.times = grown(this.times, n);
    this.seqs = grown(this.seqs, n);
    this.slots = grown(this.slots, n);
  }
}
