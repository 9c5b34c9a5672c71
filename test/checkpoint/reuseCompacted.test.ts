/*
 * Restoring into the columns of a compacted run one is done with (the worker's seeks while the
 * Timeline slider moves, on a run the retention window compacts). Its pinned rows and WAL
 * timelines are taken over whenever they have room for the checkpoint's rows, and the rows the
 * old run used past the checkpoint's are left as they are (those tables write a whole row when
 * they append one): each restored run, run on to the end, must hold exactly the state of a
 * fresh restore of the same checkpoint run on the same way, and end as the original did.
 */
import { describe, expect, it } from "vitest";
import { restoreSimulation, Simulation, type Checkpoint } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { stateOf } from "./stateOf";

interface Tables { writes: { pinned: { size: number; ids: Int32Array }; rowsUsed: number }; wal: { timelines: { writeIds: Int32Array; rowsUsed: number }[] } }
const tables = (s: Simulation) => s as unknown as Tables;

/** Runs `sim` to `endUs`, compacting its history every `every` events as the keeper does before a checkpoint. */
function runCompacting(sim: Simulation, endUs: number, every: number, at?: (sim: Simulation) => void): void {
  while (sim.now < endUs && sim.runUntil(endUs, every) > 0) {
    sim.compactHistory();
    at?.(sim);
  }
}

describe("restoring into a compacted run's columns", () => {
  it("takes over pinned rows and timelines with room, leaves the old rows past the checkpoint's, and runs on as a fresh restore does", () => {
    const sc = scenarioSchema.parse({ seed: 21, durationMs: 8000,
      cluster: { replicas: [{ name: "s1", networkDelayMs: 3 }, { name: "s2", networkDelayMs: 40 }] },
      commit: { preset: "semi-sync" },
      workload: { writesPerSec: 4000, readsPerSec: 100, keys: 30, readFrom: "replicas" } });
    const endUs = sc.durationMs * 1000;
    const saved: Checkpoint[] = [];
    const original = new Simulation(sc);
    runCompacting(original, endUs, 3000, (s) => saved.push(s.checkpoint()));
    expect(saved.length).toBeGreaterThan(12);
    const end = stateOf(original);
    // The window pinned rows aside: the case under test.
    expect(tables(original).writes.pinned.size).toBeGreaterThan(1000);

    const picks = [saved.length - 1, 1, Math.floor(saved.length / 2), 2, saved.length - 2, 0, saved.length - 1, 3];
    let last: Simulation | undefined;
    let takenOver = 0;
    for (const i of picks) {
      const cp = saved[i]!;
      const before = last ? { pinned: tables(last).writes.pinned.ids, pinnedUsed: tables(last).writes.pinned.size } : null;
      const sim = restoreSimulation(cp, {}, last);
      const fresh = restoreSimulation(cp);
      expect(stateOf(sim)).toEqual(stateOf(fresh));
      if (before) {
        const pinned = tables(sim).writes.pinned;
        // Room for the checkpoint's rows: the old column is taken over, whatever the original's length.
        if (before.pinned.length >= pinned.size) {
          expect(pinned.ids).toBe(before.pinned);
          takenOver++;
        }
      }
      // Run on (past the checkpoint: rows of its own, compactions of its own) and hold both equal.
      const stopUs = Math.min(endUs, cp.nowUs + 1_500_000);
      runCompacting(sim, stopUs, 3000);
      runCompacting(fresh, stopUs, 3000);
      expect(stateOf(sim)).toEqual(stateOf(fresh));
      last = sim;
    }
    expect(takenOver).toBeGreaterThan(3);
    // And one restored this way, run to the end, ends as the original did.
    const again = restoreSimulation(saved[2]!, {}, last);
    runCompacting(again, endUs, 3000);
    expect(stateOf(again)).toEqual(end);
  });
});
