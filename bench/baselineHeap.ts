/*
 * The baseline the engine is measured against: a bare binary min-heap event loop. Events are
 * ordered by (time, insertion sequence) exactly as the engine's queue orders them and kept in
 * parallel typed arrays; each handler does nothing but schedule one successor at a random
 * future time, so the heap keeps the size it was filled to. Whatever the engine spends beyond
 * this per event is the cost of simulating replication rather than of keeping time.
 */
export class BaselineHeap {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private payloads = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;

  /** the event popped last */
  time = 0;
  seq = 0;
  payload = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    const times = this.times, seqs = this.seqs, payloads = this.payloads;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Removes the earliest event into (time, seq, payload); false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times, seqs = this.seqs, payloads = this.payloads;
    this.time = times[0]!;
    this.seq = seqs[0]!;
    this.payload = payloads[0]!;
    const n = --this.count;
    if (n === 0) return true;
    const t = times[n]!, s = seqs[n]!, p = payloads[n]!;
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
      payloads[i] = payloads[child]!;
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    payloads[i] = p;
    return true;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const s = new Float64Array(n); s.set(this.seqs); this.seqs = s;
    const p = new Int32Array(n); p.set(this.payloads); this.payloads = p;
  }
}

/** xorshift32: a few instructions per number, so the handlers stay trivial. Never returns 0. */
export function xorshift32(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

export interface BaselineOptions {
  /** events to process (pops) */
  events: number;
  /** events kept in the heap, the engine's typical queue size */
  queueSize: number;
  /** successors are scheduled 1..maxDelayUs µs ahead (integers, like the engine's clock) */
  maxDelayUs?: number;
  seed?: number;
}

export interface BaselineResult {
  events: number;
  wallMs: number;
  /** user + system CPU time of the process over the run */
  cpuMs: number;
  eventsPerSec: number;
  eventsPerCpuSec: number;
  /** the heap's size at the end: equal to queueSize, as every pop pushes one successor */
  finalSize: number;
  /** sum of payloads seen, so no work can be optimised away */
  checksum: number;
}

export function runBaseline(opts: BaselineOptions): BaselineResult {
  const maxDelay = opts.maxDelayUs ?? 5000;
  const rand = xorshift32(opts.seed ?? 1);
  const heap = new BaselineHeap();
  const size = Math.max(1, Math.round(opts.queueSize));
  for (let i = 0; i < size; i++) heap.push(1 + (rand() % maxDelay), i);
  let checksum = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let n = 0; n < opts.events; n++) {
    heap.pop();
    checksum = (checksum + heap.payload) | 0;
    heap.push(heap.time + 1 + (rand() % maxDelay), heap.payload);
  }
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  return { events: opts.events, wallMs, cpuMs, eventsPerSec: opts.events / (wallMs / 1000),
    eventsPerCpuSec: opts.events / (cpuMs / 1000), finalSize: heap.size, checksum };
}

/** user + system CPU milliseconds since `start` (a process.cpuUsage() reading) */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}
