/*
 * The worker's door under fuzz: messages and commands of any shape are answered (applied or
 * refused with a sentence), never thrown on; what the page applied always exports as a
 * scenario file that the CLI and the page accept ("Copy scenario").
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkMessage } from "../../src/worker/checkMessage";
import { checkCommand } from "../../src/worker/validateCommand";
import { Run } from "../../src/worker/run";
import { scenarioWithCommands } from "../../src/worker/scenarioFile";
import { Simulation } from "../../src/engine/index";
import { CommandError } from "../../src/engine/api";
import { parseScenario } from "../../src/engine/scenario/validate";
import { MAX_REPLICAS } from "../../src/engine/scenario/schema";
import { deepValue, hostileJson, nest } from "./hostileArbitraries";

export const WORKER_RUNS = { messages: 1500, commands: 1500, deep: 200, applied: 60 } as const;

const START = (() => {
  const parsed = parseScenario({ durationMs: 60_000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }] },
    workload: { writesPerSec: 50, readsPerSec: 50 } });
  if (!parsed.ok) throw new Error("fixture");
  return parsed.scenario;
})();

function newRun(): Run {
  return new Run(new Simulation(START));
}

/** What the host does with one command: check, then apply; a CommandError is a refusal. */
function apply(run: Run, input: unknown): "applied" | string {
  const checked = checkCommand(input);
  if (!checked.ok) return checked.message;
  try {
    run.command(checked.cmd);
    return "applied";
  } catch (err) {
    if (err instanceof CommandError) return err.message;
    throw err;
  }
}

const node = fc.constantFrom("primary", "s1", "s2", "s3", "r1", "r2");
const ms = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: -1, max: 1e9, noNaN: false }));
/** Commands as the page's controls build them, and as a careless or hostile page could. */
const commandArb = fc.oneof(
  fc.record({ op: fc.constantFrom("crash", "restart", "promote", "rewind", "reclone", "remove-replica"), node }),
  fc.record({ op: fc.constant("set"), node, networkDelayMs: fc.option(ms, { nil: undefined }) }),
  fc.record({ op: fc.constant("add-replica"), replica: fc.record({ name: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,3}$/) }) }),
  fc.record({ op: fc.constant("workload"), workload: fc.record({ writesPerSec: ms, readsPerSec: ms }, { requiredKeys: [] }) }),
  fc.record({ op: fc.constant("configure"), preset: fc.constantFrom("async", "semi-sync", "sync", "bogus") }, { requiredKeys: [] }),
  fc.record({ op: fc.constant("write"), key: fc.string({ maxLength: 3 }), value: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constantFrom("partition", "heal"), between: fc.tuple(node, node) }),
  hostileJson,
  fc.constantFrom(null, undefined, 0, "crash", [], {}),
);

describe("worker: every message is checked before use", () => {
  it("answers any message, never throws", () => {
    fc.assert(fc.property(fc.oneof(hostileJson, fc.record({ type: fc.constantFrom("start", "command", "speed", "step"),
      id: fc.anything(), speed: fc.anything(), cmd: fc.anything(), replay: fc.anything(), paused: fc.anything() })), (msg) => {
      const checked = checkMessage(msg);
      if (!checked.ok) expect(checked.message.length).toBeGreaterThan(0);
    }), { numRuns: WORKER_RUNS.messages });
  });

  it("refuses null, undefined and junk commands with a sentence", () => {
    for (const cmd of [null, undefined, 7, "crash", [], { op: null }, { op: "crash" }, { op: "fly" }]) {
      const r = checkCommand(cmd);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/\w/);
    }
    expect(checkMessage(null)).toMatchObject({ ok: false });
    expect(checkMessage(undefined)).toMatchObject({ ok: false });
    expect(checkMessage({ type: "command", cmd: null })).toMatchObject({ ok: false }); // no id to answer by
    expect(checkMessage({ type: "command", id: 3, cmd: null })).toMatchObject({ ok: true });
  });

  it("takes a stop and a virtual wait only as whole µs within their bounds", () => {
    expect(checkMessage({ type: "stop-after", afterUs: 3_000_000 })).toEqual({ ok: true, msg: { type: "stop-after", afterUs: 3_000_000 } });
    expect(checkMessage({ type: "stop-after", afterUs: null })).toEqual({ ok: true, msg: { type: "stop-after", afterUs: null } });
    expect(checkMessage({ type: "run-for", us: 5_000 })).toEqual({ ok: true, msg: { type: "run-for", us: 5_000 } });
    for (const bad of [-1, 1.5, Number.NaN, Infinity, "5", undefined, 1e18]) {
      expect(checkMessage({ type: "stop-after", afterUs: bad })).toMatchObject({ ok: false, what: "stop-after" });
      expect(checkMessage({ type: "run-for", us: bad })).toMatchObject({ ok: false, what: "run-for" });
    }
    expect(checkMessage({ type: "run-for", us: 600_000_001 })).toMatchObject({ ok: false }); // holds the worker: at most 10 min
  });

  it("takes a lag window only for a whole-µs moment with a step of 1 µs to 10 s (it bounds the replay's samples)", () => {
    expect(checkMessage({ type: "lag-window", atUs: 2_000_000, stepUs: 1_667 })).toEqual({ ok: true, msg: { type: "lag-window", atUs: 2_000_000, stepUs: 1_667 } });
    for (const bad of [-1, 1.5, Number.NaN, Infinity, "5", undefined, null, 1e18]) {
      expect(checkMessage({ type: "lag-window", atUs: bad, stepUs: 1_000 })).toMatchObject({ ok: false, what: "lag-window" });
      expect(checkMessage({ type: "lag-window", atUs: 1_000, stepUs: bad })).toMatchObject({ ok: false, what: "lag-window" });
    }
    expect(checkMessage({ type: "lag-window", atUs: 1_000, stepUs: 0 })).toMatchObject({ ok: false });
    expect(checkMessage({ type: "lag-window", atUs: 1_000, stepUs: 10_000_001 })).toMatchObject({ ok: false });
  });

  it("refuses commands nested 17 to 10,000 levels deep by their depth, before the schema walks them", () => {
    fc.assert(fc.property(deepValue, (deep) => {
      const r = checkCommand({ op: "write", key: "k", value: deep });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/nested more than 16 levels deep|expected a string/);
    }), { numRuns: WORKER_RUNS.deep });
    const r = checkCommand({ op: "workload", workload: nest(1, 10_000, true) });
    expect(r).toEqual({ ok: false, message: expect.stringContaining("nested more than 16 levels deep") });
  });

  it("applies or refuses any command with a sentence; the engine never throws anything else", () => {
    const run = newRun();
    fc.assert(fc.property(commandArb, (cmd) => {
      const answer = apply(run, cmd);
      expect(answer.length).toBeGreaterThan(0);
      run.runUntil(run.nowUs + 10_000);
    }), { numRuns: WORKER_RUNS.commands });
  });

  it("says what is expected: a whole number, a non-empty workload", () => {
    expect(checkCommand({ op: "workload", workload: { sessions: 1.5 } }))
      .toEqual({ ok: false, message: "workload.sessions: expected a whole number from 1 to 10000, got 1.5" });
    expect(checkCommand({ op: "workload", workload: {} })).toEqual({ ok: false,
      message: expect.stringMatching(/^workload: a workload action changes at least one of writesPerSec, .*; this one names none$/) });
    expect(checkCommand({ op: "cancel", force: true })).toEqual({ ok: false,
      message: 'force: unknown field "force" (known: atMs, op)' });
  });
});

describe("worker: what the page applied exports as a file the CLI and the page accept", () => {
  it("caps add-replica at the file's limit of replicas", () => {
    const run = newRun();
    const answers = Array.from({ length: 70 }, (_, i) => apply(run, { op: "add-replica", replica: { name: `r${i}` } }));
    expect(answers.filter((a) => a === "applied")).toHaveLength(MAX_REPLICAS - 2);
    expect(answers.at(-1)).toBe(`the cluster already has ${MAX_REPLICAS} replicas, the most it may have (as in a scenario file)`);
    const exported = JSON.parse(JSON.stringify(scenarioWithCommands(START, run.log))) as unknown;
    const again = parseScenario(exported);
    expect(again.ok ? [] : again.errors).toEqual([]);
  });

  it("refuses an added replica whose name differs from a live node's only in case, as a file would", () => {
    const run = newRun();
    expect(apply(run, { op: "add-replica", replica: { name: "S1" } })).toBe(
      '"S1" differs from "s1" only in case; PostgreSQL matches standby names case-insensitively, so give every node a name of its own');
    expect(apply(run, { op: "add-replica", replica: { name: "PRIMARY" } })).toMatch(/^"PRIMARY" differs from "primary" only in case/);
    expect(apply(run, { op: "add-replica", replica: { name: "s3" } })).toBe("applied");
    expect(apply(run, { op: "add-replica", replica: { name: "S3" } })).toMatch(/^"S3" differs from "s3" only in case/);
    // once s1 is gone, S1 is a name of its own
    expect(apply(run, { op: "remove-replica", node: "s1" })).toBe("applied");
    expect(apply(run, { op: "add-replica", replica: { name: "S1" } })).toBe("applied");
    const exported = JSON.parse(JSON.stringify(scenarioWithCommands(START, run.log))) as unknown;
    const again = parseScenario(exported);
    expect(again.ok ? [] : again.errors).toEqual([]);
  });

  it("round-trips any sequence of applied commands through Copy scenario", () => {
    fc.assert(fc.property(fc.array(commandArb, { maxLength: 40 }), (cmds) => {
      const run = newRun();
      for (const cmd of cmds) {
        apply(run, cmd);
        run.runUntil(run.nowUs + 5_000);
      }
      const exported = JSON.parse(JSON.stringify(scenarioWithCommands(START, run.log))) as unknown;
      const again = parseScenario(exported);
      expect(again.ok ? [] : again.errors).toEqual([]);
      if (!again.ok) return;
      // and the CLI runs it to the same commands
      const replayed = new Simulation(again.scenario);
      replayed.runUntil(run.nowUs);
    }), { numRuns: WORKER_RUNS.applied });
  });
});
