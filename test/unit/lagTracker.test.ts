import { describe, expect, it } from "vitest";
import { LagTracker, NO_LAG } from "../../src/engine/cluster/lagTracker";

describe("LagTracker (write_lag / flush_lag / replay_lag)", () => {
  it("measures the time since the WAL a standby confirms was flushed on the primary", () => {
    const t = new LagTracker();
    t.record(100, 1_000);
    t.record(200, 2_000);
    expect(t.read(0, 150, 5_000)).toBe(4_000); // newest sample at or below 150 was taken at 1 000
    expect(t.read(0, 200, 6_000)).toBe(4_000);
    expect(t.read(0, 200, 7_000)).toBe(NO_LAG); // nothing new passed: the caller keeps the last value
  });

  it("keeps a growing lag for a standby that falls further behind than the ring holds", () => {
    const t = new LagTracker();
    // WAL flushed every ms for 5 s; the standby confirms at half that speed.
    let lag = 0, lagAt3s = 0;
    for (let ms = 1; ms <= 5_000; ms++) {
      t.record(ms * 100, ms * 1_000);
      if (ms % 2 === 0) {
        const read = t.read(2, (ms / 2) * 100, ms * 1_000);
        if (read !== NO_LAG) lag = read;
      }
      if (ms === 3_000) lagAt3s = lag;
    }
    // The true lag is 2.5 s at the end. The 1 024-sample ring alone would cap it near 1.02 s; the
    // sample kept aside keeps it a growing lower bound.
    expect(lag).toBeGreaterThan(1_500_000);
    expect(lag).toBeLessThanOrEqual(2_500_000);
    expect(lag).toBeGreaterThan(lagAt3s);
  });
});

describe("LagTracker before a reader reaches the first sample of a burst (LagTrackerRead's \"only a future sample\")", () => {
  it("reports the time since that sample, growing with the clock, though nothing was passed", () => {
    const t = new LagTracker();
    t.record(100, 1_000);
    t.record(200, 2_000);
    expect(t.read(2, 0, 3_000)).toBe(2_000);
    expect(t.read(2, 0, 4_500)).toBe(3_500);
    expect(t.read(2, 100, 5_000)).toBe(4_000); // passes the first sample
  });

  it("forgets the last sample once a reader has read them all, so that a new burst is not interpolated from it", () => {
    const t = new LagTracker();
    t.record(100, 1_000);
    expect(t.read(2, 100, 1_500)).toBe(500);
    // Idle for a long while, then a burst: the reader is still at 100.
    t.record(200, 60_000);
    t.record(300, 60_010);
    // From the burst's first sample, not interpolated between 1 000 and 60 000.
    expect(t.read(2, 100, 60_100)).toBe(100);
  });

  it("interpolates between the last sample passed and the next while it has not caught up", () => {
    const t = new LagTracker();
    t.record(100, 1_000);
    t.record(200, 2_000);
    t.record(300, 3_000);
    expect(t.read(2, 100, 3_500)).toBe(2_500);
    // Halfway between the samples at 100 (1 000) and 200 (2 000): flushed at 1 500.
    expect(t.read(2, 150, 4_000)).toBe(2_500);
  });
});
