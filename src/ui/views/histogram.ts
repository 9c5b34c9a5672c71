/*
 * The commit-latency histogram as bars: the engine gives bucket edges and counts; the chart
 * needs positive bounds for a log axis and percentiles it can mark.
 */
import type { LatencyView } from "../../engine/views";

export interface Bar {
  fromUs: number;
  toUs: number;
  count: number;
}

/** Bars with a count, each with a positive lower bound so a log scale can place it. */
export function bars(lat: LatencyView): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < lat.counts.length; i++) {
    const from = lat.bucketEdgesUs[i];
    const next = lat.bucketEdgesUs[i + 1];
    const count = lat.counts[i] ?? 0;
    if (from === undefined) break;
    // The last bucket may be open-ended: give it the width of the one before, on a log axis.
    const to = next ?? (i > 0 ? from * (from / Math.max(1, lat.bucketEdgesUs[i - 1] ?? from)) : from * 2);
    out.push({ fromUs: Math.max(from, 1), toUs: Math.max(to, from + 1, 2), count });
  }
  return out;
}

export function totalCount(lat: LatencyView): number {
  let n = 0;
  for (const c of lat.counts) n += c;
  return n;
}

/**
 * The q-quantile (0..1) estimated from the buckets, interpolating linearly inside the bucket
 * where the cumulative count crosses q·total. null when there is nothing to measure.
 */
export function percentileFromBuckets(lat: LatencyView, q: number): number | null {
  const total = totalCount(lat);
  if (total === 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let seen = 0;
  const bs = bars(lat);
  for (const b of bs) {
    if (b.count > 0 && seen + b.count >= rank) {
      const within = (rank - seen) / b.count;
      return b.fromUs + (b.toUs - b.fromUs) * within;
    }
    seen += b.count;
  }
  return bs.at(-1)?.toUs ?? null;
}

/** The engine's exact percentiles when it has them, else the bucket estimate. */
export function markers(lat: LatencyView): { p50Us: number | null; p99Us: number | null } {
  const have = totalCount(lat) > 0;
  if (!have) return { p50Us: null, p99Us: null };
  return {
    p50Us: lat.p50Us > 0 ? lat.p50Us : percentileFromBuckets(lat, 0.5),
    p99Us: lat.p99Us > 0 ? lat.p99Us : percentileFromBuckets(lat, 0.99),
  };
}

/**
 * The x range worth drawing: the buckets that hold commits, a decade of air either side, at
 * least two decades wide. Whole decades, so the axis ticks stay put as counts grow.
 */
export function visibleRangeUs(bs: readonly Bar[]): [number, number] {
  const used = bs.filter((b) => b.count > 0);
  const lo = used[0]?.fromUs ?? 100;
  const hi = used.at(-1)?.toUs ?? 100_000;
  let from = 10 ** Math.floor(Math.log10(Math.max(1, lo)));
  let to = 10 ** Math.ceil(Math.log10(Math.max(2, hi)));
  if (to / from < 100) {
    from = Math.max(1, from / 10);
    to = from * 100 > to ? from * 100 : to;
  }
  return [from, to];
}
