/*
 * REAL-BEHAVIOUR.md: with the subscriber stopped, the publisher retains WAL for its logical slot
 * (pg_wal_lsn_diff(current, confirmed_flush_lsn) grows with every row written); on restart the
 * subscriber applies the backlog. Seed 002, failure mode 3: a subscriber down fills the
 * publisher's disk until max_slot_wal_keep_size invalidates the slot (wal_status reserved →
 * extended → unreserved → lost); the recovery is to drop the subscription (and its slot) and
 * re-create the subscriber from a fresh copy.
 */
import { describe, expect, it } from "vitest";
import { LogicalLab, oneSubscriber } from "./run";

const KB = 1 / 1024;

function downWhileWriting(maxSlotKb: number): LogicalLab {
  const lab = new LogicalLab(oneSubscriber({}, {
    commit: { postgres: { wal_segment_size_mb: 4 * KB, max_slot_wal_keep_size_mb: maxSlotKb < 0 ? -1 : maxSlotKb * KB,
      checkpoint_timeout_ms: 1000 } },
    cluster: { logical: { max_wal_size_mb: 16 * KB } },
    workload: { writesPerSec: 200, keys: 50, stopMs: 20_000 },
  }));
  lab.runTo(1000);
  expect(lab.sub().retainedBytes).toBeLessThan(2000);
  lab.do({ op: "crash", node: "sub1" });
  return lab;
}

describe("a subscriber down fills the publisher's disk", () => {
  it("retained WAL grows while it is down; back up, it applies the backlog and the slot lets go", () => {
    const lab = downWhileWriting(-1);
    const retained: number[] = [];
    for (const t of [3000, 6000, 9000]) { lab.runTo(t); retained.push(lab.sub().retainedBytes); }
    expect(retained[1]! - retained[0]!).toBeGreaterThan(30_000);
    expect(retained[2]! - retained[1]!).toBeGreaterThan(30_000);
    expect(lab.sub()).toMatchObject({ state: "down", active: false, walStatus: "extended" });
    lab.do({ op: "restart", node: "sub1" });
    lab.runTo(25_000);
    expect(lab.sub()).toMatchObject({ state: "streaming", caughtUp: true, retainedBytes: 0, walStatus: "reserved" });
    expect(lab.report().divergentKeys).toEqual([]);
  });

  it("max_slot_wal_keep_size: unreserved, then lost at a checkpoint; the subscriber cannot resume; drop and re-create recovers", () => {
    const lab = downWhileWriting(64);
    const statuses = new Set<string>();
    for (let t = 1100; t <= 9000; t += 100) { lab.runTo(t); statuses.add(lab.sub().walStatus!); }
    expect([...statuses]).toEqual(["reserved", "extended", "unreserved", "lost"].filter((s) => statuses.has(s)));
    expect(statuses.has("lost")).toBe(true);
    expect(statuses.has("extended")).toBe(true);
    expect(lab.sub().retainedBytes).toBe(0);
    lab.do({ op: "restart", node: "sub1" });
    lab.runTo(16_000);
    let s = lab.sub();
    expect(s.state).toBe("error");
    expect(s.lastError).toContain('can no longer get changes from replication slot "sub1"');
    expect(s.applyErrorCount).toBeGreaterThanOrEqual(2);
    lab.do({ op: "subscription", node: "sub1", command: "drop" });
    lab.do({ op: "subscription", node: "sub1", command: "recreate" });
    lab.runTo(25_000);
    s = lab.sub();
    expect(s).toMatchObject({ state: "streaming", walStatus: "reserved", caughtUp: true, copiedRows: 50 });
    expect(lab.report().divergentKeys).toEqual([]);
  });
});
