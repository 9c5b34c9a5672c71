import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** The simulation's only source of randomness: seeded, so a run replays from its seed. */
export class Rng {
  private readonly gen;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** integer in [from, to] */
  int(from: number, to: number): number {
    return to <= from ? from : uniformInt(this.gen, from, to);
  }

  /** float in (0, 1], 2^-30 resolution: enough for arrival times */
  unit(): number {
    return uniformInt(this.gen, 1, 0x40000000) / 0x40000000;
  }

  /** exponential inter-arrival time (Poisson process) for a rate per second, in µs (not rounded) */
  exponentialUs(ratePerSec: number): number {
    return (-Math.log(this.unit()) / ratePerSec) * 1e6;
  }
}
