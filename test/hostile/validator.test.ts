/*
 * The scenario validator under fuzz: "a clear message or a valid run, never a throw", for
 * arbitrary JSON, deep nesting, prototype keys and control characters (counts in docs/security.md).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseScenario } from "../../src/engine/scenario/validate";
import { runScenario } from "../../src/engine/index";
import { CONTROL_SNIPPETS, PROTOTYPE_KEYS, controlText, deepValue, hostileJson, hostileKey } from "./hostileArbitraries";

export const VALIDATOR_RUNS = { json: 1000, placed: 600, deep: 200, names: 150 } as const;

const BASE = { durationMs: 300, cluster: { replicas: [{ name: "s1" }, { name: "s2" }] } };

/** A clear message (a path and one line) or a scenario that runs; anything else fails the test. */
function messageOrRun(input: unknown): void {
  const result = parseScenario(input);
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(e.message).toMatch(/\S/);
      expect(e.message).not.toContain("could not be checked"); // the catch-all for a bug in the validator
      expect(e.message).not.toMatch(/\n/);
    }
    return;
  }
  runScenario({ ...result.scenario, durationMs: Math.min(result.scenario.durationMs, 300) });
}

/** Puts `value` at a random place of the base scenario: a field, a replica, an action, a session. */
const placed = fc.tuple(fc.constantFrom("root", "replica", "action", "sessions", "workload", "commit"), hostileKey, hostileJson)
  .map(([where, key, value]) => {
    const s = JSON.parse(JSON.stringify(BASE)) as Record<string, unknown>;
    const set = (obj: Record<string, unknown>) => Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    if (where === "root") set(s);
    if (where === "replica") set((s.cluster as { replicas: Record<string, unknown>[] }).replicas[0]!);
    if (where === "action") s.actions = [set({ atMs: 1, op: "write", key: "k", value: "v" })];
    if (where === "sessions") s.sessions = set({});
    if (where === "workload") s.workload = set({ writesPerSec: 10 });
    if (where === "commit") s.commit = set({});
    return s;
  });

describe("the validator under hostile input: a clear message or a valid run, never a throw", () => {
  it("arbitrary JSON", () => {
    fc.assert(fc.property(hostileJson, messageOrRun), { numRuns: VALIDATOR_RUNS.json });
  });

  it("hostile keys and values placed inside a valid scenario", () => {
    fc.assert(fc.property(placed, messageOrRun), { numRuns: VALIDATOR_RUNS.placed });
  });

  it("nesting 1 to 10,000 levels deep, refused by depth with the path", () => {
    fc.assert(fc.property(deepValue, fc.constantFrom("actions", "cluster", "sessions", "name"), (deep, field) => {
      const result = parseScenario({ ...BASE, [field]: deep });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]!.path).toMatch(new RegExp(`^${field}`));
    }), { numRuns: VALIDATOR_RUNS.deep });
  });

  it("session and node names that are prototype keys or carry control characters", () => {
    const name = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), controlText);
    fc.assert(fc.property(name, (session) => {
      const text = JSON.stringify({ ...BASE, sessions: { [session]: { routing: "replicas" } },
        actions: [{ atMs: 10, op: "read", session, key: "k" }] });
      const result = parseScenario(JSON.parse(text));
      expect(result.ok ? [] : result.errors).toEqual([]);
      if (!result.ok) return;
      expect(Object.keys(result.scenario.sessions)).toEqual([session]);
      expect(result.warnings).toEqual([]);
      const report = runScenario(result.scenario);
      expect(Object.keys(report.reads.byPolicy)).toEqual(["replicas"]);
    }), { numRuns: VALIDATOR_RUNS.names });
  });
});

describe("hostile inputs that once slipped through", () => {
  it("a session named __proto__ keeps its routing", () => {
    const input = JSON.parse('{"durationMs":300,"cluster":{"replicas":[{"name":"s1"}]},' +
      '"sessions":{"__proto__":{"routing":"replicas"}},"actions":[{"atMs":10,"op":"read","session":"__proto__","key":"x"}]}') as unknown;
    const result = parseScenario(input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(Object.hasOwn(result.scenario.sessions, "__proto__")).toBe(true);
    expect(result.scenario.sessions["__proto__"]!.routing).toBe("replicas");
    expect(Object.getPrototypeOf(result.scenario.sessions)).toBeNull();
    // it survives the trips a scenario takes: JSON (Copy scenario, the CLI) and structured clone (the worker)
    for (const copy of [JSON.parse(JSON.stringify(result.scenario)), structuredClone(result.scenario)]) {
      const again = parseScenario(copy);
      expect(again.ok && again.scenario.sessions["__proto__"]!.routing).toBe("replicas");
    }
    expect(runScenario(result.scenario).operations[0]!.node).toBe("s1");
  });

  it("replicas named constructor, toString and __proto__ run and report under their names", () => {
    const result = parseScenario({ durationMs: 500, cluster: { replicas: ["constructor", "toString", "__proto__"].map((name) => ({ name })) },
      workload: { writesPerSec: 100 } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const report = runScenario(result.scenario);
    expect(report.nodes.map((n) => n.name)).toEqual(["primary", "constructor", "toString", "__proto__"]);
    for (const n of report.nodes.slice(1)) expect(n.lsn.replay).toBeGreaterThan(0);
  });

  it("the seed 1e308 gets one limit, the tighter one", () => {
    const result = parseScenario({ ...BASE, seed: 1e308 });
    expect(result.ok ? [] : result.errors).toEqual([{ path: "seed", message: "expected a whole number from 0 to 2147483647, got 1e+308" }]);
  });

  it("a field the action does not take names the ones it does, never an empty list", () => {
    const result = parseScenario({ ...BASE, actions: [{ atMs: 1, op: "cancel", force: true }, { atMs: 1, op: "checkpoint", x: 1 }] });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      'unknown field "force" (known: atMs, op)', expect.stringMatching(/^unknown field "x" \(known: atMs, op\)/)]);
  });

  it("control characters in names reach messages escaped by JSON quoting, never raw", () => {
    for (const snippet of CONTROL_SNIPPETS) {
      const result = parseScenario({ ...BASE, sessions: { a: {} }, actions: [{ atMs: 1, op: "read", session: `x${snippet}`, key: "k" }] });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.warnings[0]).toContain(JSON.stringify(`x${snippet}`));
    }
  });
});

describe("accepted silently no more, as PostgreSQL would refuse them", () => {
  it("FIRST with a number beyond PostgreSQL's integer range", () => {
    const result = parseScenario({ ...BASE, commit: { postgres: { synchronous_standby_names: "FIRST 99999999999999999999 (s1)" } } });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining("number of synchronous standbys (99999999999999999999) is out of range for an integer")]);
  });

  it("a replica added by an action with a name that differs only in case from a live node", () => {
    const result = parseScenario({ ...BASE, cluster: { replicas: [{ name: "s1" }] }, actions: [
      { atMs: 10, op: "add-replica", replica: { name: "S1" } },
      { atMs: 20, op: "add-replica", replica: { name: "s2" } },
      { atMs: 30, op: "add-replica", replica: { name: "S2" } },
      { atMs: 40, op: "remove-replica", node: "s2" },
      { atMs: 50, op: "add-replica", replica: { name: "S2" } },
    ] });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: "actions[0].replica.name", message: '"S1" differs from "s1" only in case; PostgreSQL matches standby names ' +
        'case-insensitively, so give every node a name of its own ("s1" exists at 10 ms)' },
      { path: "actions[2].replica.name", message: '"S2" differs from "s2" only in case; PostgreSQL matches standby names ' +
        'case-insensitively, so give every node a name of its own ("s2" exists at 30 ms)' },
    ]);
  });

  it("a durationMs shorter than the engine's 1 µs is refused; one between two µs is warned about", () => {
    const short = parseScenario({ ...BASE, durationMs: 0.0001 });
    expect(short.ok ? [] : short.errors).toEqual([{ path: "durationMs", message: "durationMs 0.0001 is shorter than 1 µs, " +
      "the engine's time unit: the run would end at time 0, before any write or read; give at least 0.001" }]);
    const between = parseScenario({ ...BASE, durationMs: 2.0005 });
    expect(between.ok ? between.warnings : between.errors).toEqual([
      "durationMs: 2.0005 is not a whole number of µs, the engine's time unit: the run ends at 2.001 ms"]);
    const whole = parseScenario({ ...BASE, durationMs: 1.001 });
    expect(whole.ok ? whole.warnings : whole.errors).toEqual([]);
  });

  it("node names that differ only in case", () => {
    const result = parseScenario({ ...BASE, cluster: { replicas: [{ name: "s1" }, { name: "S1" }] } });
    expect(result.ok ? [] : result.errors).toEqual([{ path: "cluster.replicas[1].name",
      message: '"S1" differs from "s1" only in case; PostgreSQL matches standby names case-insensitively, so give every node a name of its own' }]);
  });
});
