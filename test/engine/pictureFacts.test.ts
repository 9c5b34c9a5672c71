/*
 * What the picture reads from a snapshot: why each standby reply was sent (its ACK's kind), the
 * newest records of the primary's log with their offsets, and MySQL's semi-sync counters
 * Rpl_semi_sync_master_yes_tx / _no_tx (commits a replica acknowledged / returned without one).
 */
import { describe, expect, it } from "vitest";
import { Lab, semiLab } from "./lab";

const near = (name: string) => ({ name, networkDelayMs: 2, jitterMs: 0, fsyncMs: 1 });

describe("Rpl_semi_sync_master_yes_tx / _no_tx", () => {
  it("count acknowledged commits in yes_tx; the one released by the timeout and the async ones after it in no_tx", () => {
    const lab = semiLab([near("r1"), near("r2")], { timeoutMs: 2000 }).runTo(100);
    for (let i = 0; i < 3; i++) expect(lab.runUntilAnswered(lab.write("x", `${i}`)).status).toBe("ok");
    expect(lab.snapshot().semiSyncTx).toEqual({ yes: 3, no: 0 });
    for (const r of ["r1", "r2"]) lab.do({ op: "crash", node: r, kind: "process" });
    lab.runFor(100);
    expect(lab.runUntilAnswered(lab.write("x", "timed out")).status).toBe("ok");
    expect(lab.snapshot().commit.semiSyncActive).toBe(false);
    expect(lab.snapshot().semiSyncTx).toEqual({ yes: 3, no: 1 });
    lab.runUntilAnswered(lab.write("x", "async"));
    expect(lab.snapshot().semiSyncTx).toEqual({ yes: 3, no: 2 });
  });

  it("stay 0 under PostgreSQL", () => {
    const lab = new Lab({ durationMs: 1000, cluster: { replicas: [near("s1")] }, commit: { preset: "sync" } }).runTo(100);
    lab.runUntilAnswered(lab.write("x", "1"));
    expect(lab.snapshot().semiSyncTx).toEqual({ yes: 0, no: 0 });
  });
});

describe("ACK kinds and the primary's tape", () => {
  it("a standby replies after writing received WAL (write), after fsyncing it (flush)", () => {
    // fsync 5 ms on the standby: the write reply and the flush reply leave 5 ms apart.
    const lab = new Lab({ durationMs: 1000, cluster: { replicas: [{ name: "s1", networkDelayMs: 10, jitterMs: 0, fsyncMs: 5 }] },
      commit: { preset: "async" } }).runTo(100);
    lab.write("x", "1");
    const causes: string[] = [];
    for (let t = 0; t < 40; t++) {
      lab.runFor(1);
      for (const m of lab.snapshot().inFlight) {
        if (m.kind === "ack" && !causes.includes(`${m.id}:${m.ack!.cause}`)) causes.push(`${m.id}:${m.ack!.cause}`);
      }
    }
    expect(causes.map((c) => c.split(":")[1])).toEqual(["write", "flush"]);
  });

  it("the snapshot carries the primary's newest records, oldest first, contiguous, with what they hold", () => {
    const lab = new Lab({ durationMs: 1000, cluster: { replicas: [near("s1")] }, commit: { preset: "async" } }).runTo(100);
    for (let i = 0; i < 15; i++) lab.runUntilAnswered(lab.write(`k${i}`, `v${i}`, "alice"));
    const wal = lab.snapshot().wal;
    expect(wal).toHaveLength(12);
    expect(wal.at(-1)).toMatchObject({ key: "k14", value: "v14", session: "alice", timeline: 1 });
    for (let i = 1; i < wal.length; i++) expect(wal[i]!.startLsn).toBe(wal[i - 1]!.endLsn);
    expect(wal.at(-1)!.endLsn).toBe(lab.node("primary").lsn.insert);
  });

  it("after a promotion the new primary's tape goes on from its parent timeline's records", () => {
    const lab = new Lab({ durationMs: 5000, cluster: { replicas: [near("s1")] }, commit: { preset: "sync" } }).runTo(100);
    for (let i = 0; i < 3; i++) lab.runUntilAnswered(lab.write(`a${i}`, "1"));
    lab.do({ op: "crash", node: "primary", kind: "process" }).runFor(10);
    lab.do({ op: "promote", node: "s1" }).runFor(100);
    lab.runUntilAnswered(lab.write("b", "2"));
    const wal = lab.snapshot().wal;
    expect(wal.map((r) => `${r.key}@${r.timeline}`)).toEqual(["a0@1", "a1@1", "a2@1", "b@2"]);
  });
});
