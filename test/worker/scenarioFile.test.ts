import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/engine/scenario/schema";
import { parseScenario } from "../../src/engine/scenario/validate";
import type { AppliedCommand } from "../../src/worker/protocol";
import { currentWorkload, scenarioForReset, scenarioWithCommands } from "../../src/worker/scenarioFile";

// Built through parseScenario, so the defaults follow the schema as it grows.
function build(input: unknown): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}
const base = build({
  name: "t", seed: 3,
  cluster: { replicas: [{ name: "s1" }] },
  actions: [{ atMs: 5, op: "crash", node: "s1", kind: "process" }],
});

const log: AppliedCommand[] = [
  { atUs: 2_000, events: 4, cmd: { op: "write", session: "c", key: "x", value: "1" } },
  { atUs: 5_000, events: 9, cmd: { op: "configure", preset: "sync" } },
  { atUs: 8_500, events: 20, cmd: { op: "workload", workload: { writesPerSec: 10 } } },
  { atUs: 9_000, events: 22, cmd: { op: "set-failover", auto: true, detectMs: 500 } },
];

describe("scenario files from a run", () => {
  it("copies the run: commands become actions at their virtual time, after the scenario's own", () => {
    const s = scenarioWithCommands(base, log);
    expect(s.actions.map((a) => `${a.atMs}:${a.op}`)).toEqual(["2:write", "5:crash", "5:configure", "8.5:workload", "9:set-failover"]);
    expect(s.seed).toBe(3);
  });

  it("resets with the same settings: setting commands at time 0, events dropped, new seed", () => {
    const s = scenarioForReset(base, log, 42);
    expect(s.seed).toBe(42);
    expect(s.actions.map((a) => `${a.atMs}:${a.op}`)).toEqual(["0:configure", "0:workload", "0:set-failover", "5:crash"]);
  });

  it("knows the workload in force", () => {
    expect(currentWorkload(base, log, 8_000).writesPerSec).toBe(0);
    expect(currentWorkload(base, log, 9_000).writesPerSec).toBe(10);
    expect(currentWorkload(base, log, 9_000).sessions).toBe(4);
  });
});
