/*
 * Long runs through the CLI function: a signal stops the run between two slices (Ctrl-C with
 * the report so far, SIGTERM with none), the history file is closed either way, and the event
 * estimate behind the time estimate is pinned to the engine's real counts.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, EXIT_SIGINT, EXIT_SIGTERM } from "../../src/cli/run";
import { reportSchema } from "../../src/cli/reportSchema";
import { estimateEvents } from "../../src/cli/eventEstimate";
import { Simulation } from "../../src/engine/index";
import { parseScenario } from "../../src/engine/scenario/validate";
import { fakeIo } from "./fakeIo";

const HOUR = JSON.stringify({ name: "an hour", durationMs: 3_600_000, cluster: { replicas: [{ name: "s1" }] },
  workload: { writesPerSec: 200, readsPerSec: 200 } });

/** A CLI whose run gets `signal` after 50 readings of the clock (about 25 slices of the run). */
async function stoppedRun(signal: "SIGINT" | "SIGTERM", args: string[]) {
  let fire: ((s: "SIGINT" | "SIGTERM") => void) | null = null;
  let readings = 0;
  const { io, out } = fakeIo({ "hour.json": HOUR }, {
    onListen: (onStop) => { fire = onStop; },
    now: () => {
      if (++readings === 50) fire?.(signal);
      return performance.now();
    },
  });
  const status = await runCli(["hour.json", ...args], io);
  return { status, out };
}

describe("cli: a signal stops a long run between two slices", () => {
  it("Ctrl-C: the report so far, marked interrupted with the virtual time reached; history closed with its end lines", async () => {
    const { status, out } = await stoppedRun("SIGINT", ["--json", "--history", "h.jsonl"]);
    expect(status).toBe(EXIT_SIGINT);
    const report = reportSchema.parse(JSON.parse(out.stdout));
    expect(report.interrupted).toEqual({ signal: "SIGINT", atMs: report.endMs, durationMs: 3_600_000 });
    expect(report.endMs).toBeGreaterThan(0);
    expect(report.endMs).toBeLessThan(3_600_000);
    expect(report.writes.attempted).toBeGreaterThan(0);
    expect(out.progress).toMatch(/^replab: interrupted \(Ctrl-C\) at virtual time/m);
    const lines = out.history.get("h.jsonl")!.trimEnd().split("\n").map((l) => JSON.parse(l) as { type?: string; f?: string });
    expect(lines.at(-1)).toMatchObject({ type: "end" });
    expect(out.stopListeners).toBe(0);
  });

  it("Ctrl-C in the readable summary: the report says it was interrupted and where", async () => {
    const { status, out } = await stoppedRun("SIGINT", []);
    expect(status).toBe(EXIT_SIGINT);
    expect(out.stdout).toMatch(/INTERRUPTED by Ctrl-C at [\d.]+ ms of 3600000 ms of virtual time: every figure below covers the run up to there/);
  });

  it("SIGTERM: no report, the history file closed, exit status 143", async () => {
    const { status, out } = await stoppedRun("SIGTERM", ["--json", "--history", "h.jsonl"]);
    expect(status).toBe(EXIT_SIGTERM);
    expect(out.stdout).toBe("");
    expect(out.history.get("h.jsonl")!.length).toBeGreaterThan(0);
    expect(out.progress).toMatch(/^replab: stopped by SIGTERM at virtual time/m);
  });

  it("--no-progress: nothing about progress, even when a signal stops the run", async () => {
    const { status, out } = await stoppedRun("SIGINT", ["--json", "--no-progress"]);
    expect(status).toBe(EXIT_SIGINT);
    expect(out.progress).toBe("");
    expect(out.stderr).toBe("");
  });

  it("a run that ends on its own is not marked, and the slices change no figure", async () => {
    const scenario = { durationMs: 2000, cluster: { replicas: [{ name: "s1" }] }, workload: { writesPerSec: 500, readsPerSec: 500 } };
    const { io, out } = fakeIo({ "short.json": JSON.stringify(scenario) });
    expect(await runCli(["short.json", "--json"], io)).toBe(0);
    const report = reportSchema.parse(JSON.parse(out.stdout));
    expect(report.interrupted).toBeUndefined();
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error("fixture");
    const sim = new Simulation(parsed.scenario);
    sim.runUntil(2_000_000);
    expect(report).toEqual(JSON.parse(JSON.stringify(sim.finish())));
  });
});

describe("the event estimate behind the time estimate", () => {
  it("is within a factor of 2 of the events each example runs (those of 1,000 events or more)", () => {
    const ratios: Record<string, number> = {};
    for (const file of readdirSync("examples").filter((f) => f.endsWith(".json"))) {
      const parsed = parseScenario(JSON.parse(readFileSync(`examples/${file}`, "utf8")));
      if (!parsed.ok) continue;
      const sim = new Simulation(parsed.scenario);
      sim.runUntil(Math.round(parsed.scenario.durationMs * 1000));
      if (sim.eventsProcessed < 1000) continue;
      ratios[file] = estimateEvents(parsed.scenario).events / sim.eventsProcessed;
    }
    expect(Object.keys(ratios).length).toBeGreaterThan(10);
    const outside = Object.entries(ratios).filter(([, r]) => r < 0.5 || r > 2);
    expect(outside).toEqual([]);
  });

  it("grows with replicas, writes and reads as the engine's counts do", () => {
    for (const [replicas, writesPerSec, readsPerSec] of [[1, 1000, 0], [3, 1000, 0], [8, 1000, 1000], [2, 0, 2000]] as const) {
      const parsed = parseScenario({ durationMs: 3000, cluster: { replicas: Array.from({ length: replicas }, (_, i) => ({ name: `s${i}` })) },
        workload: { writesPerSec, readsPerSec } });
      if (!parsed.ok) throw new Error("fixture");
      const sim = new Simulation(parsed.scenario);
      sim.runUntil(3_000_000);
      const ratio = estimateEvents(parsed.scenario).events / sim.eventsProcessed;
      expect(ratio, `${replicas} replicas, ${writesPerSec} w/s, ${readsPerSec} r/s`).toBeGreaterThan(0.7);
      expect(ratio, `${replicas} replicas, ${writesPerSec} w/s, ${readsPerSec} r/s`).toBeLessThan(1.4);
    }
  });
});
