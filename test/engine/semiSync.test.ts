/*
 * REAL-BEHAVIOUR.md, MariaDB semi-sync. The ACK means "received and written to the relay log",
 * not applied. Commit latency = async latency + round trip to the fastest semi-sync replica; one
 * replica down: still ON, no slower. With every replica gone the next commit waits about the
 * timeout and then succeeds; semi-sync switches OFF, later commits are async, and it switches
 * back ON once a reconnected replica has caught up. With wait_no_slave OFF and no replicas,
 * commits do not wait and the status stays ON. While a commit waits: AFTER_SYNC hides the row
 * from other sessions, AFTER_COMMIT shows it.
 *
 * Primary fsync 1 ms (the async latency); replicas without jitter, so latencies are exact.
 */
import { describe, expect, it } from "vitest";
import { Lab, semiLab } from "./lab";

const near = (name = "near") => ({ name, networkDelayMs: 2, jitterMs: 0, fsyncMs: 1 }); // RTT 4 ms
const far = (name = "far") => ({ name, networkDelayMs: 10, jitterMs: 0, fsyncMs: 1 }); // RTT 20 ms
const ASYNC_US = 1000;

function commitLatencyUs(lab: Lab, key = "k"): number {
  const op = lab.write(key, `v${lab.history.length}`);
  const o = lab.runUntilAnswered(op, 60_000);
  expect(o.status).toBe("ok");
  return o.latencyUs!;
}

function ready(lab: Lab): Lab {
  lab.runTo(100);
  return lab;
}

describe("the ACK means received, not applied", () => {
  it("a replica with a 4 s apply delay ACKs at once; reads there stay stale for ~4 s", () => {
    const lab = ready(semiLab([{ ...near("r1"), applyDelayMs: 4000 }], { waitPoint: "AFTER_SYNC" }));
    const op = lab.write("x", "1");
    const o = lab.runUntilAnswered(op);
    expect(o.latencyUs).toBe(ASYNC_US + 4000);
    expect(lab.read("r1", "x")).toMatchObject({ value: null, stale: true });
    lab.runTo(o.invokedUs / 1000 + 3900);
    expect(lab.read("r1", "x")).toMatchObject({ value: null, stale: true });
    lab.runTo(o.invokedUs / 1000 + 4100);
    expect(lab.read("r1", "x")).toMatchObject({ value: "1", stale: false });
  });
});

describe("commit latency = async latency + round trip to the fastest replica", () => {
  it("near (RTT 4 ms) and far (RTT 20 ms): 1 + 4 ms", () => {
    expect(commitLatencyUs(ready(semiLab([near(), far()], {})))).toBe(ASYNC_US + 4000);
  });
  it("only the far replica: 1 + 20 ms", () => {
    expect(commitLatencyUs(ready(semiLab([far()], {})))).toBe(ASYNC_US + 20_000);
  });
  it("a slow replica fsync does not matter: the ACK is sent on receipt", () => {
    expect(commitLatencyUs(ready(semiLab([{ ...near(), fsyncMs: 50 }], {})))).toBe(ASYNC_US + 4000);
  });
  it("one of two equal replicas down: still ON, no slower", () => {
    const lab = ready(semiLab([near("r1"), near("r2")], {}));
    const before = commitLatencyUs(lab);
    lab.do({ op: "crash", node: "r1", kind: "process" });
    lab.runFor(100);
    expect(commitLatencyUs(lab)).toBe(before);
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
  });
  it("the near replica down: commits go at the far replica's round trip, still ON", () => {
    const lab = ready(semiLab([near(), far()], {}));
    lab.do({ op: "crash", node: "near", kind: "process" });
    lab.runFor(100);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US + 20_000);
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
  });
});

describe("every semi-sync replica gone: timeout, fall back to async, switch back ON", () => {
  function allGone(how: "crash" | "partition", timeoutMs = 2000): Lab {
    const lab = ready(semiLab([near("r1"), near("r2")], { timeoutMs }));
    for (const r of ["r1", "r2"]) {
      if (how === "crash") lab.do({ op: "crash", node: r, kind: "process" });
      else lab.do({ op: "partition", between: ["primary", r] });
    }
    lab.runFor(100);
    return lab;
  }

  it.each(["crash", "partition"] as const)("the next commit waits the timeout, then SUCCEEDS; semi-sync is OFF (%s)", (how) => {
    const lab = allGone(how);
    const op = lab.write("x", "1");
    lab.runFor(1900);
    expect(lab.outcome(op).status).toBe("pending");
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
    const o = lab.runUntilAnswered(op, 60_000);
    expect(o.status).toBe("ok");
    expect(o.latencyUs).toBe(ASYNC_US + 2_000_000);
    expect(lab.snapshot().commit.semiSyncActive).toBe(false);
    expect(lab.snapshot().log.some((l) => l.kind === "semi-sync-off")).toBe(true);
  });

  it("with the default 10 s timeout the wait is about 10 s", () => {
    const lab = allGone("crash", 10_000);
    const latency = commitLatencyUs(lab);
    expect(latency / 1000).toBeGreaterThanOrEqual(10_000);
    expect(latency / 1000).toBeLessThan(10_100);
  });

  it("later commits are async: they cost the primary fsync only", () => {
    const lab = allGone("crash");
    commitLatencyUs(lab);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US);
  });

  it("switches back ON by itself once a restarted replica has caught up and ACKed", () => {
    const lab = allGone("crash");
    commitLatencyUs(lab);
    for (let i = 0; i < 5; i++) commitLatencyUs(lab, `k${i}`);
    lab.do({ op: "restart", node: "r1" });
    lab.runFor(50);
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
    expect(lab.node("r1").lsn.write).toBe(lab.node("primary").lsn.flush);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US + 4000);
  });

  it("switches back ON after the partition heals and the replica catches up", () => {
    const lab = allGone("partition");
    commitLatencyUs(lab);
    lab.do({ op: "heal", between: ["primary", "r1"] });
    lab.runFor(200);
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US + 4000);
  });
});

describe("rpl_semi_sync_master_wait_no_slave", () => {
  it("OFF with no replicas connected: commits do not wait and the status stays ON", () => {
    const lab = ready(semiLab([near("r1")], { waitNoReplica: false, timeoutMs: 2000 }));
    lab.do({ op: "crash", node: "r1", kind: "process" });
    lab.runFor(100);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US);
    expect(lab.snapshot().commit.semiSyncActive).toBe(true);
  });
  it("ON (the default) with no replicas connected: the commit waits for the timeout", () => {
    const lab = ready(semiLab([near("r1")], { waitNoReplica: true, timeoutMs: 2000 }));
    lab.do({ op: "crash", node: "r1", kind: "process" });
    lab.runFor(100);
    expect(commitLatencyUs(lab)).toBe(ASYNC_US + 2_000_000);
  });
});

describe("wait point: what other sessions see while a commit waits for its ACK", () => {
  function waitingCommit(waitPoint: "AFTER_SYNC" | "AFTER_COMMIT"): { lab: Lab; op: number } {
    const lab = ready(semiLab([{ name: "r1", networkDelayMs: 50, jitterMs: 0 }], { waitPoint }));
    commitLatencyUs(lab, "x");
    const before = lab.read("primary", "x", "bob").value;
    expect(before).not.toBeNull();
    const op = lab.write("x", "new");
    lab.runFor(20);
    expect(lab.outcome(op).status).toBe("pending");
    return { lab, op };
  }

  it("AFTER_SYNC: other sessions on the primary do not see the row", () => {
    const { lab } = waitingCommit("AFTER_SYNC");
    expect(lab.read("primary", "x", "bob").value).not.toBe("new");
  });

  it("AFTER_COMMIT: other sessions on the primary see the row before the writer's commit returns", () => {
    const { lab, op } = waitingCommit("AFTER_COMMIT");
    expect(lab.read("primary", "x", "bob").value).toBe("new");
    expect(lab.outcome(op).status).toBe("pending");
  });

  it.each(["AFTER_SYNC", "AFTER_COMMIT"] as const)("%s: the row is visible to everyone once the ACK is back", (wp) => {
    const { lab, op } = waitingCommit(wp);
    lab.runUntilAnswered(op);
    expect(lab.read("primary", "x", "bob").value).toBe("new");
  });
});

describe("a read on a replica right after the commit returns (no added delay, loopback)", () => {
  /** Fraction of 200 reads on r1, each made the µs its commit returned, that were stale. */
  function staleFraction(commit: { preset: "async" } | { semiSync: Record<string, never> }): number {
    // MariaDB writes the relay log without an fsync per event (sync_relay_log = 10000): a short write.
    const lab = new Lab({ seed: 5, cluster: { primary: { fsyncMs: 0.17 },
      replicas: [{ name: "r1", networkDelayMs: 0.05, jitterMs: 0.05, fsyncMs: 0.05, applyCostUs: 20 }] }, commit });
    lab.runTo(100);
    let stale = 0;
    for (let i = 0; i < 200; i++) {
      const op = lab.write("k", `v${i}`);
      expect(lab.runUntilAnswered(op).status).toBe("ok");
      if (lab.read("r1", "k").stale) stale++;
      lab.runFor(3);
    }
    return stale / 200;
  }

  /*
   * REAL-BEHAVIOUR.md: on MariaDB over loopback, async is stale about half the time and
   * semi-sync less, but not never. The simulator keeps the second half of that fact. It does
   * not model MariaDB's engine-commit step after the binlog sync, during which an async replica
   * can win the race: here async WAL leaves only once the commit is durable, so a read issued
   * the instant an async commit returns is always stale (docs/model.md, "Simplifications").
   */
  it("is stale under semi-sync sometimes, less often than async, and never never", () => {
    const async = staleFraction({ preset: "async" });
    const semi = staleFraction({ semiSync: {} });
    expect(semi).toBeGreaterThan(0);
    expect(semi).toBeLessThan(async);
    expect(async).toBe(1);
  });
});
