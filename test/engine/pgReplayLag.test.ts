/*
 * REAL-BEHAVIOUR.md, "replay_lag from the very first write" (PostgreSQL 15.18, one async standby
 * with recovery_min_apply_delay = 1500 ms, an idle cluster with every lag NULL, then one insert
 * every 10 ms): the first standby reply after the first write already gives a value; before the
 * standby's first replay, replay_lag is the time since the walsender's first sample after the idle
 * period, growing one-for-one with the clock while replay_lsn does not move (LagTrackerRead's
 * "only a future sample" case); after the first replay it stays near the delay; write_lag and
 * flush_lag stay a few ms. The lags go NULL when two consecutive replies report everything
 * replayed, and the next burst is measured afresh, from its own first sample.
 */
import { describe, expect, it } from "vitest";
import type { StandbyView } from "../../src/engine/views";
import { pgLab, type Lab } from "./lab";

/** Loopback-like s1 (0.1 ms one way, fsync 0.2 ms) replaying each commit 1.5 s after it was made. */
function delayedStandby(): Lab {
  return pgLab([{ name: "s1", networkDelayMs: 0.1, jitterMs: 0, fsyncMs: 0.2, applyDelayMs: 1500, applyCostUs: 20 }],
    { synchronous_commit: "on", synchronous_standby_names: "" }, { seed: 1 });
}

/** One insert every 10 ms from `fromMs` (included) to `toMs` (excluded); returns the row at each of `atMs` (ascending). */
function insertEvery10ms(lab: Lab, fromMs: number, toMs: number, atMs: number[]): StandbyView[] {
  const rows: StandbyView[] = [];
  const stops = [...atMs];
  for (let t = Math.ceil(lab.nowMs); stops.length > 0; t++) {
    if (t >= fromMs && t < toMs && (t - fromMs) % 10 === 0) lab.write(`k${t % 7}`, `v${t}`);
    while (stops.length > 0 && stops[0]! < t + 1) {
      lab.runTo(stops.shift()!);
      rows.push(lab.standby("s1")!);
    }
    lab.runTo(t + 0.999);
  }
  return rows;
}

const ms = (us: number | null) => (us === null ? null : us / 1000);

describe("replay_lag of a standby 1.5 s behind, from the very first write after an idle period", () => {
  it("is NULL while idle, and the first reply after the first write gives it a value (the flush lag)", () => {
    const lab = delayedStandby();
    const [idle, firstReplies] = insertEvery10ms(lab, 1000, 1010, [999, 1002]);
    expect(idle).toMatchObject({ writeLagUs: null, flushLagUs: null, replayLagUs: null, replayLsn: 0 });
    // The write at 1000 ms is flushed on the primary at 1001 (the walsender's sample) and reaches
    // s1 0.1 ms later; s1's reply after writing it reads 0.2 ms, its reply after the fsync (0.2 ms)
    // 0.4 ms — replay_lag too, though nothing is replayed: the sample it has not reached is all it has.
    expect(firstReplies).toMatchObject({ writeLagUs: 200, flushLagUs: 400, replayLagUs: 400, replayLsn: 0 });
  });

  it("grows one-for-one with the clock until the first replay, then stays near the delay", () => {
    const lab = delayedStandby();
    const at = [1050, 1250, 1500, 2000, 2450, 2600, 3000, 3900];
    const rows = insertEvery10ms(lab, 1000, 4000, at);
    const replay = rows.map((r) => ms(r.replayLagUs));
    // Each reading is the last reply's time minus the first sample's (1001 ms). A reply follows
    // each insert's fsync on s1, 1.4 ms after the insert: at 1050 ms the last came at 1041.4 ms.
    expect(replay.slice(0, 5)).toEqual([40.4, 240.4, 490.4, 990.4, 1440.4]);
    expect(rows.slice(0, 5).every((r) => r.replayLsn === 0)).toBe(true);
    // The first commit is replayed at 2500 ms (1000 + 1500); from then on each reply crosses a
    // replayed commit's sample: the delay, plus the 0.4 ms it took to be flushed and reported.
    expect(rows[5]!.replayLsn).toBeGreaterThan(0);
    expect(replay.slice(5)).toEqual([1500.4, 1500.4, 1500.4]);
    for (const r of rows) {
      expect(r.writeLagUs!).toBeLessThan(8000);
      expect(r.flushLagUs!).toBeLessThan(8000);
    }
  });

  it("goes NULL once two consecutive replies report everything replayed; the next burst is measured from its own first sample", () => {
    const lab = delayedStandby();
    // Writes stop at 4 s; the last is replayed at 5.49 s. s1 replies again only when its status
    // interval (10 s) comes round: at 10 s (everything replayed, once) and at 20 s (twice).
    const [before, first, second] = insertEvery10ms(lab, 1000, 4000, [9999, 10_001, 20_001]);
    expect(ms(before!.replayLagUs)).toBe(1500.4);
    // The 10 s reply crosses the last insert's sample (3991 ms): 6.009 s, the last value shown.
    expect(first!.replayLsn).toBe(first!.sentLsn);
    expect(ms(first!.replayLagUs)).toBeCloseTo(6009.3, 1);
    expect(second).toMatchObject({ writeLagUs: null, flushLagUs: null, replayLagUs: null });
    // A new burst at 25 s: 300 ms in, replay_lag reads 290.4 ms (the 25 291.4 ms reply − the burst's first sample,
    // not since the last sample before the idle period).
    const [burst] = insertEvery10ms(lab, 25_000, 26_000, [25_300.5]);
    expect(ms(burst!.replayLagUs)).toBe(290.4);
  });
});

describe("lag-aware routing after a quiet period (ProxySQL's max_replication_lag reads replay_lag)", () => {
  it("drains the delayed standby once its replay_lag passes maxLagMs, long before its first replay", () => {
    const lab = pgLab([
      { name: "s1", networkDelayMs: 0.1, jitterMs: 0, fsyncMs: 0.2, applyDelayMs: 0, applyCostUs: 20 },
      { name: "s2", networkDelayMs: 0.1, jitterMs: 0, fsyncMs: 0.2, applyDelayMs: 1500, applyCostUs: 20 },
    ], { synchronous_commit: "on", synchronous_standby_names: "" }, {
      seed: 7, durationMs: 4000,
      workload: { writesPerSec: 100, readsPerSec: 400, sessions: 4, keys: 5, readFrom: "lag-aware", maxLagMs: 200, startMs: 1000 },
    });
    lab.runTo(4000);
    const reads = lab.history.filter((e) => e.f === "read" && e.type === "ok");
    const onS2 = reads.filter((e) => e.node === "s2").map((e) => e.timeUs / 1000);
    // Quiet until 1 s, so every lag shows NULL and s2 qualifies; its replay_lag then grows with the
    // clock from the first write's sample and passes 200 ms about 200 ms in: from then on no read
    // goes there. (Were it NULL until s2's first replay, s2 would serve stale reads until 2.5 s.)
    expect(onS2.length).toBeGreaterThan(20);
    expect(Math.max(...onS2)).toBeGreaterThan(1150);
    expect(Math.max(...onS2)).toBeLessThan(1215);
    expect(reads.filter((e) => e.timeUs > 1_300_000 && e.node === "s1").length).toBeGreaterThan(300);
  });
});
