import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { expectedWrites } from "../../src/engine/scenario/expectedWrites";

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
