/*
 * Commit latencies of acknowledged writes. Latencies are whole microseconds (virtual time is
 * integer), so the report's percentiles stay exact with a count per distinct value instead of
 * every value: a flat array for the first EXACT_LIMIT_US (where nearly all commits fall) and a
 * map above it (and for any fractional value). Memory is bounded by the distinct values, not by the number of writes. Log-spaced
 * buckets feed the live histogram.
 */
const EDGES_US = [0, 50, 100, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000, 20_000,
  30_000, 50_000, 70_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000];

/** 65.536 ms: 256 KB of counts */
const EXACT_LIMIT_US = 65_536;

/** the index of the last edge at or below us */
function bucketOf(us: number): number {
  let lo = 0, hi = EDGES_US.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (EDGES_US[mid]! <= us) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** bucketOf for every whole µs below EXACT_LIMIT_US, looked up by every commit (64 KB, shared) */
const BUCKET_OF_SMALL = new Uint8Array(EXACT_LIMIT_US);
for (let b = 1; b < EDGES_US.length && EDGES_US[b]! < EXACT_LIMIT_US; b++) BUCKET_OF_SMALL.fill(b, EDGES_US[b]!);

export class LatencyStats {
  private readonly small = new Int32Array(EXACT_LIMIT_US);
  private readonly large = new Map<number, number>();
  count = 0;
  max = 0;
  readonly counts = new Array<number>(EDGES_US.length).fill(0);

  add(us: number): void {
    if (us < EXACT_LIMIT_US && (us | 0) === us) {
      this.small[us]!++;
      this.counts[BUCKET_OF_SMALL[us]!]!++;
    } else {
      this.large.set(us, (this.large.get(us) ?? 0) + 1);
      this.counts[bucketOf(us)]!++;
    }
    this.count++;
    if (us > this.max) this.max = us;
  }

  get edges(): number[] {
    return EDGES_US;
  }

  /** Exact percentiles (nearest rank) of all values so far. */
  percentiles(ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => 0);
    const rank = (p: number) => Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)));
    const order = ps.map((p, i) => ({ rank: rank(p), i })).sort((a, b) => a.rank - b.rank);
    const out = ps.map(() => this.max);
    let next = 0, seen = 0;
    const visit = (value: number, n: number) => {
      seen += n;
      while (next < order.length && order[next]!.rank <= seen) out[order[next++]!.i] = value;
    };
    // The map holds values from EXACT_LIMIT_US up, and any fractional ones: merge it in order.
    const large = [...this.large.keys()].sort((a, b) => a - b);
    let j = 0;
    for (let us = 0; us < EXACT_LIMIT_US && next < order.length; us++) {
      if (this.small[us]! === 0) continue;
      while (j < large.length && large[j]! < us) { visit(large[j]!, this.large.get(large[j]!)!); j++; }
      visit(us, this.small[us]!);
    }
    for (; j < large.length && next < order.length; j++) visit(large[j]!, this.large.get(large[j]!)!);
    return out;
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
