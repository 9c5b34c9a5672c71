/* Certification (Group Replication multi-primary, Galera): ordered by a majority, first committer wins. */
import { describe, expect, it } from "vitest";
import { mpScenario, runMp, valuesOf } from "./run";

const w = (atMs: number, node: string, key: string, value: string, kind: "insert" | "update" | "upsert" = "upsert") =>
  ({ atMs, op: "write" as const, node, key, kind, value, session: node });
const THREE = [{ name: "a", networkDelayMs: 5 }, { name: "b", networkDelayMs: 10 }, { name: "c", networkDelayMs: 40 }];

describe("certification", () => {
  it("a commit waits a round trip to the nearest majority (itself included)", () => {
    const r = runMp(mpScenario("certification", THREE, [w(100, "a", "x", "1"), w(300, "c", "y", "1")]));
    const [fromA, fromC] = r.operations;
    // a: a majority of 3 is a and b, a round trip of 2 × (5 + 10) ms
    expect(fromA!.completedMs! - fromA!.invokedMs).toBe(30);
    // c: its nearest other member is a, 2 × (40 + 5) ms
    expect(fromC!.completedMs! - fromC!.invokedMs).toBe(90);
    expect(valuesOf(r, "x")).toEqual(["1", "1", "1"]);
  });

  it("of two concurrent conflicting commits, the one ordered second is rolled back with an error; nothing diverges", () => {
    const r = runMp(mpScenario("certification", THREE, [w(100, "a", "x", "0"), w(300, "a", "x", "from a"), w(305, "c", "x", "from c")]));
    const [, fromA, fromC] = r.operations;
    expect(fromA!.status).toBe("ok");
    expect(fromC!.status).toBe("failed");
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: "certification", node: "c", write: { node: "c", value: "from c" },
      other: { node: "a", value: "from a" } });
    expect(valuesOf(r, "x")).toEqual(["from a", "from a", "from a"]);
    expect(r.divergentKeys).toEqual([]);
    expect(r.multiPrimary.lostUpdates).toEqual([]);
  });

  it("the loser's client sees Galera's deadlock error", () => {
    const r = runMp(mpScenario("certification", THREE, [w(100, "a", "x", "0"), w(300, "a", "x", "1"), w(301, "b", "x", "2")]));
    expect(r.multiPrimary.writes.failed).toBe(1);
    expect(r.engine.warnings).toEqual([]);
    expect(r.conflicts[0]!.resolution).toContain("first committer wins");
  });

  it("a write that saw the earlier one certifies", () => {
    const r = runMp(mpScenario("certification", THREE, [w(100, "a", "x", "0"), w(300, "a", "x", "1"), w(500, "c", "x", "2")]));
    expect(r.operations.map((o) => o.status)).toEqual(["ok", "ok", "ok"]);
    expect(valuesOf(r, "x")).toEqual(["2", "2", "2"]);
  });

  it("a node cut off from the majority refuses writes (1047); after the heal it catches up", () => {
    const r = runMp(mpScenario("certification", THREE, [
      { atMs: 50, op: "partition", between: ["c", "a"] }, { atMs: 50, op: "partition", between: ["c", "b"] },
      w(100, "c", "x", "lonely"), w(120, "a", "y", "1"), { atMs: 130, op: "read", node: "c", key: "y", session: "r" },
      { atMs: 1000, op: "heal", between: ["c", "a"] }, { atMs: 1000, op: "heal", between: ["c", "b"] },
      { atMs: 1100, op: "read", node: "c", key: "y", session: "r" }]));
    expect(r.operations[0]!.status).toBe("failed");
    expect(r.operations[1]!.status).toBe("ok");
    expect(r.operations.filter((o) => o.op === "read").map((o) => o.value)).toEqual([null, "1"]);
    expect(r.multiPrimary.nodes.map((n) => n.inQuorum)).toEqual([true, true, true]);
    expect(r.multiPrimary.settled).toBe(true);
  });

  it("two nodes: each is half, so one down stops all writes", () => {
    const r = runMp(mpScenario("certification", [{ name: "a" }, { name: "b" }], [
      { atMs: 50, op: "crash", node: "b" }, w(100, "a", "x", "1")]));
    expect(r.operations[0]!.status).toBe("failed");
  });
});
