/*
 * Random scenarios for the property tests: a cluster of 1..6 replicas with random delays, jitter,
 * fsync and apply delay; random commit settings (synchronous_commit levels, FIRST/ANY lists over
 * existing and missing names, semi-sync); a random workload; random scripted faults (crashes of
 * every kind, restarts, promotions, partitions and heals, delay changes, reconfiguration,
 * cancels, rewinds, scripted writes and reads). Every scenario is valid for the schema; whether
 * an action can happen at its time (restart a node that is up...) is the engine's business.
 */
import fc from "fast-check";
import type { ScenarioInput } from "../../src/engine/scenario/schema";

type Action = NonNullable<ScenarioInput["actions"]>[number];
type Replica = NonNullable<ScenarioInput["cluster"]["replicas"]>[number];

const MISSING_NAMES = ["s9", "ghost"];
const LEVELS = ["off", "local", "remote_write", "on", "remote_apply"] as const;

const msFromUs = (min: number, max: number) => fc.integer({ min, max }).map((us) => us / 1000);

const replica = (name: string): fc.Arbitrary<Replica> => fc.record({
  name: fc.constant(name),
  networkDelayMs: msFromUs(20, 20_000),
  jitterMs: fc.oneof(fc.constant(0), msFromUs(1, 5000)),
  fsyncMs: msFromUs(0, 5000),
  applyDelayMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 800 }) }),
  applyCostUs: fc.integer({ min: 0, max: 200 }),
});

/** synchronous_standby_names over existing and missing names, in each of PostgreSQL's forms. */
export function standbyNames(replicas: string[]): fc.Arbitrary<string> {
  const pool = [...replicas, "primary", ...MISSING_NAMES];
  const list = fc.shuffledSubarray(pool, { minLength: 1, maxLength: 4 });
  const form = fc.tuple(fc.constantFrom("FIRST", "ANY", "plain"), list, fc.integer({ min: 1, max: 4 }))
    .map(([method, names, n]) => {
      const num = Math.min(n, names.length);
      return method === "plain" ? names.join(", ") : `${method} ${num} (${names.join(", ")})`;
    });
  return fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 4, arbitrary: form });
}

function commit(replicas: string[]): fc.Arbitrary<NonNullable<ScenarioInput["commit"]>> {
  const timeout = fc.oneof(fc.constant(0), fc.integer({ min: 200, max: 5000 }));
  const postgres = fc.record({
    synchronous_commit: fc.constantFrom(...LEVELS),
    synchronous_standby_names: standbyNames(replicas),
    wal_sender_timeout_ms: timeout,
    wal_receiver_timeout_ms: timeout,
    wal_receiver_status_interval_ms: fc.integer({ min: 100, max: 10_000 }),
  }).map((p) => ({ postgres: p }));
  const semiSync = fc.record({
    waitForCount: fc.integer({ min: 1, max: 3 }),
    waitPoint: fc.constantFrom("AFTER_SYNC" as const, "AFTER_COMMIT" as const),
    timeoutMs: fc.integer({ min: 20, max: 3000 }),
    waitNoReplica: fc.boolean(),
  }).map((s) => ({ semiSync: s }));
  const preset = fc.constantFrom("async" as const, "semi-sync" as const, "sync" as const).map((p) => ({ preset: p }));
  return fc.oneof({ weight: 4, arbitrary: postgres }, { weight: 2, arbitrary: semiSync }, { weight: 1, arbitrary: preset });
}

function configure(replicas: string[]): fc.Arbitrary<Omit<Extract<Action, { op: "configure" }>, "atMs">> {
  const postgres = fc.record({
    synchronous_commit: fc.constantFrom(...LEVELS),
    synchronous_standby_names: standbyNames(replicas),
  }, { requiredKeys: [] }).map((p) => ({ op: "configure" as const, postgres: p }));
  const semiSync = fc.record({ waitForCount: fc.integer({ min: 1, max: 3 }), timeoutMs: fc.integer({ min: 20, max: 3000 }),
    waitNoReplica: fc.boolean() }, { requiredKeys: [] }).map((s) => ({ op: "configure" as const, semiSync: s }));
  const preset = fc.constantFrom("async" as const, "semi-sync" as const, "sync" as const).map((p) => ({ op: "configure" as const, preset: p }));
  return fc.oneof(postgres, semiSync, preset);
}

function fault(replicas: string[], durationMs: number): fc.Arbitrary<Action> {
  const nodes = ["primary", ...replicas];
  const node = fc.constantFrom(...nodes);
  const rep = fc.constantFrom(...replicas);
  const pair = fc.tuple(node, node).filter(([a, b]) => a !== b);
  const at = fc.integer({ min: 1, max: durationMs });
  const key = fc.constantFrom("a", "b", "c");
  const op: fc.Arbitrary<Omit<Action, "atMs">> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("crash" as const), node, kind: fc.constantFrom("process" as const, "power" as const, "hang" as const) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("restart" as const), node }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("promote" as const), node: rep }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("partition" as const), between: pair, oneWay: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("heal" as const), between: pair }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("set" as const), node: rep, networkDelayMs: msFromUs(20, 50_000),
      applyDelayMs: fc.integer({ min: 0, max: 500 }), fsyncMs: msFromUs(0, 5000), jitterMs: msFromUs(0, 3000) },
    { requiredKeys: ["op", "node", "networkDelayMs"] }) },
    { weight: 2, arbitrary: configure(replicas) },
    { weight: 1, arbitrary: fc.constant({ op: "cancel" as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("rewind" as const, "reclone" as const), node }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("write" as const), session: fc.constantFrom("alice", "bob"), key,
      value: fc.integer({ min: 0, max: 999 }).map(String) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("read" as const), session: fc.constantFrom("alice", "bob"), key, node }) },
  );
  return fc.tuple(at, op).map(([atMs, o]) => ({ atMs, ...o }) as Action);
}

export interface ScenarioShape {
  maxReplicas: number;
  maxDurationMs: number;
  maxWritesPerSec: number;
  maxFaults: number;
}

/** A whole random scenario. */
export function scenario(shape: ScenarioShape): fc.Arbitrary<ScenarioInput> {
  return fc.record({
    n: fc.integer({ min: 1, max: shape.maxReplicas }),
    durationMs: fc.integer({ min: 500, max: shape.maxDurationMs }),
  }).chain(({ n, durationMs }) => {
    const names = Array.from({ length: n }, (_, i) => `s${i + 1}`);
    return fc.record({
      name: fc.constant("property"),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      durationMs: fc.constant(durationMs),
      cluster: fc.record({
        primary: fc.record({ name: fc.constant("primary"), fsyncMs: msFromUs(50, 3000) }),
        replicas: fc.tuple(...names.map(replica)),
      }),
      commit: commit(names),
      failover: fc.record({ auto: fc.boolean(), detectMs: fc.integer({ min: 50, max: 2000 }), fencing: fc.boolean() }),
      workload: fc.record({
        writesPerSec: fc.integer({ min: 0, max: shape.maxWritesPerSec }),
        readsPerSec: fc.integer({ min: 0, max: 40 }),
        sessions: fc.integer({ min: 1, max: 3 }),
        keys: fc.integer({ min: 1, max: 8 }),
        readFrom: fc.constantFrom("primary" as const, "replicas" as const, "lag-aware" as const, "read-your-writes" as const, "causal" as const),
      }),
      actions: fc.array(fault(names, durationMs), { maxLength: shape.maxFaults }),
    });
  });
}
