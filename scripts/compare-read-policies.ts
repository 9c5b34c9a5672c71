/**
 * `npm run compare:reads`: runs examples/reads-*.json — one seeded workload and cluster, one
 * routing policy per file — and prints what each policy costs: stale reads and anomalies against
 * the load it puts on the primary (fallbacks, breaker reads, read latency, share of reads the
 * primary served). Latency and the primary's share are measured from the run's history (the
 * events `--history` writes), the counts come from the report (`report.reads.byPolicy`).
 *
 *   npm run compare:reads                 # the six examples, in a fixed order
 *   npm run compare:reads -- a.json b.json
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatTable } from "../src/cli/table";
import { runScenario } from "../src/engine/index";
import { parseScenario } from "../src/engine/scenario/validate";
import type { HistoryEvent, Report } from "../src/engine/views";

export const EXAMPLES = ["primary", "replicas", "lag-aware", "read-your-writes", "causal", "ryw-breaker"]
  .map((p) => join(import.meta.dirname, "..", "examples", `reads-${p}.json`));

export interface PolicyRow {
  file: string;
  policy: string;
  reads: number;
  stale: number;
  readYourWrites: number;
  monotonic: number;
  fallbacks: number;
  breaker: number;
  failed: number;
  /** mean read latency, invoke to completion, from the history */
  meanLatencyMs: number;
  /** what report.reads.byPolicy says the mean latency is */
  reportMeanLatencyMs: number;
  /** share of completed reads the primary of the moment served, 0..1 */
  primaryShare: number;
}

/** Runs one scenario file and measures its (single) read policy. */
export function measure(file: string): PolicyRow {
  const parsed = parseScenario(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  const history: HistoryEvent[] = [];
  const report = runScenario(parsed.scenario, { onHistory: (e) => history.push(e) });
  const policies = Object.keys(report.reads.byPolicy);
  if (policies.length !== 1) throw new Error(`${file}: expected reads by one policy, got ${policies.join(", ") || "none"}`);
  const policy = policies[0]!;
  const p = report.reads.byPolicy[policy]!;
  const { meanLatencyMs, primaryShare } = fromHistory(history, primaryAt(parsed.scenario.cluster.primary.name, report));
  return {
    file, policy, reads: p.total, stale: p.stale, readYourWrites: p.readYourWritesViolations, monotonic: p.monotonicReadViolations,
    fallbacks: p.fallbacksToPrimary, breaker: p.breakerReads, failed: p.failed, meanLatencyMs, reportMeanLatencyMs: p.meanLatencyMs,
    primaryShare,
  };
}

/** The name of the primary at a given time, from the failovers in the report. */
function primaryAt(first: string, report: Report): (timeUs: number) => string {
  const changes = report.failovers.map((f) => ({ atUs: f.atMs * 1000, name: f.promoted }));
  return (timeUs) => changes.reduce((name, c) => (c.atUs <= timeUs ? c.name : name), first);
}

function fromHistory(history: readonly HistoryEvent[], primary: (timeUs: number) => string) {
  const invoked = new Map<number, number>();
  let total = 0, done = 0, onPrimary = 0;
  for (const e of history) {
    if (!("f" in e) || e.f !== "read") continue;
    if (e.type === "invoke") { invoked.set(e.op, e.timeUs); continue; }
    if (e.type !== "ok" && e.type !== "fail") continue;
    total += e.timeUs - invoked.get(e.op)!;
    done++;
    if (e.node === primary(e.timeUs)) onPrimary++;
  }
  return { meanLatencyMs: done === 0 ? 0 : total / done / 1000, primaryShare: done === 0 ? 0 : onPrimary / done };
}

export function formatRows(rows: readonly PolicyRow[]): string {
  const header = ["policy", "reads", "stale", "RYW", "monotonic", "fallbacks", "breaker", "failed", "mean read ms", "primary share"];
  const table = formatTable(header, rows.map((r) => [
    r.policy + (r.breaker > 0 || r.file.includes("breaker") ? " + breaker" : ""), r.reads, r.stale, r.readYourWrites, r.monotonic,
    r.fallbacks, r.breaker, r.failed, r.meanLatencyMs.toFixed(2), `${(r.primaryShare * 100).toFixed(1)} %`,
  ]), "");
  const notes = rows
    .filter((r) => Math.abs(r.reportMeanLatencyMs - r.meanLatencyMs) > 0.01)
    .map((r) => `note: report.reads.byPolicy["${r.policy}"].meanLatencyMs is ${r.reportMeanLatencyMs}, the history says ${r.meanLatencyMs.toFixed(2)}`);
  return [table, ...notes].join("\n");
}

function main(args: readonly string[]): void {
  const files = args.length > 0 ? args : EXAMPLES;
  console.log(formatRows(files.map(measure)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
