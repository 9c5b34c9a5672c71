import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LatencyStats } from "../../src/engine/clients/latency";

describe("LatencyStats", () => {
  it("gives the nearest-rank percentiles of every value added, small and large, in any order asked", () => {
    const value = fc.oneof(fc.nat(3_000), fc.integer({ min: 60_000, max: 70_000 }), fc.integer({ min: 0, max: 40_000_000 }),
      fc.double({ min: 0, max: 100_000, noNaN: true }));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
      (values, ps) => {
        const stats = new LatencyStats();
        for (const v of values) stats.add(v);
        const sorted = [...values].sort((a, b) => a - b);
        const want = ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
        expect(stats.percentiles(ps)).toEqual(want);
        expect(stats.count).toBe(values.length);
        expect(stats.max).toBe(sorted[sorted.length - 1]);
        const buckets = stats.edges.map(() => 0);
        for (const v of values) {
          let i = 0;
          while (i + 1 < stats.edges.length && stats.edges[i + 1]! <= v) i++;
          buckets[i]!++;
        }
        expect(stats.counts).toEqual(buckets);
      }), { numRuns: 300 });
  });

  it("puts each value in the bucket whose edges hold it", () => {
    const stats = new LatencyStats();
    for (const v of [0, 49, 50, 1_499, 1_500, 29_999_999, 30_000_000, 99_000_000]) stats.add(v);
    const at = (edge: number) => stats.counts[stats.edges.indexOf(edge)];
    expect([at(0), at(50), at(1_000), at(1_500), at(10_000_000), at(30_000_000)]).toEqual([2, 1, 1, 1, 1, 2]);
  });

  it("the live p50 and p99 are exact, not a bucket's upper edge: five commits of 12-29 ms have a median of 22 ms", () => {
    const stats = new LatencyStats();
    for (const v of [29_000, 12_000, 22_000, 25_000, 15_000]) stats.add(v);
    expect(stats.liveP50P99()).toEqual([22_000, 29_000]);
    expect(stats.latest()).toEqual([29_000, 12_000, 22_000, 25_000, 15_000]);
  });

  it("keeps the latest 128 latencies in completion order, and the live percentiles equal the exact ones past them", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 400 }), (values) => {
      const stats = new LatencyStats();
      for (const v of values) stats.add(v);
      expect(stats.latest()).toEqual(values.slice(-128));
      expect(stats.liveP50P99()).toEqual(stats.percentiles([50, 99]));
    }), { numRuns: 200 });
    // every value a whole µs below 65.536 ms: the bucket-then-µs path
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: 129, maxLength: 600 }), (values) => {
      const stats = new LatencyStats();
      for (const v of values) stats.add(v);
      expect(stats.liveP50P99()).toEqual(stats.percentiles([50, 99]));
    }), { numRuns: 300 });
  });
});
