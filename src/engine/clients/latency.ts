/*
 * Commit latencies of acknowledged writes. Latencies are whole microseconds (virtual time is
 * integer), so the report's percentiles stay exact with a count per distinct value instead of
 * every value: a flat array for the first EXACT_LIMIT_US (where nearly all commits fall) and a
 * map above it (and for any fractional value). Memory is bounded by the distinct values, not by the number of writes. Log-spaced
 * buckets feed the live histogram. The last RECENT latencies are kept as they were, in completion
 * order, so a small window (a lesson step's five commits) has an exact median, not a bucket's edge.
 */
const EDGES_US = [0, 50, 100, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000, 20_000,
  30_000, 50_000, 70_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000];

/** 65.536 ms: 256 KB of counts */
const EXACT_LIMIT_US = 65_536;

/** how many of the latest latencies are kept exactly (a ring: one store per commit; a power of two) */
export const RECENT = 128;

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
  /** the latest RECENT latencies: commit number i (from 0) at i % RECENT */
  private readonly recent = new Float64Array(RECENT);

  add(us: number): void {
    this.recent[this.count & (RECENT - 1)] = us;
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

  /** The latest min(count, RECENT) latencies, oldest first. */
  latest(): number[] {
    const n = Math.min(this.count, RECENT);
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = this.recent[(this.count - n + k) & (RECENT - 1)]!;
    return out;
  }

  /**
   * Exact p50 and p99 (nearest rank) for the live snapshot, cheaply (it is asked for at every
   * snapshot): sorted from the ring while every latency is in it; else, when every latency is a
   * whole µs below EXACT_LIMIT_US, the buckets find the one holding the rank and only that bucket's
   * counts are scanned; else the full scan of percentiles(). Not cached: a restore may refill this
   * very object with another branch's latencies at the same count.
   */
  liveP50P99(): number[] {
    if (this.count === 0) return [0, 0];
    if (this.count <= RECENT) return nearestRanks(this.latest(), [50, 99]);
    if (this.large.size > 0) return this.percentiles([50, 99]);
    return [this.rankInBuckets(50), this.rankInBuckets(99)];
  }

  /** The nearest-rank percentile p when every value is in `small`: the bucket first, then its µs. */
  private rankInBuckets(p: number): number {
    const rank = Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)));
    let seen = 0, b = 0;
    while (seen + this.counts[b]! < rank) seen += this.counts[b++]!;
    const end = Math.min(EDGES_US[b + 1] ?? EXACT_LIMIT_US, EXACT_LIMIT_US);
    for (let us = EDGES_US[b]!; us < end; us++) {
      seen += this.small[us]!;
      if (seen >= rank) return us;
    }
    return this.max;
  }
}

/** Nearest-rank percentiles of a list of values (the list is sorted in place). */
export function nearestRanks(values: number[], ps: readonly number[]): number[] {
  if (values.length === 0) return ps.map(() => 0);
  values.sort((a, b) => a - b);
  return ps.map((p) => values[Math.min(values.length, Math.max(1, Math.ceil((p / 100) * values.length))) - 1]!);
}
