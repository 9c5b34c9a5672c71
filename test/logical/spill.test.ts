/*
 * Seed 002, failure mode 5: a transaction larger than logical_decoding_work_mem spills to disk
 * while it is decoded (pg_stat_replication_slots.spill_txns / spill_bytes) and the subscriber's
 * apply lag spikes; with the subscription's streaming = on it is streamed while in progress
 * instead (stream_txns / stream_bytes), so only its commit and its apply remain after it commits.
 */
import { describe, expect, it } from "vitest";
import { LogicalLab, oneSubscriber } from "./run";

function bulk(streaming: boolean): LogicalLab {
  const lab = new LogicalLab(oneSubscriber({ streaming, applyCostUs: 5 }, {
    cluster: { logical: { logical_decoding_work_mem_mb: 1 } }, workload: { writesPerSec: 100, keys: 20 } }));
  lab.runTo(1000);
  lab.do({ op: "write", key: "bulk", value: "x".repeat(100), rows: 100_000 });
  lab.runTo(10_000);
  return lab;
}

describe("decoding spill", () => {
  it("a transaction larger than logical_decoding_work_mem spills; apply lag spikes and what waits behind it waits", () => {
    const lab = bulk(false);
    const s = lab.sub();
    expect(s.spillTxns).toBe(1);
    expect(s.spillBytes).toBeGreaterThan(1024 * 1024);
    expect(s.streamTxns).toBe(0);
    // decoding 100,000 rows, writing and reading ~17 MB back, sending it, then applying it
    expect(s.maxApplyLagMs).toBeGreaterThan(800);
    // the workload's small transactions behind it waited too, and were applied after it
    expect(s.state).toBe("streaming");
    expect(s.appliedTxns).toBeGreaterThan(900);
  });

  it("streaming = on: the same transaction is streamed, nothing spills, and the lag is the apply alone", () => {
    const spilled = bulk(false).sub(), streamed = bulk(true).sub();
    expect(streamed.spillTxns).toBe(0);
    expect(streamed.streamTxns).toBe(1);
    expect(streamed.streamBytes).toBe(spilled.spillBytes);
    expect(streamed.maxApplyLagMs!).toBeLessThan(spilled.maxApplyLagMs! - 200);
    expect(streamed.maxApplyLagMs!).toBeGreaterThan(400);
  });

  it("a transaction under logical_decoding_work_mem neither spills nor streams", () => {
    const lab = new LogicalLab(oneSubscriber({}, { workload: { writesPerSec: 100, keys: 20 } }));
    lab.runTo(3000);
    expect(lab.sub()).toMatchObject({ spillTxns: 0, streamTxns: 0 });
    expect(lab.sub().totalTxns).toBeGreaterThan(200);
  });
});
