/*
 * What one event did, in one line, and why — the words the Step button says after it ran an
 * event ("s1 flushed WAL to 0/1A0 — the WAL it received from db1 is now on its disk").
 *
 * Pure: from the kind of event the engine ran (src/engine/core/eventKinds.ts) and snapshots of
 * the run just before and just after it. The kind says what sort of thing happened; the
 * difference between the snapshots says to whom and how far (positions, commits released or
 * made to wait, log lines the event wrote). Every kind has its wording (WORDINGS is a Record
 * over every kind: a new kind without one does not compile, and the unit test checks each one).
 *
 * PostgreSQL's words in PostgreSQL mode (WAL, walreceiver, synchronous_commit); MySQL's in
 * semi-sync mode (binary log events, relay log, the semi-sync ACK: the only reply a MySQL
 * replica sends, src/engine/mysql/replies.ts).
 */
import * as EV from "../engine/core/eventKinds";
import type { LogEntry, MessageView, Snapshot, WaitingCommitView } from "../engine/views";
import { formatPosition, positionsIn } from "../text/position";
import { narrateLog, oneLine } from "./logNarration";
import { CODE_APPLY, CODE_COMMIT, CODE_DELIVER, CODE_ORDER } from "../engine/multiprimary/events";

/** The event the engine ran: its kind and arguments, as eventKinds.ts names them. */
export interface RanEvent {
  kind: number;
  a: number;
  b: number;
  /** the name of node `a` (meaningful for the kinds whose `a` is a node) */
  aNode: string | null;
}

export type EventKindName =
  | "action" | "deliver" | "primary-flush" | "replica-flush" | "replay" | "workload-write" | "workload-read"
  | "semi-sync-timeout" | "stall-check" | "status-interval" | "sender-timeout" | "receiver-timeout" | "reconnect"
  | "promote-done" | "wal-writer" | "checkpoint" | "failover-check" | "read-serve" | "read-done" | "read-timeout"
  | "write-serve" | "logical" | "multi-primary";

/** Every kind of event the engine's queue holds, by its number. */
export const EVENT_KINDS: ReadonlyMap<number, EventKindName> = new Map<number, EventKindName>([
  [EV.EV_ACTION, "action"], [EV.EV_DELIVER, "deliver"], [EV.EV_PRIMARY_FLUSH, "primary-flush"],
  [EV.EV_REPLICA_FLUSH, "replica-flush"], [EV.EV_REPLAY, "replay"], [EV.EV_WORKLOAD_WRITE, "workload-write"],
  [EV.EV_WORKLOAD_READ, "workload-read"], [EV.EV_SEMI_SYNC_TIMEOUT, "semi-sync-timeout"], [EV.EV_STALL_CHECK, "stall-check"],
  [EV.EV_STATUS_INTERVAL, "status-interval"], [EV.EV_SENDER_TIMEOUT, "sender-timeout"],
  [EV.EV_RECEIVER_TIMEOUT, "receiver-timeout"], [EV.EV_RECONNECT, "reconnect"], [EV.EV_PROMOTE_DONE, "promote-done"],
  [EV.EV_WAL_WRITER, "wal-writer"], [EV.EV_CHECKPOINT, "checkpoint"], [EV.EV_FAILOVER_CHECK, "failover-check"],
  [EV.EV_READ_SERVE, "read-serve"], [EV.EV_READ_DONE, "read-done"], [EV.EV_READ_TIMEOUT, "read-timeout"],
  [EV.EV_WRITE_SERVE, "write-serve"], [EV.EV_LOGICAL, "logical"], [EV.EV_MULTI_PRIMARY, "multi-primary"],
]);

/** What a wording sees: the two snapshots, the node the event is about, the log lines it wrote. */
export interface StepContext {
  before: Snapshot;
  after: Snapshot;
  /** the node named by the event's `a` (kinds whose `a` is a node), when it exists */
  node: string | null;
  /** log lines the event wrote, oldest first */
  logged: LogEntry[];
  mysql: boolean;
  /** a log offset as the database prints it: an LSN "0/44", or a binary log position "mysql-bin.000001:72" */
  pos: (offset: number) => string;
}

type Wording = (c: StepContext, ev: RanEvent) => string;

const WORDINGS: Record<EventKindName, Wording> = {
  action: (c) => `a scheduled action of the scenario ran${c.logged.length === 0 ? " (it changed nothing on screen)" : ""}`,
  deliver: deliverWording,
  "primary-flush": (c) => {
    const p = c.node ?? "the primary";
    const to = c.pos(nodeLsn(c.after, p, "flush"));
    return c.mysql
      ? `${p} synced its binary log to ${to} — the transactions' events are on its disk; each commit now waits for its semi-sync ACK or returns`
      : `${p} flushed its WAL to ${to} — the commit records are on its disk (synchronous_commit needs at least that)`;
  },
  "replica-flush": (c) => {
    const n = c.node ?? "a replica";
    const to = c.pos(nodeLsn(c.after, n, "flush"));
    return c.mysql
      ? `${n} synced its relay log to ${to} — the events it received from ${c.after.primary ?? "the source"} are on its disk`
      : `${n} flushed WAL to ${to} — the WAL it received from ${c.after.primary ?? "the primary"} is now on its disk`;
  },
  replay: (c) => {
    const n = c.node ?? "a replica";
    const to = c.pos(nodeLsn(c.after, n, "replay"));
    return c.mysql
      ? `${n}'s SQL thread applied the relay log to ${to} — reads on ${n} now see those transactions`
      : `${n} replayed WAL to ${to} — reads on ${n} now see the changes up to there`;
  },
  "workload-write": (c) => {
    const r = newestRecord(c);
    const p = c.after.primary ?? "the primary";
    return r ? `${r} — the workload's next write; ${p} puts it in its ${c.mysql ? "binary log" : "WAL"}, and the commit waits for the flush`
      : "the workload's next write is sent to the primary";
  },
  "workload-read": () => "the workload's next read is sent (to the node its routing policy picks)",
  "semi-sync-timeout": (c) =>
    `the semi-sync wait of a commit on ${c.node ?? "the source"} ran out (rpl_semi_sync_master_timeout = ${c.after.commit.semiSync.timeoutMs} ms)`,
  "stall-check": (c) => `${c.node ?? "the primary"} checked how long its oldest commit has waited (a stall is reported past the threshold)`,
  "status-interval": (c) => c.mysql
    // A MySQL replica sends its source nothing on a timer (only semi-sync ACKs): the model's timer runs and sends nothing.
    ? `${c.node ?? "a replica"}'s reply timer came round and it sends nothing — a MySQL replica tells its source nothing but semi-sync ACKs`
    : `${c.node ?? "a standby"}'s wal_receiver_status_interval (${c.after.commit.postgres.wal_receiver_status_interval_ms} ms) came round: it sends a status reply with its positions`,
  "sender-timeout": (c) =>
    `${c.node ?? "the primary"}'s walsender checked wal_sender_timeout (${c.after.commit.postgres.wal_sender_timeout_ms} ms): a standby silent that long is disconnected`,
  "receiver-timeout": (c) =>
    `${c.node ?? "a standby"}'s walreceiver checked wal_receiver_timeout (${c.after.commit.postgres.wal_receiver_timeout_ms} ms): a primary silent that long is given up`,
  reconnect: (c) => `${c.node ?? "a standby"} tries to connect to ${c.after.primary ?? "the primary"} again (its walreceiver restarts)`,
  "promote-done": (c) => `${c.node ?? "a standby"} finished replaying what it had received: its promotion completes`,
  "wal-writer": (c) =>
    `${c.node ?? "the primary"}'s WAL writer flushed WAL to ${c.pos(nodeLsn(c.after, c.node ?? "", "flush"))} — commits made with synchronous_commit = off reach the disk this way`,
  checkpoint: (c) => `${c.node ?? "the primary"} ran a checkpoint (checkpoint_timeout): WAL that nothing needs any more may be removed`,
  "failover-check": (c) => `automatic failover checked whether ${c.node ?? "the old primary"} has been down long enough to promote a standby`,
  "read-serve": () => "a read reached its node, which answers from what it has replayed",
  "read-done": () => "a read's answer reached its client",
  "read-timeout": () => "a read waited too long for its answer and gave up",
  "write-serve": (c) => `a write reached ${c.after.primary ?? "the primary"}, which inserts it into its ${c.mysql ? "binary log" : "WAL"}`,
  logical: () => "logical replication: a subscription's decoder or apply worker took its next step",
  "multi-primary": (_c, ev) => MULTI_PRIMARY_WORDS[ev.a & 3] ?? "multi-primary: the cluster took its next step",
};

/** The multi-primary room's event codes (src/engine/multiprimary/events.ts: a = argument * 4 + code). */
const MULTI_PRIMARY_WORDS: Record<number, string> = {
  [CODE_COMMIT]: "multi-primary: a write commits locally on the node it was made on; its binary log entry goes to the other primaries",
  [CODE_DELIVER]: "multi-primary: a binary log entry arrives at another primary over its link, to be applied there",
  [CODE_ORDER]: "multi-primary: certification — the group has ordered a write; every node applies the group's log in that order",
  [CODE_APPLY]: "multi-primary: a node applies its next entry of the group's log",
};

/** The one line Step says after it ran `ev`. */
export function narrateStep(ev: RanEvent, before: Snapshot, after: Snapshot): string {
  const name = EVENT_KINDS.get(ev.kind);
  const lastSeq = before.log.at(-1)?.seq ?? -1;
  const mysql = after.commit.mode === "semiSync";
  const c: StepContext = {
    before, after, node: nodeOf(ev), mysql, pos: (offset) => formatPosition(offset, mysql ? "mysql" : "postgres"),
    logged: after.log.filter((e) => e.seq > lastSeq),
  };
  const what = name ? WORDINGS[name](c, ev) : `an event of kind ${ev.kind}`;
  const parts = [what, ...commitChanges(c), ...c.logged.map((e) => narrateLog(e, mysql ? "mysql" : "postgres"))];
  return oneLine(parts.join("; "));
}

/** The wording of a kind by its name (for the tests: every kind has one). */
export function wordingOf(name: EventKindName): Wording {
  return WORDINGS[name];
}

const NODE_KINDS: ReadonlySet<number> = new Set([
  EV.EV_PRIMARY_FLUSH, EV.EV_REPLICA_FLUSH, EV.EV_REPLAY, EV.EV_SEMI_SYNC_TIMEOUT, EV.EV_STALL_CHECK, EV.EV_STATUS_INTERVAL,
  EV.EV_SENDER_TIMEOUT, EV.EV_RECEIVER_TIMEOUT, EV.EV_RECONNECT, EV.EV_PROMOTE_DONE, EV.EV_WAL_WRITER, EV.EV_CHECKPOINT,
  EV.EV_FAILOVER_CHECK,
]);

function nodeOf(ev: RanEvent): string | null {
  return NODE_KINDS.has(ev.kind) ? ev.aNode : null;
}

function nodeLsn(s: Snapshot, name: string, which: "flush" | "replay" | "write"): number {
  return s.nodes.find((n) => n.name === name)?.lsn[which] ?? 0;
}

/** The newest record the primary's WAL gained in this event, as "session w2 writes k3=v0 at 0/44". */
function newestRecord(c: StepContext): string | null {
  const known = new Set(c.before.wal.map((r) => r.endLsn));
  const r = c.after.wal.filter((w) => !known.has(w.endLsn)).at(-1);
  return r ? `session ${r.session} writes ${r.key}=${r.value} (its record ends at ${c.pos(r.endLsn)})` : null;
}

/** The message this delivery handed over: on the wire before, gone after, due now. */
function delivered(c: StepContext): MessageView | null {
  const still = new Set(c.after.inFlight.map((m) => m.id));
  const gone = c.before.inFlight.filter((m) => !still.has(m.id) && m.arriveUs <= c.after.nowUs);
  gone.sort((x, y) => y.arriveUs - x.arriveUs);
  return gone[0] ?? null;
}

const CAUSES: Record<NonNullable<MessageView["ack"]>["cause"], string> = {
  write: "it wrote the WAL it received",
  flush: "it flushed the WAL it received",
  apply: "it replayed a commit a remote_apply commit waits for",
  status: "its wal_receiver_status_interval came round",
  reply: "the primary's keepalive asked for a reply",
  start: "streaming started",
};

function deliverWording(c: StepContext): string {
  const m = delivered(c);
  if (!m) return "a message arrived over the network";
  if (m.kind === "wal") {
    const upTo = c.pos(m.lsn);
    return c.mysql
      ? `${m.to} received binary log events up to ${upTo} from ${m.from}; its I/O thread writes them to the relay log`
      : `${m.to} received WAL up to ${upTo} from ${m.from}; its walreceiver writes it (flush follows)`;
  }
  if (m.kind === "keepalive") {
    // Standby to primary, a keepalive-kind message is the walreceiver's side of setting up a connection.
    const toPrimary = m.to === c.after.primary || m.to === c.before.primary;
    if (c.mysql) {
      return toPrimary ? `${m.to} got a connection message from ${m.from} (its I/O thread asks for the binary log)`
        : `${m.to} got a heartbeat from ${m.from} — the source tells the replica it is alive when it has nothing to send`;
    }
    return toPrimary ? `${m.to} got a connection message from ${m.from} (its walreceiver asks to stream)`
      : `${m.to} got a keepalive from ${m.from} — the walsender checks the standby is alive (and may ask it to reply)`;
  }
  const a = m.ack;
  if (!a) return `${m.to} got a reply from ${m.from}`;
  if (c.mysql && a.cause === "write") {
    return `${m.to} got ${m.from}'s semi-sync ACK for ${c.pos(a.write)} — ${m.from} wrote those events to its relay log`;
  }
  if (c.mysql) {
    // A MySQL replica sends only the semi-sync ACK (src/engine/mysql/replies.ts): any other reply
    // was sent while the run was still PostgreSQL's, before a switch to semi-sync, and the source ignores it.
    return `${m.to} got a reply ${m.from} sent before the run switched to semi-sync — the source ignores it: a MySQL replica sends only the semi-sync ACK`;
  }
  return `${m.to} got ${m.from}'s reply: write ${c.pos(a.write)}, flush ${c.pos(a.flush)}, apply ${c.pos(a.replay)} — sent because ${CAUSES[a.cause]}`;
}

/** Commits the event released, and commits it left waiting, with what they wait for. */
function commitChanges(c: StepContext): string[] {
  const out: string[] = [];
  const was = new Map(c.before.waitingCommits.map((w) => [w.writeId, w]));
  const now = new Map(c.after.waitingCommits.map((w) => [w.writeId, w]));
  const released = [...was.values()].filter((w) => !now.has(w.writeId));
  const waiting = [...now.values()].filter((w) => !was.has(w.writeId));
  if (released.length > 0) {
    const first = released[0]!;
    const more = released.length > 1 ? ` and ${released.length - 1} more` : "";
    out.push(`this releases the commit of ${first.key}${more} (it waited ${ms(c.after.nowUs - first.sinceUs)} for ${positionsIn(first.waitsFor, c.mysql ? "mysql" : "postgres")})`);
  }
  for (const w of waiting.slice(0, 2)) out.push(`the commit of ${w.key} waits — ${waitReason(c, w)}`);
  if (waiting.length > 2) out.push(`${waiting.length - 2} more commits wait`);
  return out;
}

function waitReason(c: StepContext, w: WaitingCommitView): string {
  const needs = positionsIn(w.waitsFor, c.mysql ? "mysql" : "postgres");
  return c.mysql ? `semi-sync needs ${needs}` : `synchronous_commit = ${c.after.commit.postgres.synchronous_commit} needs ${needs}`;
}

function ms(us: number): string {
  return us < 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us / 1000)} ms`;
}

