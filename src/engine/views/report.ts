/* The report: the public summary of a run (DESIGN.md, docs/formats.md). */
import type { Sim } from "../simulation";
import type { Report } from "../views";
import { buildLedger } from "../clients/ledger";
import { slotViews } from "../cluster/retention";
import { replicationView } from "./snapshot";
import { conflictViews, divergentKeys, subscriptionViews } from "../logical/views";
import { multiPrimaryReport } from "../multiprimary/report";

const ms = (us: number) => Math.round(us) / 1000;

export function buildReport(sim: Sim): Report {
  const report = physicalReport(sim);
  return sim.multiPrimary === null ? report : multiPrimaryReport(report, sim.multiPrimary);
}

function physicalReport(sim: Sim): Report {
  const c = sim.clients;
  const [p50, p99] = c.latency.percentiles([50, 99]);
  const primary = sim.nodes[sim.primary]!;
  const rows = new Map(replicationView(sim, primary).map((r) => [r.name, r]));
  const attempted = sim.writes.count;
  const ledger = buildLedger(sim);
  return {
    scenario: sim.scenario.name,
    seed: sim.scenario.seed,
    endMs: ms(sim.now),
    commit: sim.commit,
    writes: {
      attempted, acknowledged: c.latency.count, failed: c.failedWrites,
      pending: attempted - c.latency.count - c.failedWrites,
      latencyMs: { p50: ms(p50!), p99: ms(p99!), max: ms(c.latency.max) },
    },
    reads: {
      total: [...c.reads.byPolicy.values()].reduce((n, p) => n + p.reads, 0),
      stale: c.checker.counts.staleReads,
      readYourWritesViolations: c.checker.counts.readYourWrites,
      monotonicReadViolations: c.checker.counts.monotonicReads,
      byPolicy: Object.fromEntries([...c.reads.byPolicy].map(([k, p]) => [k, {
        total: p.reads, stale: p.staleReads, readYourWritesViolations: p.readYourWritesViolations,
        monotonicReadViolations: p.monotonicReadViolations, fallbacksToPrimary: p.fallbacksToPrimary, breakerReads: p.breakerReads,
        failed: p.failed, meanLatencyMs: p.answered > 0 ? ms(p.latencyUsTotal / p.answered) : 0,
      }])),
    },
    anomalies: c.checker.anomalies,
    lostAcknowledgedWrites: ledger.acknowledgedLost,
    ledger,
    failovers: sim.failovers.map((f) => ({ atMs: ms(f.atUs), promoted: f.promoted, from: f.from, automatic: f.automatic,
      lostAcknowledgedWrites: f.lost, restoredWrites: f.restored, rpoMs: ms(f.rpoUs) })),
    splitBrain: sim.splitBrains.map((b) => ({ node: sim.nodes[b.node]!.name, fromMs: ms(b.fromUs), acknowledgedWrites: b.acknowledged })),
    discarded: sim.discards.map((d) => ({ atMs: ms(d.atUs), node: d.node, how: d.how, fromLsn: d.fromLsn, writes: d.writes,
      acknowledgedWrites: d.acknowledged })),
    slots: slotViews(sim, primary),
    stalls: sim.stalls.map((s) => ({ fromMs: ms(s.fromUs), toMs: s.toUs === null ? null : ms(s.toUs), waitingFor: s.waitingFor })),
    nodes: sim.liveNodes().map((n) => {
      const row = rows.get(n.name);
      const isPrimary = n.idx === sim.primary;
      return {
        name: n.name,
        role: n.role,
        state: n.state !== "up" ? n.state : isPrimary || n.role === "primary" ? "primary" : row ? row.state
          : n.recvState === "stopped" ? "disconnected" : n.recvState,
        syncState: row ? row.syncState : null,
        timeline: n.timeline.id,
        lsn: isPrimary ? { write: n.insertLsn, flush: n.flushLsn, replay: n.flushLsn } : { write: n.writeLsn, flush: n.flushLsn, replay: n.replayLsn },
        lagMs: {
          write: row?.writeLagUs == null ? null : ms(row.writeLagUs),
          flush: row?.flushLagUs == null ? null : ms(row.flushLagUs),
          replay: row?.replayLagUs == null ? null : ms(row.replayLagUs),
        },
      };
    }),
    operations: c.operations,
    ...logicalReport(sim),
    engine: { events: sim.eventsProcessed, warnings: [...sim.warnings] },
  };
}

/** Present only when the run has subscribers: every other report stays as it was, byte for byte. */
function logicalReport(sim: Sim): Pick<Report, "subscriptions" | "conflicts" | "divergentKeys"> {
  const lg = sim.logical;
  if (lg === null || !lg.hasSubscribers) return {};
  return { subscriptions: subscriptionViews(sim, lg), conflicts: conflictViews(lg), divergentKeys: divergentKeys(sim, lg) };
}
