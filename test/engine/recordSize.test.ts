/*
 * A write's WAL record is a 64-byte header plus its key and value (values past 4 KB are
 * capped): consecutive commit LSNs on the primary differ by exactly that. Checked for workload
 * keys (whose length the engine counts from the key id when their ids run consecutively) and
 * after a scripted key breaks that run.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { OperationEvent as HistoryEvent } from "../../src/engine/views";

function recordSizesHold(history: HistoryEvent[]): number {
  const acked = history.filter((e) => e.type === "ok" && e.f === "write").sort((a, b) => a.lsn! - b.lsn!);
  for (let i = 1; i < acked.length; i++) {
    const e = acked[i]!;
    expect(e.lsn! - acked[i - 1]!.lsn!, `${e.key} = ${e.value}`).toBe(64 + e.key.length + Math.min(e.value!.length, 4096));
  }
  return acked.length;
}

describe("WAL record sizes", () => {
  it("match key and value lengths, for 1,200 workload keys and after a scripted key joins", () => {
    const history: HistoryEvent[] = [];
    const sim = new Simulation(scenarioSchema.parse({
      seed: 3, durationMs: 2000,
      cluster: { primary: { name: "primary" }, replicas: [{ name: "s1" }] },
      workload: { writesPerSec: 2000, readsPerSec: 0, sessions: 4, keys: 1200 },
      actions: [
        { atMs: 500, op: "write", session: "app", key: "a-much-longer-key-name", value: "x".repeat(5000) },
        // k1200… are created after the scripted key: the workload's ids no longer run consecutively.
        { atMs: 600, op: "workload", workload: { keys: 1500 } },
      ],
    }), { onHistory: (e) => { if ("f" in e) history.push(e); } });
    sim.runUntil(2_000_000);
    expect(recordSizesHold(history)).toBeGreaterThan(3500);
    expect(history.some((e) => e.type === "ok" && e.key === "k1499")).toBe(true);
  });
});
