/*
 * The checker against the history it is fed (the events `--history` writes as JSON lines):
 *  - every anomaly names operations that exist in the history, and its lagBytes / lagMs are what
 *    the history's positions and times say;
 *  - an outside checker, written here from the definitions alone (docs/formats.md, docs/reads.md)
 *    and reading nothing but the JSON lines, counts the same stale reads, read-your-writes and
 *    monotonic-read violations as report.reads — on a busy seeded run, and on random runs with
 *    failovers (lost writes) and faults.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import type { Anomaly, HistoryEvent as AnyEvent, OperationEvent as HistoryEvent } from "../../src/engine/views";
import { operations, run } from "./harness";

const example = (name: string): ScenarioInput =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "examples", name), "utf8")) as ScenarioInput;

/** The history as the --history file holds it: one JSON object per line. */
const toJsonLines = (h: readonly HistoryEvent[]) => h.map((e) => `${JSON.stringify(e)}\n`).join("");

// ---- an independent checker -----------------------------------------------------------------

interface Verdicts { stale: Set<number>; readYourWrites: Set<number>; monotonic: Set<number> }

/**
 * The definitions, applied to a JSON-lines history and nothing else:
 *  - a read is stale when a write to its key was acknowledged (its `ok` line) before the read was
 *    invoked, and is newer than the version the read returned (versions are ordered by write op id),
 *    unless a `lost` line for that write came before the read's `ok`;
 *  - a read-your-writes violation is the same, for a write of the read's own process;
 *  - a monotonic-read violation: the same process read a newer version of the key in a read that
 *    completed before this one was invoked.
 */
function checkJsonLines(text: string): Verdicts {
  const lines = text.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as AnyEvent)
    .filter((e): e is HistoryEvent => "f" in e);
  const out: Verdicts = { stale: new Set(), readYourWrites: new Set(), monotonic: new Set() };
  const ackAt = new Map<number, number>(), lostAt = new Map<number, number>(), invokeAt = new Map<number, number>();
  const writesByKey = new Map<string, HistoryEvent[]>();
  const readsByProcessKey = new Map<string, { doneAt: number; version: number }[]>();
  lines.forEach((e, i) => {
    if (e.type === "invoke") invokeAt.set(e.op, i);
    if (e.f === "write" && e.type === "ok") {
      ackAt.set(e.op, i);
      writesByKey.set(e.key, [...(writesByKey.get(e.key) ?? []), e]);
    }
    if (e.f === "write" && e.type === "lost") lostAt.set(e.op, i);
  });
  lines.forEach((r, i) => {
    if (r.f !== "read" || r.type !== "ok") return;
    const began = invokeAt.get(r.op)!;
    const got = r.writeOp ?? -1;
    for (const w of writesByKey.get(r.key) ?? []) {
      const lost = lostAt.get(w.op);
      if (ackAt.get(w.op)! > began || w.op <= got || (lost !== undefined && lost < i)) continue;
      out.stale.add(r.op);
      if (w.process === r.process) out.readYourWrites.add(r.op);
    }
    const pk = `${r.process}\u0000${r.key}`;
    const earlier = readsByProcessKey.get(pk) ?? [];
    if (earlier.some((x) => x.doneAt < began && x.version > got)) out.monotonic.add(r.op);
    earlier.push({ doneAt: i, version: got });
    readsByProcessKey.set(pk, earlier);
  });
  return out;
}

// ---- anomalies against the history ------------------------------------------------------------

/** Every anomaly's claims, checked against the history; returns the problems found. */
function anomalyProblems(anomalies: readonly Anomaly[], history: readonly HistoryEvent[]): string[] {
  const ops = operations(history);
  const problems: string[] = [];
  const bad = (a: Anomaly, why: string) => problems.push(`${a.kind} read ${a.read} write ${a.write}: ${why}`);
  for (const a of anomalies) {
    const w = a.write === null ? undefined : ops.get(a.write);
    if (!w || w.f !== "write" || w.invoke.key !== a.key) { bad(a, "names no write of its key"); continue; }
    if (a.kind === "lost-write") {
      if (w.lostIndex < 0 || history[w.lostIndex]!.timeUs !== a.atUs) bad(a, "no lost event at atUs");
      continue;
    }
    const r = a.read === null ? undefined : ops.get(a.read);
    if (!r || r.f !== "read" || !r.done || r.done.type !== "ok") { bad(a, "names no completed read"); continue; }
    if (r.invoke.key !== a.key || r.invoke.process !== a.process || r.done.node !== a.node || r.done.timeUs !== a.atUs) {
      bad(a, "key, process, node or time differ from the read's history");
    }
    const got = r.done.writeOp ?? -1;
    if (!(a.write! > got)) bad(a, "the read returned the write or a newer one");
    if (a.kind === "monotonic-read") {
      const prev = a.previousRead === null ? undefined : ops.get(a.previousRead);
      if (!prev?.done || prev.done.writeOp !== a.write || prev.invoke.process !== a.process || prev.doneIndex > r.invokeIndex) {
        bad(a, "previousRead did not return the write before this read began");
      }
      continue;
    }
    if (!w.done || w.done.type !== "ok" || w.doneIndex > r.invokeIndex) { bad(a, "the write was not acknowledged before the read began"); continue; }
    if (a.kind === "read-your-writes" && w.invoke.process !== a.process) bad(a, "the write is another session's");
    const lagMs = (r.invoke.timeUs - w.done.timeUs) / 1000;
    if (a.lagMs === null || Math.abs(a.lagMs - lagMs) > 1e-9) bad(a, `lagMs ${a.lagMs}, history says ${lagMs}`);
    const sameTimeline = r.done.timeline === null || r.done.timeline === w.done.timeline;
    const lagBytes = sameTimeline ? w.done.lsn! - (r.done.lsn ?? 0) : null;
    if (a.lagBytes !== lagBytes) bad(a, `lagBytes ${a.lagBytes}, history says ${lagBytes}`);
  }
  return problems;
}

/** A busy seeded run: three replicas at different lags, round-robin reads, an async failover. */
const busy: ScenarioInput = {
  seed: 1234, durationMs: 6000,
  cluster: { primary: { fsyncMs: 1 }, replicas: [
    { name: "s1", networkDelayMs: 3, jitterMs: 2 },
    { name: "s2", networkDelayMs: 20, jitterMs: 10, applyDelayMs: 300 },
    { name: "s3", networkDelayMs: 40, jitterMs: 5, applyDelayMs: 50 },
  ] },
  commit: { preset: "async" },
  sessions: { alice: { routing: "replicas" }, bob: { routing: "lag-aware", maxLagMs: 100 } },
  workload: { writesPerSec: 100, readsPerSec: 100, sessions: 6, keys: 20, readFrom: "replicas" },
  actions: [
    { atMs: 1000, op: "write", session: "alice", key: "k1", value: "alice" },
    { atMs: 1001, op: "read", session: "alice", key: "k1" },
    { atMs: 1002, op: "read", session: "bob", key: "k1" },
    { atMs: 2500, op: "partition", between: ["primary", "s3"] },
    { atMs: 3000, op: "crash", node: "primary" },
    { atMs: 3100, op: "promote", node: "s3" },
    { atMs: 4000, op: "restart", node: "primary" },
    { atMs: 4100, op: "rewind", node: "primary" },
  ],
};

describe("anomalies name operations of the history", () => {
  it("on the busy seeded run: every kind occurs, and every anomaly's ops, times and lags match the history", () => {
    const { report, history } = run(busy);
    const kinds = new Set(report.anomalies.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(["lost-write", "monotonic-read", "read-your-writes", "stale-read"]);
    expect(report.anomalies.length).toBeGreaterThan(100);
    expect(anomalyProblems(report.anomalies, history)).toEqual([]);
  });

  it("on the compared workloads (examples/reads-*.json)", () => {
    for (const p of ["replicas", "lag-aware", "causal", "ryw-breaker"]) {
      const { report, history } = run(example(`reads-${p}.json`));
      expect(report.anomalies.length, p).toBeGreaterThan(0);
      expect(anomalyProblems(report.anomalies, history), p).toEqual([]);
    }
  });

  it("stale-read anomalies are exactly the reads the report's operations mark stale", () => {
    const { report, history } = run(busy);
    const scripted = new Map(history.filter((e) => e.f === "read" && e.type === "ok" && e.action !== null).map((e) => [e.action!, e.op]));
    const staleOps = new Set(report.anomalies.filter((a) => a.kind === "stale-read").map((a) => a.read));
    for (const o of report.operations.filter((x) => x.op === "read" && x.status === "ok")) {
      expect(o.stale, `action ${o.action}`).toBe(staleOps.has(scripted.get(o.action)!));
    }
  });
});

describe("an outside checker reading the JSON lines agrees with the report", () => {
  it("on the busy seeded run (with a failover that loses acknowledged writes)", () => {
    const { report, history } = run(busy);
    expect(report.lostAcknowledgedWrites).toBeGreaterThan(0);
    expect(report.anomalies.length).toBeLessThan(1000); // all kept, so they can be compared one by one
    const v = checkJsonLines(toJsonLines(history));
    expect(v.stale.size).toBeGreaterThan(200);
    expect({ stale: v.stale.size, readYourWrites: v.readYourWrites.size, monotonic: v.monotonic.size }).toEqual({
      stale: report.reads.stale, readYourWrites: report.reads.readYourWritesViolations, monotonic: report.reads.monotonicReadViolations,
    });
    const reads = (k: Anomaly["kind"]) => new Set(report.anomalies.filter((a) => a.kind === k).map((a) => a.read));
    expect(v.stale).toEqual(reads("stale-read"));
    expect(v.readYourWrites).toEqual(reads("read-your-writes"));
    expect(v.monotonic).toEqual(reads("monotonic-read"));
    // the per-policy counts add up to the totals
    const policies = Object.values(report.reads.byPolicy);
    const sum = (f: (p: (typeof policies)[number]) => number) => policies.reduce((n, p) => n + f(p), 0);
    expect([sum((p) => p.total), sum((p) => p.stale), sum((p) => p.readYourWritesViolations), sum((p) => p.monotonicReadViolations)])
      .toEqual([report.reads.total, report.reads.stale, report.reads.readYourWritesViolations, report.reads.monotonicReadViolations]);
    expect(Object.keys(report.reads.byPolicy).sort()).toEqual(["lag-aware", "replicas"]);
  });

  it("on every compared workload", () => {
    for (const p of ["primary", "replicas", "lag-aware", "read-your-writes", "causal", "ryw-breaker"]) {
      const { report, history } = run(example(`reads-${p}.json`));
      const v = checkJsonLines(toJsonLines(history));
      expect([v.stale.size, v.readYourWrites.size, v.monotonic.size], p)
        .toEqual([report.reads.stale, report.reads.readYourWritesViolations, report.reads.monotonicReadViolations]);
    }
  });

  const randomRun = fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    delays: fc.array(fc.record({ d: fc.integer({ min: 0, max: 40 }), j: fc.integer({ min: 0, max: 10 }), a: fc.constantFrom(0, 0, 100, 600) }),
      { minLength: 1, maxLength: 3 }),
    preset: fc.constantFrom("async" as const, "semi-sync" as const, "sync" as const),
    readFrom: fc.constantFrom("replicas" as const, "lag-aware" as const, "read-your-writes" as const, "causal" as const),
    crashAt: fc.option(fc.integer({ min: 500, max: 2000 })),
    partition: fc.boolean(),
  });

  it("on random runs with faults and failovers", () => {
    fc.assert(fc.property(randomRun, (s) => {
      const replicas = s.delays.map((x, i) => ({ name: `s${i + 1}`, networkDelayMs: x.d, jitterMs: x.j, applyDelayMs: x.a }));
      const actions: NonNullable<ScenarioInput["actions"]> = [];
      if (s.partition) actions.push({ atMs: 300, op: "partition", between: ["primary", "s1"] }, { atMs: 900, op: "heal", between: ["primary", "s1"] });
      if (s.crashAt !== null) {
        actions.push({ atMs: s.crashAt, op: "crash", node: "primary" }, { atMs: s.crashAt + 50, op: "promote", node: `s${s.delays.length}` },
          { atMs: s.crashAt + 400, op: "restart", node: "primary" }, { atMs: s.crashAt + 500, op: "rewind", node: "primary" });
      }
      const { report, history } = run({
        seed: s.seed, durationMs: 3000, cluster: { replicas }, commit: { preset: s.preset, semiSync: { timeoutMs: 200 } },
        workload: { writesPerSec: 200, readsPerSec: 300, sessions: 4, keys: 6, readFrom: s.readFrom, maxWaitMs: 30, maxLagMs: 50, pinWindowMs: 100 },
        actions,
      });
      const v = checkJsonLines(toJsonLines(history));
      expect([v.stale.size, v.readYourWrites.size, v.monotonic.size])
        .toEqual([report.reads.stale, report.reads.readYourWritesViolations, report.reads.monotonicReadViolations]);
      expect(anomalyProblems(report.anomalies, history)).toEqual([]);
    }), { numRuns: 30 * Number(process.env.READS_PROPERTY_SCALE ?? 1) });
  });
});
