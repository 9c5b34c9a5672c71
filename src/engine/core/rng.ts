import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * The simulation's only source of randomness: seeded, so a run replays from its seed. Numbers
 * come from pure-rand's xoroshiro128+. int() draws exactly what pure-rand's uniformInt draws
 * (the same rejection sampling over 32-bit outputs, so the same sequence: a test holds them
 * equal), but keeps the rejection bound of the last range and reduces with a division instead
 * of a floating-point remainder: several draws per simulated write make this the engine's
 * most frequent arithmetic.
 */
export class Rng {
  private readonly gen;
  private lastRange = 0;
  private lastBound = 0;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** integer in [from, to] */
  int(from: number, to: number): number {
    if (to <= from) return from;
    const range = to - from + 1;
    if (range > 0x100000000) return uniformInt(this.gen, from, to);
    if (range !== this.lastRange) {
      this.lastRange = range;
      // the largest multiple of range not above 2^32: outputs at or past it are drawn again
      this.lastBound = range > 2 ? Math.floor(0x100000000 / range) * range : 0x100000000;
    }
    let v = this.gen.next() + 0x80000000;
    while (v >= this.lastBound) v = this.gen.next() + 0x80000000;
    // v < 2^32, so the quotient's floor is exact in double precision
    return from + (v - Math.floor(v / range) * range);
  }

  /** float in (0, 1], 2^-30 resolution: enough for arrival times */
  unit(): number {
    return this.int(1, 0x40000000) / 0x40000000;
  }

  /** exponential inter-arrival time (Poisson process) for a rate per second, in µs (not rounded) */
  exponentialUs(ratePerSec: number): number {
    return (-Math.log(this.unit()) / ratePerSec) * 1e6;
  }
}
