import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { columnBuffers, messagesFromColumns } from "../../src/worker/inFlight";

describe("messages in flight as columns", () => {
  it("round-trips to exactly the message views the engine would give, through a transferring clone", () => {
    const sim = new Simulation(scenarioSchema.parse({ seed: 3, cluster: { replicas: [{ name: "s1", networkDelayMs: 30 },
      { name: "s2", networkDelayMs: 60, jitterMs: 5 }] }, workload: { writesPerSec: 500 } }));
    sim.runUntil(1_000_000);
    const expected = sim.snapshot().inFlight;
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.some((m) => m.kind === "ack")).toBe(true);
    const cols = sim.inFlightColumns();
    const cloned = structuredClone(cols, { transfer: columnBuffers(cols) });
    expect(cols.ids.byteLength).toBe(0); // transferred, not copied
    expect(messagesFromColumns(cloned)).toEqual(expected);
    expect(sim.snapshot(0, { omitInFlight: true }).inFlight).toEqual([]);
  });
});
