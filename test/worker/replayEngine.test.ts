/*
 * Restart after a worker failure rebuilds the run from the scenario and the command log. With
 * the real engine: a run paced in uneven chunks, with commands in between, and its replay end
 * in exactly the same state.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { parseScenario } from "../../src/engine/scenario/validate";
import type { Command } from "../../src/engine/views";
import { DEFAULT_SCENARIO } from "../../src/worker/defaultScenario";
import { Run } from "../../src/worker/run";

function scenario() {
  const parsed = parseScenario({ ...DEFAULT_SCENARIO, workload: { writesPerSec: 200, readsPerSec: 100, readFrom: "replicas" } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

const commands: Command[] = [
  { op: "configure", preset: "sync" },
  { op: "write", session: "c", key: "x", value: "1" },
  { op: "cancel" },
  { op: "crash", node: "s1", kind: "power" },
  { op: "set", node: "s2", networkDelayMs: 5 },
  { op: "restart", node: "s1" },
  { op: "configure", preset: "semi-sync" },
  { op: "partition", between: [DEFAULT_SCENARIO.cluster.primary.name, "s2"], oneWay: false },
];

describe("replay after a worker failure", () => {
  it("rebuilds exactly the same state from scenario + command log", () => {
    const live = new Run(new Simulation(scenario()));
    let t = 0;
    let chunk = 7;
    for (const cmd of commands) {
      // Uneven pacing: some ticks capped mid-way, as the pacer's time budget does.
      for (let i = 0; i < 5; i++) {
        t += 37_123;
        live.runUntil(t, chunk);
        chunk = (chunk * 3) % 41 + 1;
      }
      live.step();
      live.command(cmd);
    }
    live.runUntil(t + 500_000, 123);

    const replayed = new Run(new Simulation(scenario()));
    replayed.replay(live.replayPoint());
    expect(replayed.events).toBe(live.events);
    expect(replayed.nowUs).toBe(live.nowUs);
    expect(JSON.stringify(replayed.snapshot(0))).toBe(JSON.stringify(live.snapshot(0)));
  });
});
