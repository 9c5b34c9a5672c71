/*
 * What one run of a sweep comes to: the figures a trade-off is judged by, taken from its report
 * exactly as `npm run sim -- --json` prints it (test/sweep/sweep.test.ts holds them equal).
 */
import type { Report } from "../engine/views";

export interface RunMetrics {
  writesAcknowledged: number;
  commitP50Ms: number;
  commitP99Ms: number;
  lostAcknowledgedWrites: number;
  staleReads: number;
  reads: number;
  /** reads the primary served by routing: the "primary" policy's, and every policy's fallbacks to it (reads naming a node are not counted) */
  readsOnPrimary: number;
  /** virtual ms in which commits waited more than 500 ms (the report's stalls; one still open runs to the end) */
  stalledMs: number;
  events: number;
}

export const METRIC_NAMES: readonly (keyof RunMetrics)[] = [
  "writesAcknowledged", "commitP50Ms", "commitP99Ms", "lostAcknowledgedWrites", "staleReads", "reads", "readsOnPrimary", "stalledMs", "events",
];

export function metricsOf(report: Report): RunMetrics {
  const policies = Object.entries(report.reads.byPolicy);
  const routedToPrimary = policies.find(([name]) => name === "primary")?.[1].total ?? 0;
  const fallbacks = policies.reduce((n, [, p]) => n + p.fallbacksToPrimary, 0);
  const stalled = report.stalls.reduce((ms, s) => ms + ((s.toMs ?? report.endMs) - s.fromMs), 0);
  return {
    writesAcknowledged: report.writes.acknowledged,
    commitP50Ms: report.writes.latencyMs.p50,
    commitP99Ms: report.writes.latencyMs.p99,
    lostAcknowledgedWrites: report.lostAcknowledgedWrites,
    staleReads: report.reads.stale,
    reads: report.reads.total,
    readsOnPrimary: routedToPrimary + fallbacks,
    stalledMs: Math.round(stalled * 1000) / 1000,
    events: report.engine.events,
  };
}
