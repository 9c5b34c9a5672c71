import { describe, expect, it } from "vitest";
import type { LatencyView } from "../../src/engine/views";
import { bars, markers, percentileFromBuckets, totalCount, visibleRangeUs } from "../../src/ui/views/histogram";

const lat = (counts: number[], edges = [0, 100, 200, 400, 800, 1600], p50Us = 0, p99Us = 0): LatencyView =>
  ({ p50Us, p99Us, maxUs: 0, latestUs: [], bucketEdgesUs: edges, counts });

describe("histogram", () => {
  it("turns buckets into bars with positive bounds for a log axis", () => {
    const b = bars(lat([1, 2, 3, 4, 5]));
    expect(b).toHaveLength(5);
    expect(b[0]).toEqual({ fromUs: 1, toUs: 100, count: 1 });
    expect(b[4]).toEqual({ fromUs: 800, toUs: 1600, count: 5 });
  });

  it("gives an open last bucket the width of the one before", () => {
    const b = bars(lat([0, 0, 1], [100, 200, 400]));
    expect(b[2]).toEqual({ fromUs: 400, toUs: 800, count: 1 });
  });

  it("estimates percentiles by interpolating inside the crossing bucket", () => {
    const l = lat([0, 10, 10, 0, 0]);
    expect(totalCount(l)).toBe(20);
    expect(percentileFromBuckets(l, 0.5)).toBe(200);
    expect(percentileFromBuckets(l, 0.25)).toBe(150);
    expect(percentileFromBuckets(l, 1)).toBe(400);
    expect(percentileFromBuckets(lat([0, 0, 0, 0, 0]), 0.5)).toBeNull();
  });

  it("prefers the engine's exact percentiles", () => {
    expect(markers(lat([0, 10, 10, 0, 0], undefined, 180, 390))).toEqual({ p50Us: 180, p99Us: 390 });
    expect(markers(lat([0, 10, 10, 0, 0])).p50Us).toBe(200);
    expect(markers(lat([0, 0, 0, 0, 0]))).toEqual({ p50Us: null, p99Us: null });
  });

  it("draws the decades that hold commits, at least two wide", () => {
    const edges = [0, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];
    expect(visibleRangeUs(bars(lat([0, 0, 5, 0, 0, 0], edges)))).toEqual([100, 10_000]);
    expect(visibleRangeUs(bars(lat([0, 3, 5, 0, 2, 0], edges)))).toEqual([100, 1_000_000]);
    expect(visibleRangeUs(bars(lat([0, 0, 0, 0, 0, 0], edges)))).toEqual([100, 100_000]);
  });
});
