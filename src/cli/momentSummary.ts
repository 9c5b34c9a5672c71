/*
 * `--at MS` as a person reads it: the state of the run at one moment — the snapshot the page
 * shows there — in a terminal. Every value is in the --json snapshot under the same name. Text
 * from the scenario (names, keys, values) needs no care here: run.ts passes every byte the CLI
 * prints through terminalSafe.
 */
import type { Scenario } from "../engine/scenario/schema";
import type { Snapshot } from "../engine/views";
import { commitLines, ms, section } from "./summary";
import { formatTable, type Cell } from "./table";
import { narrateLog } from "../narrate/logNarration";
import { plural } from "../text/plural";

/** log lines shown (the --json snapshot holds up to 2,000) */
const LOG_LINES = 15;

const lagMs = (us: number | null): Cell => (us === null ? "—" : Number(ms(us / 1000)));

function nodeTable(s: Snapshot): string {
  const header = ["node", "role", "state", "timeline", "insert LSN", "write LSN", "flush LSN", "replay LSN", "would lose"];
  return formatTable(header, s.nodes.map((n): Cell[] => [n.name, n.role,
    n.state + (n.crashKind ? ` (${n.crashKind})` : "") + (n.problem ? `: ${n.problem}` : ""), n.timeline,
    n.lsn.insert, n.lsn.write, n.lsn.flush, n.lsn.replay, n.wouldLose === null ? "—" : `${n.wouldLoseAtLeast ? "≥ " : ""}${n.wouldLose}`]));
}

function replicationLines(s: Snapshot): string[] {
  if (s.commit.mode === "semiSync") return mysqlLines(s);
  if (s.replication.length === 0) return ["Replication  no standby connected"];
  const header = ["standby", "state", "sent LSN", "write LSN", "flush LSN", "replay LSN", "write lag ms", "flush lag ms",
    "replay lag ms", "sync"];
  return [`Replication  pg_stat_replication on ${s.primary ?? "(no primary)"}`, formatTable(header, s.replication.map((r): Cell[] => [
    r.name, r.state, r.sentLsn, r.writeLsn, r.flushLsn, r.replayLsn, lagMs(r.writeLagUs), lagMs(r.flushLagUs),
    lagMs(r.replayLagUs), r.syncState]))];
}

/**
 * MySQL/MariaDB: the source knows only which replicas are connected and their last semi-sync ACK;
 * each replica's SHOW REPLICA STATUS is its own (positions as the model's byte offsets, as in the
 * node table; Seconds_Behind_Source in whole seconds).
 */
function mysqlLines(s: Snapshot): string[] {
  const acked = new Map(s.replication.map((r) => [r.name, r.writeLsn]));
  const replicas = s.nodes.filter((n) => n.role === "replica");
  if (replicas.length === 0) return ["Replication  no replica"];
  const header = ["replica", "Replica_IO_Running", "Read_Source_Log_Pos", "Exec_Source_Log_Pos", "Seconds_Behind_Source", "last ACK on source"];
  return [`Replication  SHOW REPLICA STATUS on each replica; ${s.primary ?? "(no source)"} knows only the semi-sync ACKs`,
    formatTable(header, replicas.map((n): Cell[] => {
      const ack = acked.get(n.name);
      const io = n.state === "down" ? "No" : ack === undefined ? "Connecting" : "Yes";
      return [n.name, io, n.lsn.write, n.lsn.replay, n.secondsBehindSourceUs === null ? "NULL" : Math.floor(n.secondsBehindSourceUs / 1e6),
        ack === undefined ? "—" : ack];
    }))];
}

function waitingLines(s: Snapshot): string[] {
  const w = s.waitingCommits;
  if (w.length === 0) return [section("Waiting", ["no commit is waiting"])];
  return [section("Waiting", [`${plural(w.length, "commit")} waiting; the oldest:`]), formatTable(["write", "session", "key", "LSN", "waiting ms", "for"],
    w.slice(0, 5).map((c): Cell[] => [c.writeId, c.session, c.key, c.lsn, Number(ms((s.nowUs - c.sinceUs) / 1000)),
      c.waitsFor]))];
}

function linkLines(s: Snapshot): string[] {
  const cut = s.links.filter((l) => l.cutAB || l.cutBA).map((l) =>
    `${l.a} ${l.cutAB && l.cutBA ? "⇹" : l.cutAB ? "→" : "←"} ${l.b} cut${l.cutAB && l.cutBA ? " both ways" : ""}`);
  return cut.length > 0 ? [section("Links", cut)] : [];
}

export function formatMoment(scenario: Scenario, s: Snapshot): string {
  const t = s.totals;
  const words = s.commit.mode === "semiSync" ? "mysql" : "postgres";
  const log = s.log.slice(-LOG_LINES).map((e) => `${ms(e.atUs / 1000).padStart(10)} ms  ${e.kind.padEnd(14)} ${narrateLog(e, words)}`);
  const parts = [
    section("Scenario", [`${scenario.name} (seed ${scenario.seed}) at ${ms(s.nowUs / 1000)} ms of virtual time, ` +
      `after ${s.eventsProcessed} events`]),
    section("Primary", [s.primary ?? "none"]),
    section("Commit", commitLines(s.commit)),
    section("Writes", [`attempted ${t.writesAttempted}, acknowledged ${t.writesAcknowledged}, failed ${t.writesFailed}, ` +
      `pending ${t.writesPending}; lost acknowledged ${t.lostAcknowledgedWrites}`,
    `commit latency so far p50 ${ms(s.latency.p50Us / 1000)} ms, p99 ${ms(s.latency.p99Us / 1000)} ms, max ${ms(s.latency.maxUs / 1000)} ms`]),
    section("Reads", [`total ${t.reads}, stale ${t.staleReads}, read-your-writes violations ${t.readYourWritesViolations}, ` +
      `monotonic-read violations ${t.monotonicReadViolations}`]),
    "Nodes",
    nodeTable(s),
    ...replicationLines(s),
    ...waitingLines(s),
    ...linkLines(s),
    section("In flight", [`${s.inFlight.length} message(s) on the wire`]),
    ...(log.length > 0 ? [`Log (last ${log.length})`, ...log.map((l) => `  ${l}`)] : []),
  ];
  return parts.join("\n") + "\n";
}
