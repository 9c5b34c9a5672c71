/*
 * Commit latencies of acknowledged writes: every value kept (8 bytes each) so the report's
 * percentiles are exact, plus log-spaced buckets for the live histogram.
 */
const EDGES_US = [0, 50, 100, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000, 20_000,
  30_000, 50_000, 70_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000];

export class LatencyStats {
  private values = new Float64Array(1024);
  count = 0;
  max = 0;
  readonly counts = new Array<number>(EDGES_US.length).fill(0);

  add(us: number): void {
    if (this.count === this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[this.count++] = us;
    if (us > this.max) this.max = us;
    // the last edge at or below us (binary search: this runs for every acknowledged write)
    let lo = 0, hi = EDGES_US.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (EDGES_US[mid]! <= us) lo = mid; else hi = mid - 1;
    }
    this.counts[lo]!++;
  }

  get edges(): number[] {
    return EDGES_US;
  }

  /** Exact percentiles (nearest rank) of all values so far. */
  percentiles(ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => 0);
    const sorted = this.values.slice(0, this.count).sort();
    return ps.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))]!);
  }

  /** Percentile estimated from the buckets (cheap, for live snapshots): the bucket's upper edge. */
  bucketPercentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = (p / 100) * this.count;
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i]!;
      if (acc >= rank) return Math.min(this.max, EDGES_US[i + 1] ?? this.max);
    }
    return this.max;
  }
}
