/*
 * `--at MS`: the state at one moment of virtual time, the snapshot the page shows there: exactly
 * what the engine's own snapshot is after running to that µs, as JSON or as text.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { Simulation } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { fakeIo } from "./fakeIo";

const SCENARIO = {
  name: "at test", seed: 9, durationMs: 3000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }, { name: "s2", networkDelayMs: 30 }] },
  workload: { writesPerSec: 300, readsPerSec: 100, readFrom: "replicas", keys: 20 },
  actions: [{ atMs: 1000, op: "partition", between: ["primary", "s2"] }, { atMs: 1500, op: "crash", node: "primary" },
    { atMs: 1600, op: "promote", node: "s1" }],
};

async function cli(argv: string[], scenario: object = SCENARIO) {
  const { io, out } = fakeIo({ "s.json": JSON.stringify(scenario) });
  const status = await runCli(argv, io);
  return { status, ...out };
}

function engineAt(us: number): unknown {
  const sim = new Simulation(scenarioSchema.parse(SCENARIO));
  sim.runUntil(us);
  return JSON.parse(JSON.stringify(sim.snapshot()));
}

describe("cli --at", () => {
  it.each([0, 1250.5, 1600, 2999.999, 4500])("--json prints the snapshot at %s ms and nothing else", async (at) => {
    const r = await cli(["s.json", "--at", String(at), "--json", "--no-progress"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const snapshot = JSON.parse(r.stdout);
    expect(snapshot.nowUs).toBe(Math.round(at * 1000));
    expect(snapshot).toEqual(engineAt(Math.round(at * 1000)));
  });

  it("prints the moment readably: time, primary, nodes, replication, log", async () => {
    const r = await cli(["s.json", "--at=1700"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("at 1700 ms of virtual time");
    expect(r.stdout).toMatch(/Primary +s1/);
    expect(r.stdout).toMatch(/primary +replica|primary +primary/);
    expect(r.stdout).toContain("pg_stat_replication on s1");
    expect(r.stdout).toContain("promote");
    expect(r.stdout).not.toContain("Ledger");
  });

  it("shows control characters in names as escapes, never raw", async () => {
    const r = await cli(["s.json", "--at", "50"], { ...SCENARIO, name: "evil \u001b[2J name" });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).toContain("evil \\u001b[2J name");
  });

  it("--history holds what happened until the moment only", async () => {
    const { io, out } = fakeIo({ "s.json": JSON.stringify(SCENARIO) });
    expect(await runCli(["s.json", "--at", "500", "--history", "h.jsonl", "--json"], io)).toBe(0);
    const times = out.history.get("h.jsonl")!.trim().split("\n").map((l) => JSON.parse(l).timeUs as number);
    expect(times.length).toBeGreaterThan(50);
    expect(Math.max(...times)).toBeLessThanOrEqual(500_000);
  });

  it.each([
    [["s.json", "--at"], "--at needs a time in milliseconds"],
    [["s.json", "--at", "-5"], "a time in milliseconds from 0"],
    [["s.json", "--at", "abc"], "a time in milliseconds from 0"],
    [["s.json", "--at", "1.2345"], "at most three decimals"],
    [["s.json", "--at", "1e3"], "a time in milliseconds from 0"],
    [["s.json", "--at", "99999999999"], "at most 2592000000 ms"],
    [["s.json", "--at", "1", "--at", "2"], "--at is given twice"],
  ])("refuses %j with status 2", async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});
