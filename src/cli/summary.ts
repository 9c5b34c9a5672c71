/*
 * The report as a person reads it in a terminal. Every number here is also in the --json
 * report under the same name; this view only chooses and arranges.
 */
import type { ConflictView, EffectiveCommit, Report } from "../engine/views";
import type { MpConflictView } from "../engine/multiprimary";
import { formatTable, type Cell } from "./table";
import type { CliReport } from "./reportSchema";
import { multiPrimaryLines } from "./multiPrimarySummary";
import { plural } from "../text/plural";

/** Milliseconds with at most three decimals: 1.4, 0.062, 1200. */
export function ms(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

const optionalMs = (value: number | null): Cell => (value === null ? "—" : Number(ms(value)));

/** `name = value` for every setting of a block, wrapped: the exact settings, whatever fields exist. */
function settingLines(settings: object): string[] {
  const items = Object.entries(settings).map(([key, value]) =>
    `${key} = ${key === "synchronous_standby_names" ? `'${String(value)}'` : String(value)}`);
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + item.length < 100) lines[last] += `, ${item}`;
    else lines.push(item);
  }
  return lines;
}

export function commitLines(commit: EffectiveCommit): string[] {
  const preset = commit.preset === null ? "no preset" : `preset "${commit.preset}"`;
  if (commit.mode === "semiSync") {
    const status = commit.semiSyncActive ? "ON" : "OFF (fell back to async)";
    return [`${preset}, mode semi-sync (MySQL/MariaDB), currently ${status}`, ...settingLines(commit.semiSync), commit.summary];
  }
  return [`${preset}, mode PostgreSQL`, ...settingLines(commit.postgres), commit.summary];
}

export function section(title: string, lines: readonly string[]): string {
  const pad = " ".repeat(13);
  return lines.map((line, i) => (i === 0 ? `${title} `.padEnd(13) : pad) + line).join("\n");
}

function eventLines(report: Report): string[] {
  const failovers = report.failovers.map((f) =>
    `at ${ms(f.atMs)} ms ${f.promoted} promoted${f.automatic ? " automatically" : ""} (replacing ${f.from}): ` +
      `${plural(f.lostAcknowledgedWrites, "acknowledged write")} lost, RPO ${ms(f.rpoMs)} ms` +
      (f.restoredWrites > 0 ? `; ${plural(f.restoredWrites, "write")} declared lost earlier back in its history` : ""));
  const splitBrain = report.splitBrain.map((s) =>
    `${s.node} kept acknowledging writes from ${ms(s.fromMs)} ms after another node was promoted: ` +
      plural(s.acknowledgedWrites, "acknowledged write"));
  const discarded = report.discarded.map((d) =>
    `at ${ms(d.atMs)} ms ${d.how} of ${d.node} discarded WAL from LSN ${d.fromLsn}: ` +
      `${plural(d.writes, "write")}, ${d.acknowledgedWrites} of them acknowledged`);
  const stalls = report.stalls.map((s) => {
    const span = s.toMs === null ? `from ${ms(s.fromMs)} ms to the end (still stalled)` :
      `${ms(s.fromMs)}–${ms(s.toMs)} ms (${ms(s.toMs - s.fromMs)} ms)`;
    return `${span}${s.waitingFor ? `, waiting for ${s.waitingFor}` : ""}`;
  });
  const slots = report.slots.map((s) => `${s.name}: restart LSN ${s.restartLsn}, wal_status ${s.walStatus}, ` +
    `${s.retainedBytes} bytes retained`);
  return [
    section("Failovers", failovers.length > 0 ? failovers : ["none"]),
    ...(splitBrain.length > 0 ? [section("Split brain", splitBrain)] : []),
    ...(discarded.length > 0 ? [section("Discarded", discarded)] : []),
    section("Stalls", stalls.length > 0 ? stalls : ["none"]),
    ...(slots.length > 0 ? [section("Slots", slots)] : []),
  ];
}

function nodeTable(report: Report): string {
  const header = ["node", "role", "state", "sync", "timeline", "write LSN", "flush LSN", "replay LSN",
    "write lag ms", "flush lag ms", "replay lag ms"];
  const rows = report.nodes.map((n): Cell[] => [
    n.name, n.role, n.state, n.syncState ?? "—", n.timeline, n.lsn.write, n.lsn.flush, n.lsn.replay,
    optionalMs(n.lagMs.write), optionalMs(n.lagMs.flush), optionalMs(n.lagMs.replay),
  ]);
  return formatTable(header, rows);
}

function policyTable(report: Report): string[] {
  const rows = Object.entries(report.reads.byPolicy).map(([policy, r]): Cell[] => [
    policy, r.total, r.stale, r.readYourWritesViolations, r.monotonicReadViolations, r.fallbacksToPrimary,
    r.breakerReads, r.failed, Number(ms(r.meanLatencyMs)),
  ]);
  if (rows.length === 0) return [];
  const header = ["routing", "reads", "stale", "RYW violations", "monotonic violations", "to primary", "breaker",
    "failed", "mean ms"];
  return ["Reads by routing policy", formatTable(header, rows)];
}

const isLogicalConflict = (c: ConflictView | MpConflictView): c is ConflictView => "lsn" in c;
const isMultiPrimaryConflict = (c: ConflictView | MpConflictView): c is MpConflictView => "write" in c;

/** Subscriptions, conflicts and diverged rows: only for a scenario with subscribers. */
function logicalLines(report: Report): string[] {
  if (report.subscriptions === undefined) return [];
  const rows = report.subscriptions.map((s): Cell[] => [
    s.name, s.state, s.applyErrorCount, s.confirmedFlushLsn ?? "—", s.retainedBytes, s.walStatus ?? "—",
    s.spillTxns, s.streamTxns, optionalMs(s.applyLagMs), optionalMs(s.maxApplyLagMs),
  ]);
  const header = ["subscription", "state", "apply errors", "confirmed_flush_lsn", "retained bytes", "wal_status",
    "spilled txns", "streamed txns", "apply lag ms", "max lag ms"];
  const errors = report.subscriptions.filter((s) => s.lastError !== null).map((s) => `${s.name}: ${s.lastError}`);
  const conflicts = (report.conflicts ?? []).filter(isLogicalConflict).map((c) => `at ${ms(c.atMs)} ms ${c.kind} on ${c.node}, ${c.table} key ${c.key} ` +
    `(local ${c.localValue ?? "none"}, remote ${c.remoteValue ?? "none"}): ${c.resolution}`);
  const diverged = (report.divergentKeys ?? []).map((d) => `${d.table} key ${d.key}: ` +
    d.values.map((v) => `${v.node} ${v.value ?? "(no row)"}`).join(", "));
  return [
    "Subscriptions (logical replication)",
    formatTable(header, rows),
    ...(errors.length > 0 ? [section("Last errors", errors)] : []),
    section("Conflicts", conflicts.length > 0 ? conflicts : ["none"]),
    section("Diverged", diverged.length > 0 ? diverged : ["none (among caught-up subscribers)"]),
  ];
}

/** `warnings`: what validation found; the engine's own are in the report and shown too. */
export function formatSummary(report: CliReport, warnings: readonly string[]): string {
  const { writes, reads } = report;
  const all = [...new Set([...warnings, ...report.engine.warnings])];
  const stopped = report.interrupted === undefined ? [] : [`INTERRUPTED by Ctrl-C at ${ms(report.interrupted.atMs)} ms of ` +
    `${ms(report.interrupted.durationMs)} ms of virtual time: every figure below covers the run up to there`];
  const parts = [
    section("Scenario", [`${report.scenario} (seed ${report.seed}, ran to ${ms(report.endMs)} ms, ` +
      `${plural(report.engine.events, "event")})`, ...stopped]),
    ...(report.multiPrimary === undefined ? [section("Commit", commitLines(report.commit))] : []),
    section("Writes", [
      `attempted ${writes.attempted}, acknowledged ${writes.acknowledged}, failed ${writes.failed}, pending ${writes.pending}`,
      `commit latency p50 ${ms(writes.latencyMs.p50)} ms, p99 ${ms(writes.latencyMs.p99)} ms, max ${ms(writes.latencyMs.max)} ms`,
    ]),
    section("Reads", [`total ${reads.total}, stale ${reads.stale}, read-your-writes violations ` +
      `${reads.readYourWritesViolations}, monotonic-read violations ${reads.monotonicReadViolations}`]),
    ...policyTable(report),
    ...(report.multiPrimary === undefined ? physicalLines(report) : multiPrimaryLines(report.multiPrimary,
      (report.conflicts ?? []).filter(isMultiPrimaryConflict), section, ms)),
    ...logicalLines(report),
  ];
  if (all.length > 0) parts.push(section("Warnings", all));
  return parts.join("\n") + "\n";
}

/** What a cluster with one primary reports: losses, the ledger, failovers and stalls, the nodes. */
function physicalLines(report: Report): string[] {
  return [
    section("Lost", [`${plural(report.lostAcknowledgedWrites, "acknowledged write")} lost`,
      ...(report.ledger.acknowledgedAtRisk > 0 ? [`${plural(report.ledger.acknowledgedAtRisk, "acknowledged write")} at risk ` +
        "at the end: not yet flushed when the run ended (not lost: no fault dropped them)"] : [])]),
    section("Ledger", [`acknowledged and durable ${report.ledger.acknowledgedDurable}, acknowledged at risk at the end ` +
      `${report.ledger.acknowledgedAtRisk}, acknowledged but lost ${report.ledger.acknowledgedLost}, ` +
      `unacknowledged but present ${report.ledger.unacknowledgedPresent}, never durable ${report.ledger.neverDurable}`]),
    ...eventLines(report),
    "Nodes",
    nodeTable(report),
  ];
}
