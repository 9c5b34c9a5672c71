import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalDigits } from "../../src/engine/clients/writeTable";

describe("decimalDigits", () => {
  it("is the length of the number written in decimal, at every power of ten and between", () => {
    const nearPowers = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: -1, max: 1 }))
      .map(([e, d]) => Math.max(0, 10 ** e + d));
    fc.assert(fc.property(fc.oneof(nearPowers, fc.nat(), fc.maxSafeNat()), (n) => {
      expect(decimalDigits(n)).toBe(String(n).length);
    }), { numRuns: 2000 });
  });
});
