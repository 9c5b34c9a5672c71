/*
 * Properties of the read path over random clusters, commit settings, workloads and faults
 * (beyond the two in test/checker/routingProperties.test.ts: the primary never reads stale,
 * causal never misses the session's own write). Each is checked from outside, through the
 * history and snapshots taken the moment a read is routed or served.
 *
 *  1. Hot standby: a replica returns the newest version of the key it has replayed, exactly.
 *  2. Lag-aware never routes to a replica whose replay lag (as the primary's pg_stat_replication
 *     shows it) exceeds maxLagMs — with maxLagMs 0, only to replicas whose lag is NULL —, never to a
 *     replica that is not streaming, and falls back to the primary only when none qualifies; every
 *     fallback is counted.
 *  3. Read-your-writes routing follows the pin window exactly, and with a window longer than the
 *     longest replication delay the scenario allows there is no read-your-writes violation.
 *  4. On the primary, PostgreSQL and semi-sync AFTER_SYNC never show a commit before its client is
 *     answered; AFTER_COMMIT may (and does).
 *  5. Causal reads never wait longer than maxWaitMs (primary without a capacity limit).
 *  6. Round-robin spreads a fault-free run's reads evenly: per-replica counts differ by at most one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { OperationEvent as HistoryEvent, Snapshot } from "../../src/engine/views";
import { operations, policy, run } from "./harness";

/** READS_PROPERTY_SCALE=10 npx vitest run test/reads/properties.test.ts sweeps ten times as many cases. */
const runs = (n: number) => ({ numRuns: n * Number(process.env.READS_PROPERTY_SCALE ?? 1) });

type Replica = NonNullable<ScenarioInput["cluster"]["replicas"]>[number];
type Action = NonNullable<ScenarioInput["actions"]>[number];

const replicaArb = (i: number): fc.Arbitrary<Replica> => fc.record({
  name: fc.constant(`s${i + 1}`),
  networkDelayMs: fc.integer({ min: 0, max: 30 }),
  jitterMs: fc.integer({ min: 0, max: 5 }),
  fsyncMs: fc.integer({ min: 0, max: 3 }),
  applyDelayMs: fc.constantFrom(0, 0, 20, 150, 600),
  applyCostUs: fc.integer({ min: 0, max: 200 }),
});
const clusterArb = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => replicaArb(i))));

/** Commit settings that keep the run free of waits on missing standbys (properties 3 and 4 need none). */
const commitArb = (replicas: number): fc.Arbitrary<NonNullable<ScenarioInput["commit"]>> => fc.oneof(
  fc.constantFrom({ preset: "async" as const }, { preset: "sync" as const }),
  fc.record({
    synchronous_commit: fc.constantFrom("off" as const, "local" as const, "remote_write" as const, "on" as const, "remote_apply" as const),
    synchronous_standby_names: fc.constantFrom("", "s1", `ANY 1 (${Array.from({ length: replicas }, (_, i) => `s${i + 1}`).join(", ")})`),
  }).map((postgres) => ({ postgres })),
  fc.record({ waitPoint: fc.constantFrom("AFTER_SYNC" as const, "AFTER_COMMIT" as const), timeoutMs: fc.integer({ min: 50, max: 2000 }) })
    .map((semiSync) => ({ semiSync })),
);

/** Faults that crash nothing: links cut and healed, replicas slowed down or sped up. */
const softFaultArb = (replicas: number): fc.Arbitrary<Action> => {
  const replica = fc.integer({ min: 1, max: replicas }).map((i) => `s${i}`);
  return fc.tuple(fc.integer({ min: 100, max: 2500 }), fc.oneof(
    replica.map((r) => ({ op: "partition" as const, between: ["primary", r] as [string, string] })),
    replica.map((r) => ({ op: "heal" as const, between: ["primary", r] as [string, string] })),
    fc.record({ op: fc.constant("set" as const), node: replica, applyDelayMs: fc.constantFrom(0, 300, 1500),
      networkDelayMs: fc.integer({ min: 0, max: 60 }) }),
  )).map(([atMs, a]) => ({ atMs, ...a }) as Action);
};

/** Faults that do: crashes and restarts of any node, and promotions. */
const hardFaultArb = (replicas: number): fc.Arbitrary<Action> => {
  const node = fc.integer({ min: 0, max: replicas }).map((i) => (i === 0 ? "primary" : `s${i}`));
  return fc.tuple(fc.integer({ min: 100, max: 2500 }), fc.oneof(
    fc.record({ op: fc.constant("crash" as const), node, kind: fc.constantFrom("process" as const, "power" as const, "hang" as const) }),
    fc.record({ op: fc.constant("restart" as const), node }),
    fc.record({ op: fc.constant("promote" as const), node: fc.integer({ min: 1, max: replicas }).map((i) => `s${i}`) }),
  )).map(([atMs, a]) => ({ atMs, ...a }) as Action);
};

/** Runs a scenario, calling `atRead` with a snapshot each time a read is invoked or completes. */
function watchReads(input: ScenarioInput, atRead: (e: HistoryEvent, snap: Snapshot) => void): { history: HistoryEvent[]; sim: Simulation } {
  const history: HistoryEvent[] = [];
  let sim: Simulation | null = null;
  sim = new Simulation(scenarioSchema.parse(input), {
    onHistory: (e) => {
      if (!("f" in e)) return;
      history.push(e);
      if (e.f === "read" && sim) atRead(e, sim.snapshot(Number.MAX_SAFE_INTEGER));
    },
  });
  sim.runUntil(Math.round((input.durationMs ?? 10_000) * 1000));
  return { history, sim };
}

describe("read-path properties", () => {
  it("1. hot standby: a replica returns the newest version of the key it has replayed", () => {
    fc.assert(fc.property(clusterArb, fc.integer({ min: 0, max: 1e6 }), (replicas, seed) => {
      const served: { key: string; node: string; replayLsn: number; lsn: number | null }[] = [];
      const { history } = watchReads({
        seed, durationMs: 2000, cluster: { replicas }, commit: { preset: "async" },
        workload: { writesPerSec: 300, readsPerSec: 300, sessions: 3, keys: 4, readFrom: "replicas" },
      }, (e, snap) => {
        if (e.type !== "ok" || e.node === "primary") return;
        served.push({ key: e.key, node: e.node!, replayLsn: snap.nodes.find((n) => n.name === e.node)!.lsn.replay, lsn: e.lsn });
      });
      // async, no faults: every write that reached a replica was acknowledged, with its commit LSN
      const commits = history.filter((e) => e.f === "write" && e.type === "ok");
      expect(served.length).toBeGreaterThan(100);
      for (const r of served) {
        const replayed = commits.filter((w) => w.key === r.key && w.lsn! <= r.replayLsn).map((w) => w.lsn!);
        expect(r.lsn).toBe(replayed.length === 0 ? null : Math.max(...replayed));
      }
    }), runs(25));
  });

  it("2. lag-aware routes only to streaming replicas within maxLagMs (0: lag NULL), and counts every fallback", () => {
    const scenario = clusterArb.chain((replicas) => fc.record({
      replicas: fc.constant(replicas),
      seed: fc.integer({ min: 0, max: 1e6 }),
      maxLagMs: fc.constantFrom(0, 0, 5, 50, 500),
      faults: fc.array(fc.oneof(softFaultArb(replicas.length), hardFaultArb(replicas.length)), { maxLength: 5 }),
    }));
    fc.assert(fc.property(scenario, (s) => {
      const problems: string[] = [];
      let onPrimary = 0;
      const { sim } = watchReads({
        seed: s.seed, durationMs: 3000, cluster: { replicas: s.replicas },
        workload: { writesPerSec: 150, readsPerSec: 300, sessions: 3, keys: 5, readFrom: "lag-aware", maxLagMs: s.maxLagMs },
        actions: s.faults,
      }, (e, snap) => {
        if (e.type !== "invoke") return;
        const qualifies = (name: string) => {
          const row = snap.replication.find((r) => r.name === name);
          return snap.nodes.find((n) => n.name === name)?.state === "up" && row?.state === "streaming"
            && (row.replayLagUs ?? 0) <= s.maxLagMs * 1000;
        };
        if (e.node === snap.primary) {
          onPrimary++;
          const eligible = snap.nodes.filter((n) => n.role === "replica" && n.name !== snap.primary && qualifies(n.name));
          if (eligible.length > 0) problems.push(`${e.timeUs}: fell back with ${eligible.map((n) => n.name).join(", ")} eligible`);
        } else if (!qualifies(e.node!)) {
          const row = snap.replication.find((r) => r.name === e.node);
          problems.push(`${e.timeUs}: routed to ${e.node} (${row?.state ?? "not connected"}, replay lag ${row?.replayLagUs} µs)`);
        }
      });
      expect(problems).toEqual([]);
      const p = sim.report().reads.byPolicy["lag-aware"];
      expect(p?.fallbacksToPrimary ?? 0).toBe(onPrimary);
    }), runs(30));
  });

  it("3a. read-your-writes routing follows the pin window: the primary exactly while the session's last write is younger", () => {
    const scenario = fc.record({ replicas: clusterArb, seed: fc.integer({ min: 0, max: 1e6 }), pinWindowMs: fc.integer({ min: 0, max: 800 }) });
    fc.assert(fc.property(scenario, (s) => {
      const { history } = run({
        seed: s.seed, durationMs: 2000, cluster: { replicas: s.replicas },
        workload: { writesPerSec: 40, readsPerSec: 300, sessions: 4, keys: 5, readFrom: "read-your-writes", pinWindowMs: s.pinWindowMs },
      });
      const lastWrite = new Map<string, number>();
      for (const e of history) {
        if (e.f === "write" && e.type === "invoke") lastWrite.set(e.process, e.timeUs);
        if (e.f !== "read" || e.type !== "invoke") continue;
        const w = lastWrite.get(e.process);
        const pinned = w !== undefined && e.timeUs - w < s.pinWindowMs * 1000;
        expect(e.node === "primary", `read ${e.op} by ${e.process} at ${e.timeUs} µs, last write ${w}`).toBe(pinned);
      }
    }), runs(25));
  });

  it("3b. a pin window longer than the longest possible replication delay: no read-your-writes violation", () => {
    const scenario = clusterArb.chain((replicas) => fc.record({
      replicas: fc.constant(replicas), seed: fc.integer({ min: 0, max: 1e6 }), commit: commitArb(replicas.length),
    }));
    fc.assert(fc.property(scenario, (s) => {
      // from a write's start to its replay anywhere: the primary's fsync (twice, group commit) — or,
      // with synchronous_commit = off, wal_writer_delay (200 ms): WAL is shipped once flushed —, the
      // longest network leg plus jitter, a replica's fsync (twice), its apply delay, and slack for replay queues
      const primaryFlushMs = s.commit.postgres?.synchronous_commit === "off" ? 200 + 2 : 2;
      const bound = primaryFlushMs + Math.max(...s.replicas.map((r) => r.networkDelayMs! + r.jitterMs! + 2 * r.fsyncMs! + r.applyDelayMs!)) + 20;
      const { report } = run({
        seed: s.seed, durationMs: 3000, cluster: { primary: { fsyncMs: 1 }, replicas: s.replicas }, commit: s.commit,
        workload: { writesPerSec: 100, readsPerSec: 300, sessions: 3, keys: 4, readFrom: "read-your-writes", pinWindowMs: bound,
          startMs: 200 },
      });
      expect(policy(report, "read-your-writes").total).toBeGreaterThan(500);
      expect(report.reads.readYourWritesViolations).toBe(0);
    }), runs(30));
  });

  it("4. on the primary, PostgreSQL and AFTER_SYNC never show a commit before its client is answered", () => {
    const scenario = clusterArb.chain((replicas) => fc.record({
      replicas: fc.constant(replicas), seed: fc.integer({ min: 0, max: 1e6 }), commit: commitArb(replicas.length),
      faults: fc.array(softFaultArb(replicas.length), { maxLength: 6 }),
    }));
    let afterCommitEarly = 0;
    fc.assert(fc.property(scenario, (s) => {
      const { history } = run({
        seed: s.seed, durationMs: 3000, cluster: { replicas: s.replicas }, commit: s.commit,
        workload: { writesPerSec: 150, readsPerSec: 300, sessions: 4, keys: 4, readFrom: "primary" },
        actions: s.faults,
      });
      const ops = operations(history);
      const early = [...ops.values()].filter((r) => {
        if (r.f !== "read" || r.done?.type !== "ok" || r.done.node !== "primary" || r.done.writeOp == null) return false;
        const w = ops.get(r.done.writeOp)!;
        return !(w.done?.type === "ok" && w.doneIndex < r.doneIndex);
      });
      if (s.commit.semiSync?.waitPoint === "AFTER_COMMIT") afterCommitEarly += early.length;
      else expect(early.map((r) => r.op)).toEqual([]);
    }), runs(40));
    // AFTER_COMMIT does show rows whose commit still waits (the property above is not vacuous)
    const { history } = run({
      seed: 1, durationMs: 2000, cluster: { replicas: [{ name: "s1", networkDelayMs: 20 }] },
      commit: { semiSync: { waitPoint: "AFTER_COMMIT" } },
      workload: { writesPerSec: 100, readsPerSec: 300, sessions: 4, keys: 2, readFrom: "primary" },
    });
    const ops = operations(history);
    const seenEarly = [...ops.values()].filter((r) => r.f === "read" && r.done?.writeOp != null
      && ops.get(r.done.writeOp)!.doneIndex > r.doneIndex);
    expect(seenEarly.length + afterCommitEarly).toBeGreaterThan(0);
    expect(seenEarly.length).toBeGreaterThan(10);
  });

  it("5. causal reads never wait longer than maxWaitMs", () => {
    const scenario = clusterArb.chain((replicas) => fc.record({
      replicas: fc.constant(replicas), seed: fc.integer({ min: 0, max: 1e6 }), maxWaitMs: fc.integer({ min: 0, max: 200 }),
      commit: commitArb(replicas.length),
      faults: fc.array(fc.oneof(softFaultArb(replicas.length), hardFaultArb(replicas.length)), { maxLength: 5 }),
    }));
    fc.assert(fc.property(scenario, (s) => {
      const { history, report } = run({
        seed: s.seed, durationMs: 3000, cluster: { replicas: s.replicas }, commit: s.commit,
        workload: { writesPerSec: 150, readsPerSec: 300, sessions: 3, keys: 5, readFrom: "causal", maxWaitMs: s.maxWaitMs },
        actions: s.faults,
      });
      expect(policy(report, "causal").total).toBeGreaterThan(0);
      const tooLong = [...operations(history).values()]
        .filter((o) => o.f === "read" && o.done && o.done.timeUs - o.invoke.timeUs > s.maxWaitMs * 1000);
      expect(tooLong.map((o) => `${o.op}: ${(o.done!.timeUs - o.invoke.timeUs) / 1000} ms`)).toEqual([]);
    }), runs(30));
  });

  it("6. round-robin over a fault-free cluster: reads per replica differ by at most one", () => {
    fc.assert(fc.property(clusterArb, fc.integer({ min: 0, max: 1e6 }), (replicas, seed) => {
      const { history } = run({ seed, durationMs: 1000, cluster: { replicas },
        workload: { writesPerSec: 50, readsPerSec: 400, sessions: 3, keys: 5, readFrom: "replicas" } });
      const counts = new Map(replicas.map((r) => [r.name, 0]));
      for (const e of history) if (e.f === "read" && e.type === "invoke") counts.set(e.node!, (counts.get(e.node!) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual(replicas.map((r) => r.name).sort());
      expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
    }), runs(25));
  });
});
