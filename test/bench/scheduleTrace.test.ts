/*
 * The bare heap on the engine's recorded schedule must do the engine's events: popped in the
 * same order at the same times (so its pushes land where the engine's did), as many of them.
 */
import { describe, expect, it } from "vitest";
import { BaselineHeap } from "../../bench/baselineHeap";
import { recordSchedule, runHeapOnSchedule } from "../../bench/scheduleTrace";
import { benchScenario } from "../../bench/scenarios";
import { Simulation } from "../../src/engine/index";

function engineTimes(scenario: ReturnType<typeof benchScenario>): number[] {
  const sim = new Simulation(scenario);
  const times: number[] = [];
  const end = scenario.durationMs * 1000;
  for (let t = sim.nextEventUs(); t !== null && t <= end; t = sim.nextEventUs()) {
    sim.step();
    times.push(t);
  }
  return times;
}

describe("the heap on the engine's schedule", () => {
  for (const [replicas, preset] of [[3, "async"], [5, "sync"]] as const) {
    it(`pops the engine's events at the engine's times (1+${replicas} ${preset})`, () => {
      const scenario = benchScenario({ replicas, preset, writesPerSec: 5000, durationMs: 200 });
      const trace = recordSchedule(scenario);
      const want = engineTimes(scenario);
      expect(trace.pushes.length).toBe(want.length);
      // Replayed by hand, as runHeapOnSchedule does, keeping the popped times.
      const heap = new BaselineHeap();
      trace.initial.forEach((t, i) => heap.push(t, i));
      const got: number[] = [];
      let p = 0;
      for (let e = 0; e < trace.pushes.length; e++) {
        expect(heap.pop()).toBe(true);
        got.push(heap.time);
        for (let k = trace.pushes[e]!; k > 0; k--) heap.push(heap.time + trace.delays[p]!, p++);
      }
      expect(got).toEqual(want);
      expect(p).toBe(trace.delays.length);
      // What is still queued is what the engine has left after its last event.
      const sim = new Simulation(scenario);
      sim.runUntil(scenario.durationMs * 1000);
      expect(heap.size).toBe((sim as unknown as { queue: { size: number } }).queue.size);

      const run = runHeapOnSchedule(trace);
      expect(run.events).toBe(want.length);
      expect(run.finalSize).toBe(heap.size);
    });
  }
});
