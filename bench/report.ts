/* The bench's results: their JSON shape and the readable tables. */
import type { ThroughputResult } from "./engineThroughput";
import { int, secs, si, table, verdict } from "./format";
import type { MillionResult } from "./millionWrites";
import { max, median } from "./stats";

export interface MillionSummary {
  preset: string;
  replicas: number;
  runs: number;
  writesAttempted: number;
  writesAcknowledged: number;
  events: number;
  medianWallMs: number;
  medianCpuMs: number;
  minWallMs: number;
  maxWallMs: number;
  medianPeakRssMB: number;
  maxPeakRssMB: number;
  medianRssStartMB: number;
  medianEventsPerSec: number;
  medianWritesPerSec: number;
  latencyMs: MillionResult["latencyMs"];
  targetMs: number;
  /** the median wall time is under the target */
  pass: boolean;
}

export interface BenchResults {
  date: string;
  mode: "full" | "quick";
  machine: { cpus: number; cpuModel: string; node: string; platform: string; totalMemMB: number };
  throughput: ThroughputResult[];
  million: { runs: MillionResult[]; summary: MillionSummary[] };
  benchWallMs: number;
  pass: boolean;
}

export function summarizeMillion(runs: readonly MillionResult[]): MillionSummary[] {
  const presets = [...new Set(runs.map((r) => r.preset))];
  return presets.map((preset) => {
    const rs = runs.filter((r) => r.preset === preset);
    const first = rs[0]!;
    const wall = rs.map((r) => r.wallMs);
    const medianWallMs = median(wall);
    return {
      preset, replicas: first.replicas, runs: rs.length,
      writesAttempted: first.writesAttempted, writesAcknowledged: first.writesAcknowledged, events: first.events,
      medianWallMs, medianCpuMs: median(rs.map((r) => r.cpuMs)), minWallMs: Math.min(...wall), maxWallMs: max(wall),
      medianPeakRssMB: median(rs.map((r) => r.peakRssMB)), maxPeakRssMB: max(rs.map((r) => r.peakRssMB)),
      medianRssStartMB: median(rs.map((r) => r.rssStartMB)),
      medianEventsPerSec: median(rs.map((r) => r.eventsPerSec)),
      medianWritesPerSec: median(rs.map((r) => r.writesPerSec)),
      latencyMs: first.latencyMs,
      targetMs: first.targetMs,
      pass: medianWallMs < first.targetMs,
    };
  });
}

/** "12: 2.3 M..11.6 M ev/s": how many warm-up runs, and the engine's speed in the first and the last */
function warmupCell(w: ThroughputResult["warmup"]): string {
  const speeds = w.engineEventsPerSec;
  return `${speeds.length}: ${si(speeds[0]!)}..${si(speeds[speeds.length - 1]!)} ev/s`;
}

export function printReport(r: BenchResults): void {
  const out: string[] = [];
  out.push(`Replication Lab engine benchmark (${r.mode}) — ${r.date}`);
  out.push(`${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.platform}, Node ${r.machine.node}`);
  out.push("");
  out.push("Engine throughput vs bare binary-heap event loop (as many events, the engine's mean queue size, successors at " +
    "uniform random delays; medians of interleaved runs, after untimed warm-up runs: the engine's first and last shown)");
  out.push(table(
    ["cluster", "events", "queue", "engine ev/s", "writes/s", "baseline ev/s", "ratio", "pairs min..max", "CPU ratio", "target", "",
      "engine queue alone", "build", "faults", "warm-up runs"],
    r.throughput.map((t) => [
      t.label, int(t.calibration.events), t.calibration.meanQueue === null ? "?" : t.calibration.meanQueue.toFixed(0),
      si(t.medianEngineEventsPerSec), si(t.medianEngineWritesPerSec), si(t.medianBaselineEventsPerSec),
      t.ratio.toFixed(3), `${Math.min(...t.pairRatios).toFixed(3)}..${Math.max(...t.pairRatios).toFixed(3)}`, t.ratioCpu.toFixed(3),
      `>= ${t.target}`, verdict(t.pass), t.medianQueueOnlyEventsPerSec === undefined ? "?" : si(t.medianQueueOnlyEventsPerSec),
      `${t.medianEngineBuildMs.toFixed(1)} ms`, int(t.medianEnginePageFaults), warmupCell(t.warmup),
    ]),
  ));
  out.push("Diagnostic, not the target: the same bare heap driven by the engine's own recorded schedule (what each event " +
    "pushed, and how far ahead), in rounds beside the baseline after the engine's runs");
  out.push(table(
    ["cluster", "heap on engine's schedule ev/s", "÷ baseline", "engine ÷ it"],
    r.throughput.map((t) => [t.label, si(t.onSchedule.medianEventsPerSec), `${t.onSchedule.speedup.toFixed(2)}x`,
      t.onSchedule.ratio.toFixed(3)]),
  ));
  out.push("");
  const m0 = r.million.summary[0];
  out.push(`${m0 ? int(m0.writesAttempted) : "?"} writes on 1 primary + 3 replicas at 100,000 writes/s offered, ` +
    `one child process per run (median of ${m0?.runs ?? 0})`);
  out.push(table(
    ["commit", "writes acked", "events", "wall (median)", "min..max", "CPU", "ev/s", "peak RSS", "RSS at start", "p50 / p99 commit", "target", ""],
    r.million.summary.map((m) => [
      m.preset, int(m.writesAcknowledged), int(m.events), secs(m.medianWallMs), `${secs(m.minWallMs)}..${secs(m.maxWallMs)}`, secs(m.medianCpuMs),
      si(m.medianEventsPerSec), `${m.maxPeakRssMB} MB`, `${m.medianRssStartMB} MB`,
      `${m.latencyMs.p50} / ${m.latencyMs.p99} ms`, `< ${secs(m.targetMs)}`, verdict(m.pass),
    ]),
  ));
  for (const m of r.million.summary) {
    const run = r.million.runs.find((x) => x.preset === m.preset);
    if (!run || run.rssByWrites.length === 0) continue;
    const pts = run.rssByWrites.map((p) => `${si(p.writes)}: ${Math.round(p.rssMB)}`).join(", ");
    out.push(`RSS (MB) as writes go in, ${m.preset}: ${pts}`);
  }
  out.push("");
  out.push(`Overall: ${verdict(r.pass)} (bench took ${secs(r.benchWallMs)})`);
  process.stdout.write(out.join("\n") + "\n");
}
