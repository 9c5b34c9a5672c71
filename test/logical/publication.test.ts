/*
 * REAL-BEHAVIOUR.md, PostgreSQL 15 logical replication: CREATE SUBSCRIPTION creates a logical slot
 * on the publisher, copies the published tables (copy_data), then streams; tables not in the
 * publication never reach the subscriber; the subscriber is a read-write database of its own;
 * the apply worker applies whole transactions in commit order.
 */
import { describe, expect, it } from "vitest";
import { LogicalLab, oneSubscriber } from "./run";

describe("logical replication: only what is published", () => {
  it("a published table's rows reach the subscriber, an unpublished table's never do; a standby gets both", () => {
    const lab = new LogicalLab({ seed: 1, durationMs: 10_000,
      cluster: { replicas: [{ name: "s1" }], subscribers: [{ name: "sub1", tables: ["orders"], networkDelayMs: 5 }] } });
    lab.runTo(50);
    lab.do({ op: "write", table: "orders", key: "1", value: "book" });
    lab.do({ op: "write", table: "audit", key: "1", value: "secret" });
    lab.do({ op: "write", key: "x", value: "in t" });
    lab.runTo(500);
    expect(lab.read("sub1", "1", "orders")).toBe("book");
    expect(lab.read("sub1", "1", "audit")).toBeNull();
    expect(lab.read("sub1", "x")).toBeNull();
    // physical replication copies everything
    expect(lab.read("s1", "1", "audit")).toBe("secret");
    expect(lab.read("s1", "x")).toBe("in t");
    const s = lab.sub();
    expect(s.state).toBe("streaming");
    expect(s.appliedTxns).toBe(1);
    // the slot confirmed the unpublished transactions too (keepalives): nothing is held back
    expect(s.confirmedFlushLsn).toBe(lab.report().nodes.find((n) => n.name === "primary")!.lsn.flush);
    expect(s.retainedBytes).toBe(0);
    expect(s.walStatus).toBe("reserved");
  });

  it("the subscriber is read-write: its own rows stay its own; update and delete replicate as changes", () => {
    const lab = new LogicalLab(oneSubscriber());
    lab.runTo(50);
    lab.do({ op: "write", node: "sub1", key: "mine", value: "local only" });
    expect(lab.lastOp().status).toBe("ok");
    lab.do({ op: "write", key: "a", value: "1", kind: "insert" });
    lab.runTo(200);
    lab.do({ op: "write", key: "a", value: "2", kind: "update" });
    lab.runTo(400);
    expect(lab.read("sub1", "a")).toBe("2");
    lab.do({ op: "write", key: "a", kind: "delete" });
    lab.runTo(600);
    expect(lab.read("sub1", "a")).toBeNull();
    expect(lab.read("primary", "a")).toBeNull();
    expect(lab.read("sub1", "mine")).toBe("local only");
    expect(lab.read("primary", "mine")).toBeNull();
    // the subscriber's own row differs from the publisher: listed once the subscriber is caught up
    expect(lab.report().divergentKeys).toEqual([{ table: "t", key: "mine", values: [{ node: "primary", value: null }, { node: "sub1", value: "local only" }] }]);
  });

  it("the apply worker applies whole transactions in commit order: a small one waits behind a bulk one", () => {
    const lab = new LogicalLab(oneSubscriber({ applyCostUs: 20 }));
    lab.runTo(50);
    lab.do({ op: "write", key: "bulk", value: "x".repeat(40), rows: 50_000 });
    lab.do({ op: "write", key: "small", value: "y" });
    lab.runTo(400);
    // 50,000 rows at 20 µs: the bulk transaction takes a second to apply; the small one is behind it
    expect(lab.read("sub1", "bulk")).toBeNull();
    expect(lab.read("sub1", "small")).toBeNull();
    lab.runTo(1200);
    expect(lab.read("sub1", "bulk")).toBe("x".repeat(40));
    expect(lab.read("sub1", "small")).toBe("y");
    expect(lab.sub().maxApplyLagMs).toBeGreaterThan(1000);
  });

  it("copy_data: a re-created subscription copies the rows that exist, then streams", () => {
    const lab = new LogicalLab(oneSubscriber({}, { workload: { writesPerSec: 200, keys: 30, stopMs: 3000 } }));
    lab.runTo(1000);
    lab.do({ op: "subscription", node: "sub1", command: "drop" });
    lab.runTo(2000);
    expect(lab.sub().state).toBe("dropped");
    expect(lab.sub().slot).toBeNull();
    lab.do({ op: "subscription", node: "sub1", command: "recreate" });
    expect(lab.sub().state).toBe("copying");
    lab.runTo(5000);
    const s = lab.sub();
    expect(s.copiedRows).toBe(30);
    expect(s.caughtUp).toBe(true);
    expect(lab.report().divergentKeys).toEqual([]);
  });

  it("a row written while the subscription is dropped arrives with the re-created subscription's copy", () => {
    const lab = new LogicalLab(oneSubscriber({ copyData: false }));
    lab.runTo(50);
    lab.do({ op: "write", key: "a", value: "1" });
    lab.runTo(100);
    lab.do({ op: "subscription", node: "sub1", command: "drop" });
    lab.do({ op: "write", key: "b", value: "written while dropped" });
    lab.runTo(200);
    // recreate copies (copy_data is what a fresh subscriber needs): b arrives by the copy
    lab.do({ op: "subscription", node: "sub1", command: "recreate" });
    lab.runTo(400);
    expect(lab.read("sub1", "b")).toBe("written while dropped");
  });
});

describe("the publisher's rules for kinds of writes", () => {
  it("insert of an existing key fails on the publisher itself; update and delete of a missing row change nothing", () => {
    const lab = new LogicalLab(oneSubscriber());
    lab.runTo(10);
    lab.do({ op: "write", key: "a", value: "1", kind: "insert" });
    lab.runTo(20);
    lab.do({ op: "write", key: "a", value: "2", kind: "insert" });
    lab.runTo(30);
    expect(lab.lastOp().status).toBe("failed");
    lab.do({ op: "write", key: "nope", value: "2", kind: "update" });
    lab.runTo(40);
    expect(lab.lastOp()).toMatchObject({ status: "ok", lsn: null });
    expect(lab.report().writes.attempted).toBe(3);
    expect(lab.report().writes.failed).toBe(1);
  });

  it("UPDATE or DELETE on a published table without a replica identity is refused, even matching no row; INSERT goes", () => {
    const lab = new LogicalLab(oneSubscriber({ tables: ["np"] }, { cluster: { tables: [{ name: "np", primaryKey: false }] } }));
    lab.runTo(10);
    lab.do({ op: "write", table: "np", key: "a", value: "1", kind: "insert" });
    lab.runTo(20);
    expect(lab.lastOp().status).toBe("ok");
    lab.do({ op: "write", table: "np", key: "zzz", value: "1", kind: "update" });
    expect(lab.lastOp().status).toBe("failed");
    lab.do({ op: "write", table: "np", key: "a", kind: "delete" });
    expect(lab.lastOp().status).toBe("failed");
    const log = lab.sim.snapshot().log.map((e) => e.text).join("\n");
    expect(log).toContain('cannot update table "np" because it does not have a replica identity and publishes updates');
    expect(log).toContain('cannot delete from table "np" because it does not have a replica identity and publishes deletes');
    // REPLICA IDENTITY FULL allows them
    const full = new LogicalLab(oneSubscriber({ tables: ["np"] }, { cluster: { tables: [{ name: "np", primaryKey: false, replicaIdentity: "full" }] } }));
    full.runTo(10);
    full.do({ op: "write", table: "np", key: "a", value: "1" });
    full.do({ op: "write", table: "np", key: "a", value: "2", kind: "update" });
    full.runTo(20);
    expect(full.lastOp().status).toBe("ok");
  });
});
