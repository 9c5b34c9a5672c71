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
  // The rejection bounds of the last few ranges drawn from (a workload draws from three or four
  // in turn: sessions, keys, network jitter), so that a draw costs no division.
  private readonly ranges = [0, 0, 0, 0];
  private readonly bounds = [0, 0, 0, 0];
  private nextSlot = 0;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** integer in [from, to] */
  int(from: number, to: number): number {
    if (to <= from) return from;
    const range = to - from + 1;
    if (range > 0x100000000) return uniformInt(this.gen, from, to);
    const bound = this.boundOf(range);
    let v = this.gen.next() + 0x80000000;
    while (v >= bound) v = this.gen.next() + 0x80000000;
    // v < 2^32, so the quotient's floor is exact in double precision
    return from + (v - Math.floor(v / range) * range);
  }

  /** the largest multiple of range not above 2^32: outputs at or past it are drawn again */
  private boundOf(range: number): number {
    const ranges = this.ranges;
    for (let i = 0; i < 4; i++) if (ranges[i] === range) return this.bounds[i]!;
    const bound = range > 2 ? Math.floor(0x100000000 / range) * range : 0x100000000;
    const slot = this.nextSlot;
    ranges[slot] = range;
    this.bounds[slot] = bound;
    this.nextSlot = (slot + 1) & 3;
    return bound;
  }

  /** the generator's next output, a signed 32-bit integer (for unitOf and exponentialUsOf) */
  bits(): number {
    return this.gen.next();
  }

  /** float in (0, 1], 2^-30 resolution: enough for arrival times (see unitOf) */
  unit(): number {
    return unitOf(this.gen.next());
  }
}

/**
 * unit() of a generator output: the same number as int(1, 2^30) / 2^30 (a range of 2^30 divides
 * 2^32, so nothing is rejected and the remainder is the output's low 30 bits).
 */
export function unitOf(bits: number): number {
  return (1 + (bits & 0x3fffffff)) / 0x40000000;
}

/**
 * An exponential inter-arrival time (Poisson process) for a rate per second, in µs (not
 * rounded), from a generator output. The workload draws one per operation, as
 * exponentialUsOf(rng.bits(), rate): both calls are small enough for V8 to inline, so the
 * fractional result is never boxed into a heap number on its way back.
 */
export function exponentialUsOf(bits: number, ratePerSec: number): number {
  return (-Math.log(unitOf(bits)) / ratePerSec) * 1e6;
}
