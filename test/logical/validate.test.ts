/* The scenario's logical-replication fields go through the one validator: clear messages, size caps. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/engine";

const errorsOf = (input: unknown) => {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};
const sub = (extra: Record<string, unknown> = {}) => ({ name: "sub1", tables: ["t"], ...extra });

describe("validating subscribers, tables and kinds of writes", () => {
  it("a cluster needs a standby or a subscriber", () => {
    expect(errorsOf({ cluster: { replicas: [] } })).toEqual(["cluster.replicas: expected at least 1 replica, got an empty list"]);
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub()] } })).toEqual([]);
  });

  it("names: a subscriber's own, not a node's; tables named once", () => {
    expect(errorsOf({ cluster: { replicas: [{ name: "s1" }], subscribers: [sub({ name: "S1" })] } }))
      .toEqual(['cluster.subscribers[0].name: "S1" is already the name of node "s1"; a subscriber needs a name of its own']);
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub(), sub()] } }))
      .toEqual(['cluster.subscribers[1].name: duplicate subscriber name "sub1"; every subscriber needs its own name']);
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub({ tables: ["a", "a"] })] } }))
      .toEqual(['cluster.subscribers[0].tables[1]: table "a" is named twice']);
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub({ tables: ["Bad-Name"] })] } })[0])
      .toMatch(/^cluster\.subscribers\[0\]\.tables\[0\]: expected a table name \(a lower-case letter/);
  });

  it("size caps: 16 subscribers, 64 tables", () => {
    const many = Array.from({ length: 17 }, (_, i) => sub({ name: `sub${i}` }));
    expect(errorsOf({ cluster: { replicas: [], subscribers: many } })[0]).toMatch(/^cluster\.subscribers: .*16/);
    const tables = Array.from({ length: 65 }, (_, i) => `t${i}`);
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub({ tables })] } })[0]).toMatch(/^cluster\.subscribers\[0\]\.tables: .*64/);
  });

  it("actions: what a subscriber takes, value needed but for a delete, subscription commands name a subscriber", () => {
    const base = { cluster: { replicas: [{ name: "s1" }], subscribers: [sub()] } };
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "promote", node: "sub1" }] }))
      .toEqual(['actions[0].op: promote does not apply to "sub1": it is a logical replication subscriber, not a standby (a subscriber takes write, read, crash, restart, subscription)']);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "write", key: "a" }] }))
      .toEqual(["actions[0].value: a write needs a value (only a delete may omit it)"]);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "write", key: "a", kind: "delete" }] })).toEqual([]);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "subscription", node: "s1", command: "skip" }] }))
      .toEqual(['actions[0].node: "s1" is not a subscriber (subscribers: sub1)']);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "subscription", node: "sub1", command: "explode" }] })[0])
      .toMatch(/^actions\[0\]\.command: /);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "write", key: "a", value: "1", kind: "merge" }] })[0])
      .toMatch(/^actions\[0\]\.kind: /);
    expect(errorsOf({ ...base, actions: [{ atMs: 1, op: "partition", between: ["primary", "sub1"] }] }))
      .toEqual(['actions[0].between: the link to subscriber "sub1" cannot be cut in this version']);
  });

  it("a key of table t that reads as another table's row is refused", () => {
    expect(errorsOf({ cluster: { replicas: [], subscribers: [sub({ tables: ["orders"] })] },
      actions: [{ atMs: 1, op: "write", key: "orders.1", value: "x" }] }))
      .toEqual(['actions[0].key: key "orders.1" in table "t" would be taken for key "1" of table "orders"; name the table instead ("table": "orders")']);
  });

  it("a scenario without the new fields parses to exactly what it did (no defaults written in)", () => {
    const r = parseScenario({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "write", key: "a", value: "1" }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.scenario.cluster)).toEqual(["primary", "replicas"]);
    expect(r.scenario.actions[0]).toEqual({ atMs: 1, op: "write", session: "client", key: "a", value: "1" });
  });
});
