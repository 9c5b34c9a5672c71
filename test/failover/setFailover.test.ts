import { describe, expect, it } from "vitest";
import { Simulation, CommandError } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";

const cluster = { replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0 }, { name: "s2", networkDelayMs: 5, jitterMs: 0 }] };

describe("set-failover: automatic failover and fencing changed while running", () => {
  it("switched on while the primary is down, it promotes the most advanced standby detectMs later", () => {
    const sim = new Simulation(scenarioSchema.parse({ seed: 1, cluster, workload: { writesPerSec: 50 } }));
    sim.runUntil(1_000_000);
    sim.command({ op: "crash", node: "primary" });
    sim.runUntil(3_000_000);
    expect(sim.snapshot().primary).toBe("primary"); // off by default: nothing happens
    sim.command({ op: "set-failover", auto: true, detectMs: 500 });
    expect(sim.snapshot().failover).toEqual({ auto: true, fencing: true, detectMs: 500 });
    sim.runUntil(3_499_000);
    expect(sim.snapshot().primary).toBe("primary");
    sim.runUntil(3_600_000);
    expect(sim.snapshot().primary).toBe("s1");
    expect(sim.report().failovers).toEqual([expect.objectContaining({ promoted: "s1", automatic: true, atMs: 3500 })]);
  });

  it("switched off before the detection time passes, it promotes nobody", () => {
    const sim = new Simulation(scenarioSchema.parse({ seed: 1, cluster, failover: { auto: true, detectMs: 1000 } }));
    sim.runUntil(100_000);
    sim.command({ op: "crash", node: "primary" });
    sim.command({ op: "set-failover", auto: false });
    sim.runUntil(5_000_000);
    expect(sim.report().failovers).toEqual([]);
  });

  it("without fencing, a later promotion leaves the old primary running (split brain)", () => {
    const sim = new Simulation(scenarioSchema.parse({ seed: 1, cluster }));
    sim.runUntil(100_000);
    sim.command({ op: "set-failover", fencing: false });
    sim.command({ op: "promote", node: "s1" });
    sim.runUntil(200_000);
    expect(sim.snapshot().nodes.find((n) => n.name === "primary")).toMatchObject({ role: "primary", state: "up" });
    expect(sim.report().splitBrain).toEqual([expect.objectContaining({ node: "primary" })]);
  });

  it("refuses a change that names nothing", () => {
    const sim = new Simulation(scenarioSchema.parse({ seed: 1, cluster }));
    expect(() => sim.command({ op: "set-failover" })).toThrow(CommandError);
  });
});
