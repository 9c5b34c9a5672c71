import { describe, expect, it } from "vitest";
import type { LogEntry, Snapshot } from "../../src/engine/views";
import { blockage } from "../../src/ui/views/blockage";
import { fixtureSnapshot } from "./fixtures";

const waiting = { writeId: 1, session: "client", key: "x", lsn: 66, sinceUs: 1_000_000, waitsFor: "flush of the WAL up to LSN 66 by s1 (FIRST 1 (s1))", standbys: ["s1"] };
const log: LogEntry[] = [
  { seq: 1, atUs: 500_000, kind: "crash", text: "s1 crashed" },
  { seq: 2, atUs: 900_000, kind: "configure", text: "commit settings: …" },
  { seq: 3, atUs: 1_100_000, kind: "stall-start", text: "write stall: commits have waited 100 ms for s1" },
];

describe("blockage", () => {
  it("says nothing when no commit waits under PostgreSQL", () => {
    expect(blockage({ ...fixtureSnapshot(3_000_000), waitingCommits: [] }, log)).toBeNull();
  });

  it("a healthy commit waiting for a connected sync standby is not 'blocked' (it waited 86 ms: a round trip, not a stall)", () => {
    const base = fixtureSnapshot(1_086_000);
    expect(base.replication.find((r) => r.name === "s1")?.syncState).toBe("sync");
    expect(blockage({ ...base, waitingCommits: [waiting], stall: null }, log)).toBeNull();
  });

  it("blocked as soon as fewer sync standbys are connected than synchronous_standby_names needs (the wait cannot end by itself)", () => {
    const base = fixtureSnapshot(1_086_000);
    const s: Snapshot = { ...base, waitingCommits: [waiting], stall: null, replication: base.replication.filter((r) => r.name !== "s1") };
    expect(blockage(s, log)?.headline).toMatch(/^Blocked: 1 commit waits for flush of the WAL up to LSN 0\/42 by s1/);
  });

  it("under PostgreSQL: what the commits wait for, for how long, the remedies and the last two relevant log lines", () => {
    // the engine's stall is open: the commit has waited past its threshold
    const s: Snapshot = { ...fixtureSnapshot(3_000_000), waitingCommits: [waiting], stall: { fromUs: 1_000_000, waitingFor: waiting.waitsFor } };
    const b = blockage(s, log)!;
    expect(b.headline).toContain("waits for flush of the WAL up to LSN 0/42 by s1 (FIRST 1 (s1)), the oldest for 2.0 s");
    expect(b.remedies.join(" ")).toContain("Cancel waiting commits");
    expect(b.last.map((e) => e.seq)).toEqual([2, 3]);
  });

  it("under semi-sync: the ACKs awaited, the connected replicas and the timeout left; then OFF", () => {
    const base = fixtureSnapshot(3_000_000);
    // a healthy semi-sync wait (a replica connected, no stall) is not blocked
    const healthy: Snapshot = { ...base, waitingCommits: [waiting], stall: null,
      commit: { ...base.commit, mode: "semiSync", semiSyncActive: true, semiSync: { ...base.commit.semiSync, waitForCount: 1 } } };
    expect(healthy.replication.some((r) => r.state === "streaming")).toBe(true);
    expect(blockage(healthy, log)).toBeNull();
    expect(blockage({ ...healthy, stall: { fromUs: 1_000_000, waitingFor: "1 semi-sync ACK(s)" } }, log)?.headline).toMatch(/^Blocked: the primary waits/);
    const semi: Snapshot = { ...base, replication: [], waitingCommits: [waiting],
      commit: { ...base.commit, mode: "semiSync", semiSyncActive: true, semiSync: { ...base.commit.semiSync, timeoutMs: 10_000 } } };
    const b = blockage(semi, log)!;
    expect(b.headline).toContain("Rpl_semi_sync_master_clients = 0");
    expect(b.headline).toContain("in 8.0 s (rpl_semi_sync_master_timeout = 10000 ms)");
    const off = blockage({ ...semi, waitingCommits: [], commit: { ...semi.commit, semiSyncActive: false } }, log)!;
    expect(off.headline).toContain("Semi-sync is OFF");
  });
});
