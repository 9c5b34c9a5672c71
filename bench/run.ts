/*
 * `npm run bench [-- --quick] [-- --json] [-- --strict]`: engine throughput beside a bare-heap
 * baseline, and a million writes on 1 + 3 nodes against a 10 s budget. Every measurement runs
 * in a child process of its own, one after another (never in parallel: the machine is small).
 * Progress goes to stderr; stdout carries the table, or with --json one JSON document.
 */
import os from "node:os";
import { makePlan } from "./plan";
import { printReport, summarizeMillion, type BenchResults } from "./report";
import { runChild } from "./spawn";
import type { MillionResult } from "./millionWrites";
import type { ThroughputResult } from "./engineThroughput";

const USAGE = `usage: npm run bench [-- options]
  --quick    a short version (fewer, shorter repetitions; 100,000 writes instead of 1,000,000)
  --json     print one JSON document on stdout instead of the tables (use npm run -s to drop npm's banner)
  --strict   exit with status 1 when a figure misses its target
Progress goes to stderr. See docs/benchmarks.md.
`;
const KNOWN = new Set(["--json", "--quick", "--strict"]);
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => !KNOWN.has(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown option ${unknown.join(", ")}\n${USAGE}`);
  process.exit(2);
}
const json = args.includes("--json");
const plan = makePlan(args.includes("--quick"));
const progress = (s: string) => process.stderr.write(`${s}\n`);

const started = performance.now();
const throughput: ThroughputResult[] = [];
for (const config of plan.throughput) {
  progress(`throughput ${config.label}: warm-up, then ${config.reps} x (baseline, engine) ...`);
  throughput.push(await runChild({ kind: "throughput", config }));
}
const millionRuns: MillionResult[] = [];
for (let rep = 0; rep < plan.millionReps; rep++) {
  for (const config of plan.million) {
    progress(`${config.writes.toLocaleString("en-US")} writes, 1+${config.replicas ?? 3} ${config.preset}, run ${rep + 1}/${plan.millionReps} ...`);
    millionRuns.push(await runChild({ kind: "million", config }));
  }
}

const cpus = os.cpus();
const results: BenchResults = {
  date: new Date().toISOString(),
  mode: plan.mode,
  machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.arch()}`,
    totalMemMB: Math.round(os.totalmem() / 2 ** 20) },
  throughput,
  million: { runs: millionRuns, summary: summarizeMillion(millionRuns) },
  benchWallMs: performance.now() - started,
  pass: false,
};
results.pass = throughput.every((t) => t.pass) && results.million.summary.every((m) => m.pass);

if (json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
else printReport(results);
if (args.includes("--strict") && !results.pass) process.exitCode = 1;
