/*
 * REAL-BEHAVIOUR.md, PostgreSQL 15.18: a row on the subscriber with the key the publisher then
 * inserts stops the apply worker with "duplicate key value violates unique constraint"; it starts
 * again every wal_retrieve_retry_interval (5 s) and fails each time; apply_error_count counts the
 * failures; later transactions wait behind it; removing the row lets the next retry apply
 * everything. disable_on_error disables the subscription instead. SKIP passes the transaction
 * over. An UPDATE or DELETE of a row the subscriber no longer has is dropped silently.
 */
import { describe, expect, it } from "vitest";
import { LogicalLab, oneSubscriber } from "./run";

function conflicted(sub: Record<string, unknown> = {}): LogicalLab {
  const lab = new LogicalLab(oneSubscriber(sub));
  lab.runTo(50);
  lab.do({ op: "write", key: "0", value: "applied before" });
  lab.runTo(100);
  lab.do({ op: "write", node: "sub1", key: "5", value: "subscriber's" });
  lab.do({ op: "write", key: "5", value: "publisher's", kind: "insert" });
  lab.runTo(150);
  lab.do({ op: "write", key: "6", value: "behind it" });
  return lab;
}

describe("a conflict stops the apply worker", () => {
  it("duplicate key: the worker stops, retries every wal_retrieve_retry_interval and fails again; later transactions wait", () => {
    const lab = conflicted();
    lab.runTo(1000);
    let s = lab.sub();
    expect(s.state).toBe("error");
    expect(s.applyErrorCount).toBe(1);
    expect(s.lastError).toMatch(/^duplicate key value violates unique constraint "t_pkey" DETAIL: Key \(key\)=\(5\) already exists/);
    expect(s.active).toBe(false);
    expect(lab.read("sub1", "6")).toBeNull();
    lab.runTo(16_000);
    s = lab.sub();
    // at ~0.1 s, then 5.1, 10.1 and 15.1 s (each retry: a connection round trip, then the same transaction again)
    expect(s.applyErrorCount).toBe(4);
    expect(s.retainedBytes).toBeGreaterThan(0);
    expect(lab.read("sub1", "6")).toBeNull();
    const c = lab.report().conflicts!;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ kind: "insert_exists", table: "t", key: "5", node: "sub1", localValue: "subscriber's",
      remoteValue: "publisher's" });
    expect(c[0]!.resolution).toMatch(/apply worker stopped; retried every 5000 ms, failing 4 time/);
  });

  it("removing the row on the subscriber lets the next retry apply everything", () => {
    const lab = conflicted();
    lab.runTo(7000);
    lab.do({ op: "write", node: "sub1", key: "5", kind: "delete" });
    lab.runTo(9000);
    expect(lab.read("sub1", "5")).toBeNull();
    lab.runTo(11_000);
    expect(lab.read("sub1", "5")).toBe("publisher's");
    expect(lab.read("sub1", "6")).toBe("behind it");
    const s = lab.sub();
    expect(s).toMatchObject({ state: "streaming", applyErrorCount: 2, caughtUp: true, retainedBytes: 0 });
    expect(lab.report().conflicts![0]!.resolution).toMatch(/applied at a later retry/);
  });

  it("ALTER SUBSCRIPTION … SKIP (lsn = the failing transaction's finish LSN) passes it over: the rows stay different", () => {
    const lab = conflicted();
    lab.runTo(1000);
    const failing = lab.sub().failingLsn!;
    expect(lab.sub().lastError).toContain(`finished at ${failing}`);
    expect(() => lab.do({ op: "subscription", node: "sub1", command: "skip", skipLsn: 3 })).toThrow(/must be greater than origin LSN/);
    lab.do({ op: "subscription", node: "sub1", command: "skip", skipLsn: failing });
    lab.runTo(6000);
    expect(lab.read("sub1", "5")).toBe("subscriber's");
    expect(lab.read("sub1", "6")).toBe("behind it");
    expect(lab.sub()).toMatchObject({ state: "streaming", applyErrorCount: 1, failingLsn: null });
    expect(lab.report().conflicts![0]!.resolution).toMatch(/skipped \(ALTER SUBSCRIPTION … SKIP\)/);
    expect(lab.report().divergentKeys).toEqual([{ table: "t", key: "5",
      values: [{ node: "primary", value: "publisher's" }, { node: "sub1", value: "subscriber's" }] }]);
  });

  it("disable_on_error: the subscription is disabled instead; ENABLE retries (and fails again while the row is there)", () => {
    const lab = conflicted({ disableOnError: true });
    lab.runTo(12_000);
    let s = lab.sub();
    expect(s).toMatchObject({ state: "disabled", enabled: false, applyErrorCount: 1 });
    expect(lab.sim.snapshot().log.some((e) => e.text === 'subscription "sub1" has been disabled because of an error')).toBe(true);
    lab.do({ op: "subscription", node: "sub1", command: "enable" });
    lab.runTo(12_100);
    s = lab.sub();
    expect(s).toMatchObject({ state: "disabled", applyErrorCount: 2 });
    lab.do({ op: "write", node: "sub1", key: "5", kind: "delete" });
    lab.do({ op: "subscription", node: "sub1", command: "enable" });
    lab.runTo(12_200);
    expect(lab.sub().state).toBe("streaming");
    expect(lab.read("sub1", "6")).toBe("behind it");
  });

  it("SET (disable_on_error) while the worker is failing: the next retry disables it; SET false again, and ENABLE retries", () => {
    const lab = conflicted();
    lab.runTo(1000);
    expect(lab.sub()).toMatchObject({ state: "error", disableOnError: false, applyErrorCount: 1 });
    lab.do({ op: "subscription", node: "sub1", command: "set", disableOnError: true });
    expect(lab.sub().disableOnError).toBe(true);
    expect(lab.sim.snapshot().log.some((e) => e.text === "ALTER SUBSCRIPTION sub1 SET (disable_on_error = true)")).toBe(true);
    lab.runTo(7000);
    expect(lab.sub()).toMatchObject({ state: "disabled", enabled: false, applyErrorCount: 2 });
    lab.do({ op: "subscription", node: "sub1", command: "set", disableOnError: false });
    lab.do({ op: "subscription", node: "sub1", command: "enable" });
    lab.runTo(7100);
    expect(lab.sub()).toMatchObject({ state: "error", enabled: true, applyErrorCount: 3 });
    expect(() => lab.do({ op: "subscription", node: "sub1", command: "set" })).toThrow(/SET needs a parameter/);
  });

  it("an update or delete of a row the subscriber does not have is skipped, and the worker goes on", () => {
    const lab = new LogicalLab(oneSubscriber());
    lab.runTo(10);
    lab.do({ op: "write", key: "a", value: "1" });
    lab.do({ op: "write", key: "b", value: "1" });
    lab.runTo(100);
    lab.do({ op: "write", node: "sub1", key: "a", kind: "delete" });
    lab.do({ op: "write", node: "sub1", key: "b", kind: "delete" });
    lab.do({ op: "write", key: "a", value: "2", kind: "update" });
    lab.do({ op: "write", key: "b", kind: "delete" });
    lab.do({ op: "write", key: "c", value: "after" });
    lab.runTo(300);
    expect(lab.read("sub1", "a")).toBeNull();
    expect(lab.read("sub1", "c")).toBe("after");
    const s = lab.sub();
    expect(s).toMatchObject({ state: "streaming", applyErrorCount: 0 });
    expect(lab.report().conflicts!.map((c) => [c.kind, c.key, c.resolution.startsWith("skipped")])).toEqual([
      ["update_missing", "a", true], ["delete_missing", "b", true]]);
  });
});
