import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseScenario, type ParseScenarioResult } from "../../src/engine/scenario/validate";
import { actionSchema, replicaSchema, sessionSchema } from "../../src/engine/scenario/schema";
import { runScenario } from "../../src/engine";
import type { OperationEvent } from "../../src/engine/views";

// Read from the schema, so that adding an op or a field does not break these tests.
const OPS = actionSchema.options.map((option) => option.shape.op.value).join(", ");
const REPLICA_FIELDS = Object.keys(replicaSchema.shape).join(", ");
const SESSION_FIELDS = Object.keys(sessionSchema.shape).join(", ");

const DESIGN_EXAMPLE = {
  name: "async failover loses acknowledged writes",
  seed: 7,
  durationMs: 10000,
  cluster: {
    primary: { name: "primary", fsyncMs: 1 },
    replicas: [
      { name: "s1", networkDelayMs: 5, jitterMs: 1, fsyncMs: 1, applyDelayMs: 0 },
      { name: "s2", networkDelayMs: 40 },
    ],
  },
  commit: {
    preset: "async",
    postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)", wal_sender_timeout_ms: 60000 },
    semiSync: { timeoutMs: 10000, waitPoint: "AFTER_SYNC", waitNoReplica: true },
  },
  sessions: { alice: { routing: "read-your-writes", pinWindowMs: 2000 }, bob: { routing: "lag-aware", maxLagMs: 500 } },
  workload: { writesPerSec: 100, readsPerSec: 100, sessions: 4, keys: 50, readFrom: "replicas" },
  actions: [
    { atMs: 100, op: "write", session: "alice", key: "x", value: "1" },
    { atMs: 150, op: "read", session: "bob", key: "x", node: "s1" },
    { atMs: 2000, op: "crash", node: "primary", kind: "process" },
    { atMs: 2100, op: "promote", node: "s1" },
    { atMs: 3000, op: "restart", node: "primary" },
    { atMs: 4000, op: "partition", between: ["primary", "s2"] },
    { atMs: 5000, op: "heal", between: ["primary", "s2"] },
    { atMs: 6000, op: "set", node: "s2", networkDelayMs: 200, applyDelayMs: 0 },
    { atMs: 7000, op: "configure", postgres: { synchronous_standby_names: "" } },
  ],
};

/** Loosely typed on purpose: the tests feed it wrong shapes too. */
const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ cluster: { replicas: [{ name: "s1" }, { name: "s2" }] }, ...extra });

function errorsOf(result: ParseScenarioResult): string[] {
  if (result.ok) throw new Error(`expected errors, got ok with warnings ${JSON.stringify(result.warnings)}`);
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}

function warningsOf(result: ParseScenarioResult): string[] {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.warnings;
}

describe("parseScenario: valid files", () => {
  it("accepts the example of DESIGN.md without warnings", () => {
    const result = parseScenario(DESIGN_EXAMPLE);
    expect(warningsOf(result)).toEqual([]);
  });

  it("fills in every documented default", () => {
    const result = parseScenario(minimal());
    if (!result.ok) throw new Error("expected ok");
    expect(result.scenario).toMatchObject({
      name: "untitled", seed: 1, durationMs: 10_000,
      cluster: { primary: { name: "primary", fsyncMs: 1 },
        replicas: [{ name: "s1", networkDelayMs: 1, jitterMs: 0, fsyncMs: 1, applyDelayMs: 0, applyCostUs: 20 }, { name: "s2" }] },
      commit: { preset: "async" }, sessions: {}, actions: [],
      workload: { writesPerSec: 0, readsPerSec: 0, sessions: 4, keys: 50, readFrom: "primary", startMs: 0 },
    });
  });

  it("keeps settings patches partial: an unnamed setting is not reset to its default", () => {
    const result = parseScenario(minimal({
      commit: { postgres: { synchronous_commit: "remote_apply" } },
      actions: [
        { atMs: 1, op: "configure", postgres: { synchronous_standby_names: "" } },
        { atMs: 2, op: "workload", workload: { writesPerSec: 5 } },
      ],
    }));
    if (!result.ok) throw new Error("expected ok");
    expect(result.scenario.commit).toEqual({ postgres: { synchronous_commit: "remote_apply" } });
    expect(result.scenario.actions[0]).toEqual({ atMs: 1, op: "configure", postgres: { synchronous_standby_names: "" } });
    expect(result.scenario.actions[1]).toEqual({ atMs: 2, op: "workload", workload: { writesPerSec: 5 } });
  });

  it("lets later actions name a node that add-replica brought in", () => {
    const result = parseScenario(minimal({
      actions: [
        { atMs: 500, op: "add-replica", replica: { name: "s3", networkDelayMs: 3 } },
        { atMs: 500, op: "crash", node: "s3" },
        { atMs: 600, op: "partition", between: ["s3", "primary"] },
        { atMs: 700, op: "remove-replica", node: "s3" },
        { atMs: 800, op: "add-replica", replica: { name: "s3" } },
        { atMs: 900, op: "promote", node: "s3" },
      ],
    }));
    expect(warningsOf(result)).toEqual([]);
  });

  it("orders actions by time, not by file position", () => {
    const result = parseScenario(minimal({
      actions: [
        { atMs: 900, op: "restart", node: "s3" },
        { atMs: 100, op: "add-replica", replica: { name: "s3" } },
      ],
    }));
    expect(warningsOf(result)).toEqual([]);
  });
});

describe("parseScenario: schema errors, rewritten for people", () => {
  it.each([
    [null, ": the scenario must be a JSON object, got null"],
    [[1, 2], ": the scenario must be a JSON object, got a list of 2"],
    ["{}", ': the scenario must be a JSON object, got "{}"'],
    [{}, "cluster: missing; expected an object"],
  ])("rejects %j", (input, message) => {
    expect(errorsOf(parseScenario(input))).toEqual([message]);
  });

  it("names the field, the expected form and what it got", () => {
    const errors = errorsOf(parseScenario({
      seed: 1.5, durationMs: 0,
      cluster: { replicas: [{ name: "s1" }, { name: "1st", networkDelayMs: "fast", fsyncMs: 1e12 }] },
      commit: { preset: "fast", postgres: { synchronous_commit: "yes" } },
    }));
    expect(errors).toEqual([
      "seed: expected a whole number from 0 to 2147483647, got 1.5",
      "durationMs: expected a number > 0, got 0",
      "cluster.replicas[1].name: expected a node name (a letter or _, then letters, digits, _ or -; at most 63 characters), got \"1st\"",
      "cluster.replicas[1].networkDelayMs: expected a number of milliseconds ≥ 0, got \"fast\"",
      "cluster.replicas[1].fsyncMs: expected a number from 0 to 86400000, got 1000000000000",
      "commit.preset: expected one of \"async\", \"semi-sync\", \"sync\", got \"fast\"",
      "commit.postgres.synchronous_commit: expected one of \"off\", \"local\", \"remote_write\", \"on\", \"remote_apply\", got \"yes\"",
    ]);
  });

  it("lists the known fields for an unknown one, and guesses the misspelt one", () => {
    const errors = errorsOf(parseScenario(minimal({
      cluster: { replicas: [{ name: "s1", networkDelay: 5 }] },
      sessions: { "my session": { routing: "primary", colour: "red" } },
    })));
    expect(errors).toEqual([
      `cluster.replicas[0].networkDelay: unknown field "networkDelay" (known: ${REPLICA_FIELDS}); did you mean "networkDelayMs"?`,
      `sessions["my session"].colour: unknown field "colour" (known: ${SESSION_FIELDS})`,
    ]);
  });

  it("lists the valid ops for an unknown or missing op", () => {
    const errors = errorsOf(parseScenario(minimal({
      actions: [{ atMs: 1, op: "crahs", node: "s1" }, { atMs: 2, node: "s1" }, 7],
    })));
    const ops = OPS;
    expect(errors).toEqual([
      `actions[0].op: unknown op "crahs" (valid: ${ops}); did you mean "crash"?`,
      `actions[1].op: missing; expected one of: ${ops}`,
      'actions[2]: expected an object with an "op" field, got 7',
    ]);
  });

  it("explains list sizes", () => {
    const errors = errorsOf(parseScenario({
      cluster: { replicas: [] },
    }));
    expect(errors).toEqual(["cluster.replicas: expected at least 1 replica, got an empty list"]);
    const between = errorsOf(parseScenario(minimal({ actions: [{ atMs: 1, op: "partition", between: ["s1"] }] })));
    expect(between).toEqual(["actions[0].between: expected at least 2 node names, got 1 node name"]);
  });
});

describe("parseScenario: what the schema cannot say", () => {
  it("wants every node name once", () => {
    const errors = errorsOf(parseScenario({ cluster: { replicas: [{ name: "s1" }, { name: "s1" }, { name: "primary" }] } }));
    expect(errors).toEqual([
      'cluster.replicas[1].name: duplicate node name "s1" (cluster.replicas[0].name has it too); every node needs its own name',
      'cluster.replicas[2].name: "primary" is the primary\'s name; a replica needs a name of its own',
    ]);
  });

  it("checks node references against the nodes that exist at that time", () => {
    const errors = errorsOf(parseScenario(minimal({
      actions: [
        { atMs: 10, op: "crash", node: "s3" },
        { atMs: 20, op: "add-replica", replica: { name: "s3" } },
        { atMs: 30, op: "remove-replica", node: "s1" },
        { atMs: 40, op: "read", key: "k", node: "s1" },
        { atMs: 50, op: "heal", between: ["primary", "s9"] },
        { atMs: 60, op: "restart", node: "primay" },
        { atMs: 70, op: "add-replica", replica: { name: "s2" } },
      ],
    })));
    expect(errors).toEqual([
      'actions[0].node: no node "s3" exists yet at 10 ms: actions[1] adds it at 20 ms',
      'actions[3].node: no node "s1" exists at 40 ms: actions[2] removed it at 30 ms',
      'actions[4].between[1]: no node is named "s9" (nodes at 50 ms: primary, s2, s3); did you mean "s2"?',
      'actions[5].node: no node is named "primay" (nodes at 60 ms: primary, s2, s3); did you mean "primary"?',
      'actions[6].replica.name: a node named "s2" already exists at 70 ms; every node needs its own name',
    ]);
  });

  it("wants a link between two different nodes", () => {
    const errors = errorsOf(parseScenario(minimal({ actions: [{ atMs: 1, op: "partition", between: ["s1", "s1"] }] })));
    expect(errors).toEqual(['actions[0].between: a link joins two different nodes, got "s1" twice']);
  });

  it("parses synchronous_standby_names as PostgreSQL does", () => {
    const errors = errorsOf(parseScenario(minimal({
      commit: { postgres: { synchronous_standby_names: "FIRST 1 (s1" } },
      actions: [{ atMs: 1, op: "configure", postgres: { synchronous_standby_names: "ANY 0 (s1)" } }],
    })));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^commit\.postgres\.synchronous_standby_names: 'FIRST 1 \(s1' is not valid synchronous_standby_names \(.+\); expected PostgreSQL's syntax, e\.g\. 'FIRST 1 \(s1, s2\)'/);
    expect(errors[1]).toMatch(/^actions\[0\]\.postgres\.synchronous_standby_names: 'ANY 0 \(s1\)' is not valid/);
  });

  it("leaves routing parameters to the engine's documented defaults", () => {
    const result = parseScenario(minimal({
      sessions: { bob: { routing: "lag-aware" }, carol: { routing: "causal" }, dave: { routing: "read-your-writes" } },
      workload: { readFrom: "lag-aware" },
      actions: [{ atMs: 1, op: "workload", workload: { readFrom: "causal" } }],
    }));
    expect(warningsOf(result)).toEqual([]);
  });

  it("rejects a workload action that makes the workload stop before it starts", () => {
    const errors = errorsOf(parseScenario(minimal({
      workload: { stopMs: 500 },
      actions: [{ atMs: 1, op: "workload", workload: { startMs: 600 } }],
    })));
    expect(errors).toEqual(["actions[0].workload: the workload would stop (stopMs 500) before it starts (startMs 600)"]);
  });

  it("rejects actions that change nothing", () => {
    const errors = errorsOf(parseScenario(minimal({
      actions: [{ atMs: 1, op: "set", node: "s1" }, { atMs: 2, op: "configure" }, { atMs: 3, op: "workload", workload: {} }],
    })));
    expect(errors).toEqual([
      expect.stringMatching(/^actions\[0\]: a set action changes at least one of networkDelayMs, jitterMs, fsyncMs, applyDelayMs.*; this one names none$/),
      "actions[1]: a configure action changes at least one of preset, postgres, semiSync; this one names none",
      expect.stringMatching(/^actions\[2\]\.workload: a workload action changes at least one of writesPerSec, readsPerSec, .*; this one names none$/),
    ]);
  });

  it("rejects a workload that stops before it starts", () => {
    const errors = errorsOf(parseScenario(minimal({ workload: { startMs: 100, stopMs: 50 } })));
    expect(errors).toEqual(["workload.stopMs: expected a time ≥ startMs (100 ms), got 50"]);
  });
});

describe("parseScenario: warnings", () => {
  it("warns about actions after the end, once for all of them", () => {
    const warnings = warningsOf(parseScenario(minimal({
      durationMs: 1000,
      actions: [
        { atMs: 500, op: "crash", node: "s1" },
        { atMs: 1500, op: "restart", node: "s1" },
        { atMs: 1200, op: "crash", node: "s2" },
      ],
    })));
    expect(warnings).toEqual(["actions[1].atMs: 1500 ms is after the end of the run (durationMs 1000); this action and 1 more never happen"]);
  });

  it("warns about parameters a policy ignores, reads by undeclared sessions, unknown standbys and two blocks", () => {
    const warnings = warningsOf(parseScenario(minimal({
      commit: { postgres: { synchronous_standby_names: "ANY 1 (s1, s9)" }, semiSync: { timeoutMs: 5 } },
      sessions: { alice: { routing: "primary", maxLagMs: 5 } },
      actions: [
        { atMs: 1, op: "read", session: "alcie", key: "k" },
        { atMs: 2, op: "read", session: "alcie", key: "k" },
        { atMs: 3, op: "read", session: "zed", key: "k", node: "s1" },
      ],
    })));
    expect(warnings).toEqual([
      'commit.postgres.synchronous_standby_names: "s9" is no node of the cluster; a commit that needs such a standby ' +
        "waits until one with that application_name connects",
      'commit: both postgres and semiSync are given without a preset, so the postgres block decides the mode (PostgreSQL); ' +
        'add "preset" to say which one you mean',
      'sessions.alice.maxLagMs: ignored: only the "lag-aware" policy uses it, and routing is "primary"',
      'actions[0].session: session "alcie" is not declared in sessions, so its reads route "primary"; did you mean "alice"?',
    ]);
  });
});

describe("a scripted read that names a workload session", () => {
  // The workload names its sessions w1 … wN and routes their reads by workload.readFrom; a
  // session past a later, smaller N keeps what it had. The warnings must say what the run does.
  const input = minimal({
    sessions: { alice: { routing: "lag-aware" }, w1: { routing: "primary" } },
    workload: { sessions: 2, readFrom: "replicas" },
    actions: [
      { atMs: 10, op: "read", session: "w2", key: "k" },
      { atMs: 20, op: "read", session: "w3", key: "k" },
      { atMs: 50, op: "workload", workload: { sessions: 6, readFrom: "causal" } },
      { atMs: 60, op: "read", session: "w5", key: "k" },
      { atMs: 70, op: "read", session: "w1", key: "k" },
    ],
  });

  it("is told it routes as workload.readFrom says, and a declared session of that name that the workload overrides it", () => {
    expect(warningsOf(parseScenario(input))).toEqual([
      'sessions.w1: "w1" is also the name of a workload session: the workload sets its routing to workload.readFrom ("causal"), ' +
        "so the routing declared here is not used",
      'actions[0].session: session "w2" is not declared in sessions; it is one of the workload\'s sessions, so its reads route as ' +
        'workload.readFrom says ("replicas")',
      'actions[1].session: session "w3" is not declared in sessions, so its reads route "primary"; did you mean "w1"?',
      'actions[3].session: session "w5" is not declared in sessions; it is one of the workload\'s sessions, so its reads route as ' +
        'workload.readFrom says ("causal")',
    ]);
  });

  it("and the run routes each read as the warnings say", () => {
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error("invalid");
    const reads: OperationEvent[] = [];
    runScenario(parsed.scenario, { onHistory: (e) => { if ("f" in e && e.f === "read" && e.type === "ok") reads.push(e); } });
    expect(reads.map((e) => [e.process, e.policy])).toEqual([["w2", "replicas"], ["w3", "primary"], ["w5", "causal"], ["w1", "causal"]]);
  });
});

/** Scenarios valid by construction: unique names, references only to nodes that exist. */
const nodeNameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/);
const msArb = fc.integer({ min: 0, max: 20_000 });
const validScenarioArb = fc
  .uniqueArray(nodeNameArb, { minLength: 2, maxLength: 6, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() })
  .chain(([primary, ...replicas]) => {
    const nodes = [primary!, ...replicas];
    const node = fc.constantFrom(...nodes);
    const action = fc.oneof(
      fc.record({ atMs: msArb, op: fc.constant("crash"), node, kind: fc.constantFrom("process", "power") }),
      fc.record({ atMs: msArb, op: fc.constantFrom("restart", "promote"), node }),
      fc.record({ atMs: msArb, op: fc.constantFrom("partition", "heal"),
        between: fc.uniqueArray(node, { minLength: 2, maxLength: 2 }) }),
      fc.record({ atMs: msArb, op: fc.constant("set"), node, networkDelayMs: msArb }),
      fc.record({ atMs: msArb, op: fc.constant("write"), key: fc.string({ minLength: 1 }), value: fc.string() }),
      fc.record({ atMs: msArb, op: fc.constant("read"), key: fc.string({ minLength: 1 }), node }),
      fc.record({ atMs: msArb, op: fc.constant("configure"), preset: fc.constantFrom("async", "semi-sync", "sync") }),
    );
    return fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      durationMs: fc.integer({ min: 20_000, max: 60_000 }),
      cluster: fc.record({
        primary: fc.record({ name: fc.constant(primary!), fsyncMs: msArb }),
        replicas: fc.constant(replicas.map((name) => ({ name }))),
      }),
      commit: fc.record({ preset: fc.constantFrom("async", "semi-sync", "sync") }),
      actions: fc.array(action, { maxLength: 20 }),
    });
  });

describe("parseScenario: properties", () => {
  it("never throws, whatever JSON it gets, and every error is one line with a message", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const result = parseScenario(value);
      if (!result.ok) {
        for (const e of result.errors) {
          expect(e.message).not.toBe("");
          expect(e.message).not.toContain("\n");
        }
      }
    }), { numRuns: 2000 });
  });

  it("never throws on valid scenarios with one field replaced by arbitrary JSON", () => {
    fc.assert(fc.property(validScenarioArb, fc.jsonValue(), fc.nat(), (scenario, junk, pick) => {
      const copy = structuredClone(scenario) as Record<string, unknown>;
      const keys = ["seed", "durationMs", "cluster", "commit", "actions", "sessions", "workload"];
      copy[keys[pick % keys.length]!] = junk;
      expect(() => parseScenario(copy)).not.toThrow();
    }), { numRuns: 500 });
  });

  it("accepts valid-by-construction scenarios, and its output parses to itself", () => {
    fc.assert(fc.property(validScenarioArb, (scenario) => {
      const result = parseScenario(scenario);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const again = parseScenario(JSON.parse(JSON.stringify(result.scenario)));
      expect(again).toEqual(result);
    }), { numRuns: 300 });
  });

  it("never throws on huge or odd inputs", () => {
    const deep: unknown[] = [];
    let cursor = deep;
    for (let i = 0; i < 100_000; i++) { const next: unknown[] = []; cursor.push(next); cursor = next; }
    for (const input of [undefined, deep, { cluster: { replicas: deep } }, { seed: 1e308 }, { ["__proto__"]: 1 },
      JSON.parse('{"__proto__": {"x": 1}, "cluster": {"replicas": [{"name": "s1"}]}}'), "x".repeat(1_000_000)]) {
      expect(() => parseScenario(input)).not.toThrow();
    }
  });
});
