/*
 * The page stops a run once it holds its limit of writes (worker/historyLimit.ts): the limit as
 * the page address gives it, the run's verdict with a stand-in engine, and with the real one.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { parseScenario } from "../../src/engine/scenario/validate";
import { DEFAULT_SCENARIO } from "../../src/worker/defaultScenario";
import { HISTORY_LIMIT_WRITES, parseHistoryLimit } from "../../src/worker/historyLimit";
import { Run } from "../../src/worker/run";
import { FakeSim } from "./fakeSim";

describe("parseHistoryLimit", () => {
  it("defaults to the page's limit when the address has none", () => {
    expect(parseHistoryLimit(null)).toEqual({ ok: true, limit: HISTORY_LIMIT_WRITES });
  });

  it("takes a whole number of writes from 1 to the default", () => {
    expect(parseHistoryLimit("1")).toEqual({ ok: true, limit: 1 });
    expect(parseHistoryLimit(" 2500 ")).toEqual({ ok: true, limit: 2500 });
    expect(parseHistoryLimit(String(HISTORY_LIMIT_WRITES))).toEqual({ ok: true, limit: HISTORY_LIMIT_WRITES });
  });

  it("refuses anything else with a message that names the value and the range", () => {
    for (const text of ["", "0", "-5", "1.5", "1e3", "abc", String(HISTORY_LIMIT_WRITES + 1)]) {
      const r = parseHistoryLimit(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain(`"${text}" is not a whole number of writes from 1 to ${HISTORY_LIMIT_WRITES}`);
    }
  });

  it("stays below the write table's 2^23 rows, so that its columns never double again", () => {
    expect(HISTORY_LIMIT_WRITES).toBeLessThan(2 ** 23 - 50_000);
  });
});

describe("Run.historyFull", () => {
  it("is null until the engine holds the limit, then says how many writes it holds", () => {
    const sim = new FakeSim(1000, 500);
    sim.writesPerEvent = 3;
    const run = new Run(sim, 10);
    run.runUntil(2_600); // 3 events: 9 writes
    expect(run.historyFull()).toBeNull();
    run.runUntil(3_600); // 4 events: 12 writes
    expect(run.historyFull()).toEqual({ writes: 12, limit: 10 });
  });

  it("uses the page's limit when none is given", () => {
    expect(new Run(new FakeSim()).historyLimit).toBe(HISTORY_LIMIT_WRITES);
  });

  it("counts the real engine's writes: every write attempted, as the report counts them", () => {
    const parsed = parseScenario({ ...DEFAULT_SCENARIO, workload: { writesPerSec: 2000, readsPerSec: 0 } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const run = new Run(new Simulation(parsed.scenario), 500);
    let t = 0;
    while (run.historyFull() === null && t < 10_000_000) run.runUntil((t += 10_000));
    const full = run.historyFull();
    expect(full).not.toBeNull();
    expect(full!.writes).toBe(run.sim.report().writes.attempted);
    // 2000 writes/s: the limit is reached about 0.25 s in, and the 10 ms steps overshoot it by a few writes.
    expect(full!.writes).toBeGreaterThanOrEqual(500);
    expect(full!.writes).toBeLessThan(560);
    expect(t).toBeGreaterThan(200_000);
    expect(t).toBeLessThan(300_000);
  });
});
