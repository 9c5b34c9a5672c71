import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";

/*
 * Routing properties over random clusters, commit settings, delays and faults: reads routed to
 * the primary are never stale, and causal reads never miss the session's own acknowledged write.
 */
const replicaArb = (i: number) => fc.record({
  name: fc.constant(`s${i + 1}`),
  networkDelayMs: fc.integer({ min: 0, max: 30 }),
  jitterMs: fc.integer({ min: 0, max: 5 }),
  applyDelayMs: fc.constantFrom(0, 0, 50, 400),
});

const faultArb = (replicas: number) => fc.record({
  atMs: fc.integer({ min: 100, max: 2500 }),
  op: fc.constantFrom("crash", "restart", "promote", "partition", "heal", "configure"),
  node: fc.integer({ min: 0, max: replicas }),
  level: fc.constantFrom("off", "local", "remote_write", "on", "remote_apply"),
});

const scenarioArb = fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  replicas: fc.tuple(...Array.from({ length: n }, (_, i) => replicaArb(i))),
  preset: fc.constantFrom("async", "sync", "semi-sync"),
  faults: fc.array(faultArb(n), { maxLength: 6 }),
}));

type RandomScenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: RandomScenario, routing: string) {
  const names = ["primary", ...s.replicas.map((r) => r.name)];
  const actions = s.faults.map((f) => {
    const node = names[f.node]!;
    switch (f.op) {
      case "crash": return { atMs: f.atMs, op: "crash", node, kind: f.level === "off" ? "power" : "process" };
      case "restart": return { atMs: f.atMs, op: "restart", node };
      case "promote": return { atMs: f.atMs, op: "promote", node };
      case "partition": return { atMs: f.atMs, op: "partition", between: ["primary", names[Math.max(1, f.node)]!] };
      case "heal": return { atMs: f.atMs, op: "heal", between: ["primary", names[Math.max(1, f.node)]!] };
      default: return { atMs: f.atMs, op: "configure", postgres: { synchronous_commit: f.level } };
    }
  });
  return scenarioSchema.parse({
    seed: s.seed, durationMs: 3000, cluster: { replicas: s.replicas }, commit: { preset: s.preset },
    workload: { writesPerSec: 150, readsPerSec: 300, sessions: 3, keys: 5, readFrom: routing, maxWaitMs: 50 },
    actions,
  });
}

describe("routing properties", () => {
  it("reads routed to the primary are never stale", () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      const r = runScenario(build(s, "primary"));
      expect(r.reads.byPolicy["primary"]?.total ?? 0).toBeGreaterThan(0);
      expect(r.reads.stale).toBe(0);
      expect(r.reads.readYourWritesViolations).toBe(0);
    }), { numRuns: 40 });
  });

  it("causal reads never miss the session's own acknowledged write", () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      const r = runScenario(build(s, "causal"));
      expect(r.reads.byPolicy["causal"]?.total ?? 0).toBeGreaterThan(0);
      expect(r.reads.readYourWritesViolations).toBe(0);
    }), { numRuns: 40 });
  });

  it("round-robin over lagging replicas does read stale (the properties above can fail)", () => {
    const r = runScenario(build({ seed: 1, replicas: [{ name: "s1", networkDelayMs: 20, jitterMs: 0, applyDelayMs: 400 }],
      preset: "async", faults: [] }, "replicas"));
    expect(r.reads.stale).toBeGreaterThan(100);
    expect(r.reads.readYourWritesViolations).toBeGreaterThan(10);
  });
});
