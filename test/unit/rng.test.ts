import fc from "fast-check";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import { exponentialUsOf, Rng } from "../../src/engine/core/rng";

describe("Rng", () => {
  it("draws exactly what pure-rand's uniformInt draws, range after range (an empty range draws nothing)", () => {
    const range = fc.oneof(
      fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 3 })),
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 20_000 })),
      fc.tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 2 ** 31, max: 2 ** 33 })),
      fc.tuple(fc.constant(1), fc.constant(0x40000000 - 1)),
    ).map(([from, width]) => [from, from + width] as const);
    fc.assert(fc.property(fc.integer(), fc.array(fc.tuple(range, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 60 }),
      (seed, runs) => {
        const ours = new Rng(seed);
        const theirs = xoroshiro128plus(seed | 0);
        for (const [[from, to], n] of runs) {
          for (let i = 0; i < n; i++) expect(ours.int(from, to)).toBe(to <= from ? from : uniformInt(theirs, from, to));
        }
      }), { numRuns: 500 });
  });

  it("unit() is pure-rand's uniformInt(1, 2^30) / 2^30, draw for draw", () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const ours = new Rng(seed);
      const theirs = xoroshiro128plus(seed | 0);
      for (let i = 0; i < 50; i++) expect(ours.unit()).toBe(uniformInt(theirs, 1, 0x40000000) / 0x40000000);
    }), { numRuns: 200 });
  });

  it("exponentialUsOf(bits()) is -ln(u) / rate seconds in µs, u drawn as unit() draws it", () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1_000_000 }), (seed, rate) => {
      const ours = new Rng(seed);
      const theirs = xoroshiro128plus(seed | 0);
      for (let i = 0; i < 50; i++) {
        const u = uniformInt(theirs, 1, 0x40000000) / 0x40000000;
        expect(exponentialUsOf(ours.bits(), rate)).toBe((-Math.log(u) / rate) * 1e6);
      }
    }), { numRuns: 200 });
  });

  it("stays in range and reaches both ends", () => {
    const rng = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 9);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(9);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });
});
