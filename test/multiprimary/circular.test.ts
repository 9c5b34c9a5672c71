/*
 * Circular (asynchronous, MySQL/MariaDB row-based) multi-primary replication: the cases
 * REAL-BEHAVIOUR.md measured on MariaDB 10.11 ("MariaDB multi-primary"), one test each.
 */
import { describe, expect, it } from "vitest";
import { mpScenario, runMp, valuesOf } from "./run";

const EU_US = [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30 }];
const w = (atMs: number, node: string, key: string, value: string | undefined, kind: "insert" | "update" | "delete" | "upsert") =>
  ({ atMs, op: "write" as const, node, key, kind, ...(value === undefined ? {} : { value }), session: node });

describe("circular multi-primary (MariaDB master-master, ROW, STRICT)", () => {
  it("both update one row within the replication delay: each ends with the other's value, no error", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "x", "0", "insert"), w(300, "eu", "x", "eu", "update"), w(310, "us", "x", "us", "update")]));
    expect(valuesOf(r, "x")).toEqual(["us", "eu"]);
    expect(r.multiPrimary.channels.every((c) => c.state === "running" && c.lastErrno === 0)).toBe(true);
    expect(r.multiPrimary.settled).toBe(true);
    expect(r.divergentKeys).toEqual([{ table: "t", key: "x", values: [{ node: "eu", value: "us" }, { node: "us", value: "eu" }] }]);
    expect(r.conflicts.map((c) => [c.kind, c.node])).toEqual([["update_differs", "us"], ["update_differs", "eu"]]);
    // us's update took effect later (310 ms) but us holds eu's earlier one: a lost update on us
    expect(r.multiPrimary.lostUpdates).toEqual([{ table: "t", key: "x", node: "us", value: "us", atMs: 311, keptNode: "eu",
      keptValue: "eu", keptAtMs: 301, lostOn: ["us"] }]);
  });

  it("updates further apart than the link's delay (50 ms) replicate in order: no divergence", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "x", "0", "insert"), w(300, "eu", "x", "eu", "update"), w(360, "us", "x", "us", "update")]));
    expect(valuesOf(r, "x")).toEqual(["us", "us"]);
    expect(r.divergentKeys).toEqual([]);
    expect(r.conflicts).toEqual([]);
    expect(r.multiPrimary.lostUpdates).toEqual([]);
  });

  it("both insert one primary key: both channels stop with 1062, each keeps its own row, later changes wait", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "100", "a", "insert"), w(110, "us", "100", "b", "insert"), w(500, "eu", "z", "after", "insert")]));
    expect(valuesOf(r, "100")).toEqual(["a", "b"]);
    for (const c of r.multiPrimary.channels) {
      expect(c.state).toBe("stopped");
      expect(c.lastErrno).toBe(1062);
      expect(c.lastError).toContain("Duplicate entry '100' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY");
      expect(c.connected).toBe(true); // Slave_IO_Running still Yes
    }
    // eu's later insert of z waits behind the failed event on us
    expect(valuesOf(r, "z")).toEqual(["after", null]);
    expect(r.multiPrimary.channels.find((c) => c.node === "us")!.behind).toBe(2);
  });

  it("START SLAVE alone fails again; skipping the event restarts replication but the rows stay different", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "100", "a", "insert"), w(110, "us", "100", "b", "insert"), w(500, "eu", "z", "after", "insert"),
      { atMs: 600, op: "replication", node: "us", source: "eu", command: "start" },
      { atMs: 700, op: "replication", node: "us", source: "eu", command: "skip" }]));
    const us = r.multiPrimary.channels.find((c) => c.node === "us")!;
    expect(us.errorCount).toBe(2);
    expect(us.state).toBe("running");
    expect(us.behind).toBe(0);
    expect(valuesOf(r, "z")).toEqual(["after", "after"]);
    expect(valuesOf(r, "100")).toEqual(["a", "b"]);
  });

  it("a delete on one side and an update on the other: 1032 Can't find record stops replication", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "k", "0", "insert"), w(300, "eu", "k", undefined, "delete"), w(310, "us", "k", "1", "update")]));
    const eu = r.multiPrimary.channels.find((c) => c.node === "eu")!;
    expect(eu.state).toBe("stopped");
    expect(eu.lastErrno).toBe(1032);
    expect(eu.lastError).toContain("Could not execute Update_rows_v1 event on table d.t; Can't find record in 't', Error_code: 1032");
    // us applied eu's delete over its own update (found by primary key): the row is gone there
    expect(valuesOf(r, "k")).toEqual([null, null]);
    expect(r.conflicts.map((c) => c.kind).sort()).toEqual(["delete_differs", "update_missing"]);
  });

  it("slave_exec_mode IDEMPOTENT: no stop and no error; duplicate inserts overwrite each other and end swapped", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "100", "a", "insert"), w(110, "us", "100", "b", "insert"),
      w(300, "eu", "k", "0", "insert"), w(400, "eu", "k", undefined, "delete"), w(410, "us", "k", "1", "update")],
    { execMode: "IDEMPOTENT" }));
    expect(r.multiPrimary.channels.every((c) => c.state === "running" && c.errorCount === 0)).toBe(true);
    expect(valuesOf(r, "100")).toEqual(["b", "a"]);
    expect(r.conflicts.find((c) => c.kind === "update_missing")!.resolution).toContain("skipped");
  });

  it("a partition holds changes back; after the heal they arrive in order and nothing is applied twice", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      { atMs: 50, op: "partition", between: ["eu", "us"] },
      w(100, "eu", "a", "1", "insert"), w(200, "eu", "a", "2", "update"), w(300, "eu", "b", "1", "insert"),
      { atMs: 1000, op: "heal", between: ["eu", "us"] }]));
    expect(valuesOf(r, "a")).toEqual(["2", "2"]);
    expect(valuesOf(r, "b")).toEqual(["1", "1"]);
    expect(r.conflicts).toEqual([]);
    expect(r.multiPrimary.settled).toBe(true);
  });

  it("a change in flight when the link is cut is fetched again after the heal", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      w(100, "eu", "a", "1", "insert"), { atMs: 120, op: "partition", between: ["eu", "us"] },
      { atMs: 140, op: "read", node: "us", key: "a", session: "r" }, { atMs: 500, op: "heal", between: ["eu", "us"] },
      { atMs: 600, op: "read", node: "us", key: "a", session: "r" }]));
    const reads = r.operations.filter((o) => o.op === "read");
    expect(reads.map((o) => o.value)).toEqual([null, "1"]);
  });

  it("links between regions have their own delays: a near pair converges sooner than a far one", () => {
    const nodes = [{ name: "paris" }, { name: "berlin" }, { name: "tokyo" }];
    const links = [{ between: ["paris", "berlin"] as [string, string], delayMs: 10 }, { between: ["paris", "tokyo"] as [string, string], delayMs: 120 },
      { between: ["berlin", "tokyo"] as [string, string], delayMs: 110 }];
    const r = runMp(mpScenario("circular", nodes, [w(100, "paris", "x", "1", "insert"),
      { atMs: 112, op: "read", node: "berlin", key: "x", session: "r" }, { atMs: 112, op: "read", node: "tokyo", key: "x", session: "r" },
      { atMs: 222, op: "read", node: "tokyo", key: "x", session: "r" }], { links }));
    expect(r.operations.filter((o) => o.op === "read").map((o) => o.value)).toEqual(["1", null, "1"]);
    expect(r.multiPrimary.links.map((l) => l.delayMs)).toEqual([10, 120, 110]);
  });

  it("a write on a node that is down fails; after a restart the node catches up", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      { atMs: 50, op: "crash", node: "us" }, w(100, "us", "a", "1", "insert"), w(120, "eu", "b", "1", "insert"),
      { atMs: 500, op: "restart", node: "us" }]));
    expect(r.operations[0]!.status).toBe("failed");
    expect(r.multiPrimary.nodes.map((n) => n.state)).toEqual(["up", "up"]);
    expect(valuesOf(r, "b")).toEqual(["1", "1"]);
    expect(r.writes).toMatchObject({ attempted: 2, acknowledged: 1, failed: 1 });
  });
});
