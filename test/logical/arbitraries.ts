/*
 * Random scenarios with logical subscribers and faults for property tests: workloads on published
 * and unpublished tables, the subscribers' own writes (conflicting inserts among them), bulk
 * transactions, subscriber and publisher crashes, subscription commands, small slot limits.
 */
import fc from "fast-check";
import type { ScenarioInput } from "../../src/engine/scenario/schema";

const TABLES = ["t", "u"] as const;

const subscriber = (name: string) => fc.record({
  name: fc.constant(name),
  tables: fc.subarray([...TABLES], { minLength: 1 }),
  copyData: fc.boolean(),
  disableOnError: fc.boolean(),
  streaming: fc.boolean(),
  networkDelayMs: fc.integer({ min: 0, max: 50 }),
  applyCostUs: fc.integer({ min: 0, max: 200 }),
});

const key = fc.constantFrom("k0", "k1", "k2", "k3", "x", "y");

function action(subs: readonly string[], durationMs: number): fc.Arbitrary<Record<string, unknown>> {
  const atMs = fc.integer({ min: 0, max: durationMs });
  const sub = fc.constantFrom(...subs);
  const table = fc.constantFrom(...TABLES);
  return fc.oneof(
    fc.record({ atMs, op: fc.constant("write"), key, value: fc.string({ maxLength: 4 }), table,
      kind: fc.constantFrom("insert", "update", "upsert") }),
    fc.record({ atMs, op: fc.constant("write"), key, table, kind: fc.constant("delete") }),
    fc.record({ atMs, op: fc.constant("write"), key, value: fc.constant("bulk"), rows: fc.integer({ min: 2, max: 20_000 }) }),
    fc.record({ atMs, op: fc.constant("write"), node: sub, key, value: fc.string({ maxLength: 4 }), table,
      kind: fc.constantFrom("insert", "upsert", "delete") }),
    fc.record({ atMs, op: fc.constant("read"), node: sub, key, table }),
    fc.record({ atMs, op: fc.constantFrom("crash", "restart"), node: sub }),
    fc.record({ atMs, op: fc.constantFrom("crash", "restart"), node: fc.constant("primary") }),
    fc.record({ atMs, op: fc.constant("subscription"), node: sub,
      command: fc.constantFrom("disable", "enable", "skip", "drop", "recreate") }),
    fc.record({ atMs, op: fc.constant("checkpoint") }),
  );
}

export function logicalScenario(maxDurationMs = 3000): fc.Arbitrary<ScenarioInput> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    durationMs: fc.integer({ min: 500, max: maxDurationMs }),
    subs: fc.integer({ min: 1, max: 2 }),
    standby: fc.boolean(),
    maxSlotKb: fc.constantFrom(-1, 8, 64),
    workMemKb: fc.constantFrom(64, 1024),
    retryMs: fc.constantFrom(100, 500, 5000),
    writesPerSec: fc.integer({ min: 0, max: 300 }),
  }).chain((base) => {
    const names = Array.from({ length: base.subs }, (_, i) => `sub${i + 1}`);
    return fc.record({
      subscribers: fc.tuple(...names.map(subscriber)),
      actions: fc.array(action(names, base.durationMs), { maxLength: 14 }),
      noIdentity: fc.boolean(),
    }).map(({ subscribers, actions, noIdentity }) => ({
      seed: base.seed, durationMs: base.durationMs,
      cluster: {
        replicas: base.standby ? [{ name: "s1", networkDelayMs: 2 }] : [],
        subscribers,
        tables: noIdentity ? [{ name: "u", primaryKey: false }] : [],
        logical: { logical_decoding_work_mem_mb: base.workMemKb / 1024, wal_retrieve_retry_interval_ms: base.retryMs,
          max_wal_size_mb: 32 / 1024 },
      },
      commit: { postgres: { wal_segment_size_mb: 4 / 1024, max_slot_wal_keep_size_mb: base.maxSlotKb < 0 ? -1 : base.maxSlotKb / 1024,
        checkpoint_timeout_ms: 400 } },
      workload: { writesPerSec: base.writesPerSec, keys: 8 },
      actions: actions as ScenarioInput["actions"],
    }) as ScenarioInput);
  });
}
