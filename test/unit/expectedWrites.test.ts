import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { expectedWrites, plannedWrites } from "../../src/engine/scenario/expectedWrites";

const scenario = (durationMs: number, workload: object) => scenarioSchema.parse({
  durationMs, cluster: { primary: { name: "p" }, replicas: [{ name: "s1" }] }, workload: { readsPerSec: 0, ...workload },
});

describe("expectedWrites", () => {
  it("reserves the workload's writes over the run, as a power of two within [1,024, 262,144]", () => {
    expect(expectedWrites(scenario(5000, { writesPerSec: 10_000 }))).toBe(65_536);
    expect(expectedWrites(scenario(1000, { writesPerSec: 10 }))).toBe(1024);
    expect(expectedWrites(scenario(3_600_000, { writesPerSec: 2000 }))).toBe(262_144);
    // Only while the workload runs: from startMs to stopMs.
    expect(expectedWrites(scenario(60_000, { writesPerSec: 10_000, startMs: 50_000, stopMs: 52_000 }))).toBe(32_768);
  });
});

describe("plannedWrites", () => {
  const withActions = (durationMs: number, workload: object, actions: object[]) => scenarioSchema.parse({
    durationMs, cluster: { primary: { name: "p" }, replicas: [{ name: "s1" }] }, workload: { readsPerSec: 0, ...workload }, actions,
  });

  it("counts the workload's rate while it runs, and the write actions", () => {
    expect(plannedWrites(scenario(5000, { writesPerSec: 10_000 }))).toBe(50_000);
    expect(plannedWrites(scenario(60_000, { writesPerSec: 10_000, startMs: 50_000, stopMs: 52_000 }))).toBe(20_000);
    expect(plannedWrites(withActions(1000, { writesPerSec: 0 }, [
      { atMs: 10, op: "write", key: "a", value: "1" }, { atMs: 20, op: "crash", node: "s1" }, { atMs: 30, op: "write", key: "b", value: "2" },
    ]))).toBe(2);
  });

  it("follows workload actions: a patch applies from its time on, in time order", () => {
    // 100/s for 2 s, then 1000/s for 3 s (listed out of order: actions run in atMs order).
    expect(plannedWrites(withActions(5000, { writesPerSec: 100 }, [
      { atMs: 4000, op: "workload", workload: { readsPerSec: 5 } },
      { atMs: 2000, op: "workload", workload: { writesPerSec: 1000 } },
    ]))).toBe(200 + 3000);
    // Started by an action, stopped by its own stopMs.
    expect(plannedWrites(withActions(10_000, { writesPerSec: 0 }, [
      { atMs: 1000, op: "workload", workload: { writesPerSec: 500, stopMs: 3000 } },
    ]))).toBe(1000);
    // An action after the end changes nothing.
    expect(plannedWrites(withActions(1000, { writesPerSec: 10 }, [
      { atMs: 5000, op: "workload", workload: { writesPerSec: 1_000_000 } },
    ]))).toBe(10);
  });

  it("sizes the tables: expectedWrites follows it, so a workload started by an action reserves room too", () => {
    expect(expectedWrites(withActions(10_000, { writesPerSec: 0 }, [
      { atMs: 0, op: "workload", workload: { writesPerSec: 10_000 } },
    ]))).toBe(131_072);
  });
});
