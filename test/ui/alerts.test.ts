import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../src/engine/views";
import { DEFAULT_THRESHOLDS, diffAlerts, evaluateAlerts, requiredSyncStandbys } from "../../src/ui/views/alerts";
import { fixtureSnapshot } from "./fixtures";

const ids = (s: Snapshot, t = DEFAULT_THRESHOLDS) => evaluateAlerts(s, t).map((a) => a.id).sort();

describe("alert rules", () => {
  it("raise replay lag over the threshold, per standby, and follow the threshold", () => {
    const s = fixtureSnapshot(6_000_000);
    // s3 has a 1.2 s apply delay, s9 has been cut off for 3 s.
    expect(ids(s).filter((id) => id.startsWith("lag:"))).toEqual(["lag:s3", "lag:s9"]);
    expect(ids(s, { ...DEFAULT_THRESHOLDS, replayLagUs: 5_000_000 }).filter((id) => id.startsWith("lag:"))).toEqual([]);
  });

  it("in MySQL/MariaDB, lag alerts come from each replica's own Seconds_Behind_Source (whole seconds), not from the source", () => {
    const s = fixtureSnapshot(6_000_000);
    // What the source is told in MySQL: no lags at all. A replica's own status is what monitoring reads.
    const mysql: Snapshot = {
      ...s, commit: { ...s.commit, mode: "semiSync" },
      replication: s.replication.map((r) => ({ ...r, flushLsn: 0, replayLsn: 0, writeLagUs: null, flushLagUs: null, replayLagUs: null })),
      nodes: s.nodes.map((n) => ({ ...n, secondsBehindSourceUs: n.name === "s1" ? 2_500_000 : n.name === "s2" ? 1_900_000 : n.role === "replica" ? 0 : null })),
    };
    const lag = evaluateAlerts(mysql).filter((a) => a.id.startsWith("lag:"));
    // s2 shows 1 (whole seconds): not over 1 s; s1 shows 2
    expect(lag.map((a) => [a.id, a.text])).toEqual([["lag:s1", "s1 Seconds_Behind_Source 2 > 1.0 s"]]);
    // no slot or sync-standby alerts: MySQL has neither
    expect(evaluateAlerts(mysql).some((a) => a.id.startsWith("slot:") || a.id === "no-sync-standby")).toBe(false);
    // an async run shown in MySQL's words reads the replicas too
    expect(evaluateAlerts({ ...mysql, commit: s.commit }, DEFAULT_THRESHOLDS, "mysql").filter((a) => a.id.startsWith("lag:")).map((a) => a.id)).toEqual(["lag:s1"]);
  });

  it("raise 'no synchronous standby' only when standbys are named and none is sync or quorum", () => {
    const s = fixtureSnapshot(1_000_000);
    expect(ids(s)).not.toContain("no-sync-standby");
    const noneSync: Snapshot = { ...s, replication: s.replication.map((r) => ({ ...r, syncState: "async" as const })) };
    expect(ids(noneSync)).toContain("no-sync-standby");
    expect(evaluateAlerts(noneSync).find((a) => a.id === "no-sync-standby")!.severity).toBe("bad");
    const unnamed: Snapshot = { ...noneSync, commit: { ...s.commit, postgres: { ...s.commit.postgres, synchronous_standby_names: " " } } };
    expect(ids(unnamed)).not.toContain("no-sync-standby");
    const local: Snapshot = { ...noneSync, commit: { ...s.commit, postgres: { ...s.commit.postgres, synchronous_commit: "local" } } };
    expect(evaluateAlerts(local).find((a) => a.id === "no-sync-standby")!.severity).toBe("warn");
  });

  it("raise 'too few synchronous standbys' when FIRST 2 has only one sync standby (the other crashed)", () => {
    const s = fixtureSnapshot(1_000_000);
    const pg = { ...s.commit.postgres, synchronous_commit: "on" as const, synchronous_standby_names: "FIRST 2 (s1, s2)" };
    const rows = (states: Record<string, "sync" | "potential" | "async">) =>
      s.replication.filter((r) => r.name in states).map((r) => ({ ...r, syncState: states[r.name]! }));
    const oneDown: Snapshot = { ...s, commit: { ...s.commit, mode: "postgres", postgres: pg }, replication: rows({ s2: "sync" }) };
    const alert = evaluateAlerts(oneDown).find((a) => a.id === "no-sync-standby");
    expect(alert?.severity).toBe("bad");
    expect(alert?.text).toContain("needs 2, only 1 is (s2)");
    expect(ids({ ...oneDown, replication: rows({ s1: "sync", s2: "sync" }) })).not.toContain("no-sync-standby");
    const any2 = { ...pg, synchronous_standby_names: "ANY 2 (s1, s2, s3)" };
    const quorum = (names: string[]) => s.replication.filter((r) => names.includes(r.name)).map((r) => ({ ...r, syncState: "quorum" as const }));
    expect(ids({ ...oneDown, commit: { ...oneDown.commit, postgres: any2 }, replication: quorum(["s1", "s3"]) })).not.toContain("no-sync-standby");
    expect(ids({ ...oneDown, commit: { ...oneDown.commit, postgres: any2 }, replication: quorum(["s3"]) })).toContain("no-sync-standby");
  });

  it("read the number of standbys a list needs", () => {
    expect(requiredSyncStandbys("FIRST 2 (s1, s2)")).toBe(2);
    expect(requiredSyncStandbys("any 3 (a, b, c)")).toBe(3);
    expect(requiredSyncStandbys("2 (a, b)")).toBe(2);
    expect(requiredSyncStandbys("s1, s2")).toBe(1);
    expect(requiredSyncStandbys("\"first\"")).toBe(1);
  });

  it("raise no replay-lag alert for a standby that has replayed everything the primary flushed", () => {
    const s = fixtureSnapshot(6_000_000);
    const head = s.nodes.find((n) => n.name === s.primary)!.lsn.flush;
    const caughtUp: Snapshot = { ...s, replication: s.replication.map((r) => r.name === "s3" ? { ...r, replayLsn: head } : r) };
    expect(s.replication.find((r) => r.name === "s3")!.replayLagUs).toBeGreaterThan(DEFAULT_THRESHOLDS.replayLagUs);
    expect(ids(caughtUp)).not.toContain("lag:s3");
    expect(ids(caughtUp)).toContain("lag:s9");
  });

  it("raise semi-sync switched off only in semi-sync mode", () => {
    const s = fixtureSnapshot(1_000_000);
    const off: Snapshot = { ...s, commit: { ...s.commit, mode: "semiSync", semiSyncActive: false } };
    expect(ids(off)).toContain("semi-sync-off");
    expect(ids({ ...off, commit: { ...off.commit, semiSyncActive: true } })).not.toContain("semi-sync-off");
    expect(ids({ ...off, commit: { ...off.commit, mode: "postgres" } })).not.toContain("semi-sync-off");
  });

  it("raise slots that retain too much WAL or lost it, and stuck nodes", () => {
    const s = fixtureSnapshot(6_000_000);
    expect(ids(s).filter((id) => id.startsWith("slot:"))).toEqual([]);
    expect(ids(s, { ...DEFAULT_THRESHOLDS, retainedBytes: 1000 })).toContain("slot:s9");
    const lost: Snapshot = { ...s, slots: s.slots.map((sl) => ({ ...sl, walStatus: "lost" as const })) };
    expect(evaluateAlerts(lost).find((a) => a.id === "slot:s9")!.severity).toBe("bad");
    expect(ids(s)).toContain("problem:s12");
  });

  it("raise 'no primary'", () => {
    expect(ids({ ...fixtureSnapshot(1_000_000), primary: null })).toContain("no-primary");
  });
});

describe("diffAlerts", () => {
  it("reports what was raised and what cleared", () => {
    const a = { id: "a", severity: "warn" as const, text: "A" };
    const b = { id: "b", severity: "bad" as const, text: "B" };
    const changes = diffAlerts([a], [b], 42);
    expect(changes).toEqual([
      { alert: b, change: "raised", atMs: 42 },
      { alert: a, change: "cleared", atMs: 42 },
    ]);
    expect(diffAlerts([a], [{ ...a, text: "A, worse" }], 1)).toEqual([]);
  });
});
