/* Last writer wins by commit timestamp, each node stamping with its own clock. */
import { describe, expect, it } from "vitest";
import { mpScenario, runMp, valuesOf } from "./run";

const w = (atMs: number, node: string, key: string, value: string | undefined, kind: "insert" | "update" | "delete" | "upsert" = "upsert") =>
  ({ atMs, op: "write" as const, node, key, kind, ...(value === undefined ? {} : { value }), session: node });

describe("last writer wins", () => {
  it("with true clocks, concurrent updates converge to the one committed last, and nothing is reported lost", () => {
    const r = runMp(mpScenario("lww", [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30 }], [
      w(100, "eu", "x", "0"), w(300, "eu", "x", "eu"), w(310, "us", "x", "us")]));
    expect(valuesOf(r, "x")).toEqual(["us", "us"]);
    expect(r.divergentKeys).toEqual([]);
    expect(r.multiPrimary.lostUpdates).toEqual([]);
    expect(r.conflicts.map((c) => [c.kind, c.node])).toEqual([["stamp_older", "us"], ["stamp_newer", "eu"]]);
  });

  it("a fast clock wins: the write that came later in true time is lost, on every node, and the checker says so", () => {
    // eu's clock runs 50 ms ahead: its write at 300 ms is stamped 350, us's at 310 ms is stamped 310
    const r = runMp(mpScenario("lww", [{ name: "eu", networkDelayMs: 20, clockSkewMs: 50 }, { name: "us", networkDelayMs: 30 }], [
      w(100, "eu", "x", "0"), w(300, "eu", "x", "eu"), w(310, "us", "x", "us")]));
    expect(valuesOf(r, "x")).toEqual(["eu", "eu"]);
    expect(r.divergentKeys).toEqual([]);
    expect(r.multiPrimary.lostUpdates).toEqual([{ table: "t", key: "x", node: "us", value: "us", atMs: 311, keptNode: "eu",
      keptValue: "eu", keptAtMs: 301, lostOn: ["eu", "us"] }]);
  });

  it("a skewed write loses even on its own node, long after the other write arrived", () => {
    // us's clock is 2 s behind: its update at 1000 ms (stamped -999 ms) cannot beat eu's row stamped 101 ms
    const r = runMp(mpScenario("lww", [{ name: "eu" }, { name: "us", clockSkewMs: -2000 }], [
      w(100, "eu", "x", "old"), w(1000, "us", "x", "new", "update")]));
    expect(valuesOf(r, "x")).toEqual(["old", "old"]);
    expect(r.operations[1]!.status).toBe("ok"); // the client was told it worked
    expect(r.multiPrimary.lostUpdates.map((l) => [l.value, l.lostOn])).toEqual([["new", ["eu", "us"]]]);
  });

  it("a delete is a change like any other: the later of a delete and an update wins everywhere", () => {
    const r = runMp(mpScenario("lww", [{ name: "a", networkDelayMs: 25 }, { name: "b", networkDelayMs: 25 }], [
      w(100, "a", "k", "1"), w(300, "a", "k", undefined, "delete"), w(320, "b", "k", "2", "update")]));
    expect(valuesOf(r, "k")).toEqual(["2", "2"]);
    const r2 = runMp(mpScenario("lww", [{ name: "a", networkDelayMs: 25 }, { name: "b", networkDelayMs: 25 }], [
      w(100, "a", "k", "1"), w(320, "a", "k", undefined, "delete"), w(300, "b", "k", "2", "update")]));
    expect(valuesOf(r2, "k")).toEqual([null, null]);
    expect(r2.divergentKeys).toEqual([]);
  });

  it("set clockSkewMs while running: a node's clock can jump ahead", () => {
    const r = runMp(mpScenario("lww", [{ name: "a" }, { name: "b" }], [
      { atMs: 50, op: "set", node: "a", clockSkewMs: 1000 }, w(100, "a", "k", "a"), w(500, "b", "k", "b")]));
    expect(valuesOf(r, "k")).toEqual(["a", "a"]);
    expect(r.multiPrimary.nodes[0]!.clockSkewMs).toBe(1000);
  });
});
