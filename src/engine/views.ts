/*
 * What the engine shows the outside world: snapshots (for the UI, many per second), the report
 * (for the CLI and outside tools) and commands (what a person or a script asks for while the
 * run goes on). Plain cloneable data: it crosses the worker boundary with structured clone.
 */
import type { Anomaly } from "./checker/consistencyChecker";
import type { Action, ActionInput, PostgresSettings, Preset, RoutingPolicy, SemiSyncSettings } from "./scenario/schema";
import type { ConflictView, DivergentKeyView, LogicalView, SubscriptionView } from "./logical/views";
import type { MpConflictView, MultiPrimaryReport, MultiPrimaryView } from "./multiprimary/views";

export type { ConflictView, DivergentKeyView, LogicalView, SubscriptionView };

export type { Anomaly, AnomalyKind } from "./checker/consistencyChecker";

/** A command is a scripted action without its time: it happens "now". Defaults apply as in a scenario file. */
export type Command = DistributiveOmit<ActionInput, "atMs">;
/** A command with its defaults filled in. */
export type ParsedCommand = DistributiveOmit<Action, "atMs">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type CommitMode = "postgres" | "semiSync";

/** The exact settings in force, whatever preset name the user clicked. */
export interface EffectiveCommit {
  preset: Preset | null;
  mode: CommitMode;
  postgres: PostgresSettings;
  semiSync: SemiSyncSettings;
  /** One sentence: what a commit waits for under these settings. */
  summary: string;
  /** MySQL's Rpl_semi_sync_master_status: false after a timeout fell back to async. */
  semiSyncActive: boolean;
}

export type NodeRole = "primary" | "replica";
/** up: running; down: crashed; promoting: replaying the rest before it becomes primary;
 *  diverged: an old primary (or replica) whose WAL forked from the current timeline. */
export type NodeState = "up" | "down" | "promoting" | "diverged";

export interface NodeView {
  name: string;
  role: NodeRole;
  state: NodeState;
  crashKind: "process" | "power" | "hang" | null;
  /** why a running node cannot do its job, e.g. "requested WAL segment has already been removed" */
  problem: string | null;
  /** acknowledged writes this replica does not hold: what promoting it now would lose */
  wouldLose: number | null;
  /** wouldLose is a lower bound: the count stopped after scanning the newest 100,000 writes */
  wouldLoseAtLeast: boolean;
  /** primary: bytes of WAL kept on disk (what slots and wal_keep_size hold back) */
  walRetainedBytes: number | null;
  timeline: number;
  /** Primary: insert and flush. Replica: write (received), flush, replay. Bytes. */
  lsn: { insert: number; write: number; flush: number; replay: number };
  /**
   * MySQL/MariaDB's Seconds_Behind_Source as the replica itself computes it (its clock minus the
   * source's timestamp of the event its SQL thread is on; 0 once it has applied its whole relay
   * log; null for NULL: caught up with the I/O thread not connected, or not a running replica), in
   * µs: SHOW REPLICA STATUS shows whole seconds. In every mode (an async run may speak MySQL).
   */
  secondsBehindSourceUs: number | null;
  config: { networkDelayMs: number; jitterMs: number; fsyncMs: number; applyDelayMs: number; lossPercent: number };
}

/** A physical replication slot on the primary, as pg_replication_slots shows it. */
export interface SlotView {
  name: string;
  restartLsn: number;
  /** reserved: its WAL is kept; unreserved: past max_slot_wal_keep_size, removed at the next checkpoint; lost: removed */
  walStatus: "reserved" | "unreserved" | "lost";
  retainedBytes: number;
}

/** Every write classed by what the client saw against what survived in the current primary's history. */
export interface Ledger {
  acknowledgedDurable: number;
  /** acknowledged, in the final primary's WAL but not yet flushed when the run ended: not lost, at risk */
  acknowledgedAtRisk: number;
  acknowledgedLost: number;
  /** failed or unanswered, but present anyway */
  unacknowledgedPresent: number;
  /** failed or unanswered, and absent */
  neverDurable: number;
}

export type WalSenderState = "startup" | "catchup" | "streaming" | "stopping";
export type SyncState = "async" | "potential" | "sync" | "quorum";

/**
 * One row of pg_stat_replication, as the current primary sees it. Lags in µs, null = NULL. In a
 * MySQL/MariaDB semi-sync run the source knows only what it sent and each replica's last semi-sync
 * ACK (writeLsn): flushLsn and replayLsn are 0 and the lags null there.
 */
export interface StandbyView {
  name: string;
  state: WalSenderState;
  sentLsn: number;
  writeLsn: number;
  flushLsn: number;
  replayLsn: number;
  writeLagUs: number | null;
  flushLagUs: number | null;
  replayLagUs: number | null;
  syncPriority: number;
  syncState: SyncState;
}

export interface LinkView {
  a: string;
  b: string;
  /** cut in the direction a→b, and b→a */
  cutAB: boolean;
  cutBA: boolean;
  delayMs: number;
}

export type MessageKind = "wal" | "ack" | "keepalive";
/**
 * Why a standby sent a reply (an "ACK"): it wrote received WAL (write), fsynced it (flush),
 * applied a commit a remote_apply commit waits for (apply), its wal_receiver_status_interval
 * came round (status), the primary asked for a reply (reply), or streaming began (start).
 * Every reply carries all three positions; the cause says which one moved it to be sent.
 */
export type AckCause = "write" | "flush" | "apply" | "status" | "reply" | "start";
export interface MessageView {
  id: number;
  kind: MessageKind;
  from: string;
  to: string;
  sentUs: number;
  arriveUs: number;
  /** wal: the end LSN carried; ack: the positions reported */
  lsn: number;
  ack?: { write: number; flush: number; replay: number; cause: AckCause };
}

/**
 * The messages in flight as columns of typed arrays: what the worker posts (transferred, not
 * copied) instead of one object per message, so a thousand dots cost microseconds to send.
 * Message i goes from names[from[i]] to names[to[i]]; kind 0 = wal, 1 = ack, 2 = keepalive.
 */
export interface InFlightColumns {
  count: number;
  names: string[];
  ids: Float64Array;
  kinds: Uint8Array;
  from: Uint8Array;
  to: Uint8Array;
  sentUs: Float64Array;
  arriveUs: Float64Array;
  lsn: Float64Array;
  ackWrite: Float64Array;
  ackFlush: Float64Array;
  ackReplay: Float64Array;
  /** the engine's FB_* number of each ACK's cause (cluster/state.ts; 0 for messages that are not ACKs) */
  ackCause: Uint8Array;
}

/** One WAL record of the current primary's log, as its tape in the picture shows it. */
export interface WalRecordView {
  /** where it starts and ends: its offsets in the log (LSNs, bytes) */
  startLsn: number;
  endLsn: number;
  writeId: number;
  key: string;
  value: string;
  session: string;
  timeline: number;
}

export interface WaitingCommitView {
  writeId: number;
  session: string;
  key: string;
  lsn: number;
  sinceUs: number;
  /** what it waits for, e.g. "flush ≥ 1234 on FIRST 1 (s1)" */
  waitsFor: string;
  /** the standbys whose confirmation would release it */
  standbys: string[];
}

export type LogKind =
  | "write-ok" | "write-failed" | "read" | "stale-read" | "ryw-violation" | "monotonic-violation" | "crash" | "restart" | "promote"
  | "partition" | "heal" | "configure" | "set" | "stall-start" | "stall-end" | "semi-sync-off"
  | "semi-sync-on" | "disconnect" | "connect" | "lost-writes" | "writes-restored" | "error";
export interface LogEntry {
  seq: number;
  atUs: number;
  kind: LogKind;
  node?: string;
  text: string;
}

export interface Totals {
  writesAttempted: number;
  writesAcknowledged: number;
  writesFailed: number;
  writesPending: number;
  reads: number;
  staleReads: number;
  readYourWritesViolations: number;
  monotonicReadViolations: number;
  lostAcknowledgedWrites: number;
}

export interface LatencyView {
  /** commit latency of acknowledged writes, µs: exact (nearest rank), not a histogram bucket's edge */
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** the latest acknowledged commits' latencies (at most 128), oldest first: a small window's exact figures */
  latestUs: number[];
  /** counts per bucket; bucket i covers [bucketEdgesUs[i], bucketEdgesUs[i+1]) */
  bucketEdgesUs: number[];
  counts: number[];
}

/** An acknowledged write that the history which won does not hold. */
export interface LostWriteView {
  writeId: number;
  key: string;
  value: string;
  session: string;
  /** the node that acknowledged it */
  node: string;
  /** when the client was told "committed", µs */
  ackUs: number;
  lsn: number;
}

export interface LossesView {
  /** every lost acknowledged write (the list holds the newest 100) */
  total: number;
  writes: LostWriteView[];
  /** every promotion: the writes it lost and its RPO (oldest lost acknowledgement to the old primary's failure) */
  failovers: { atUs: number; promoted: string; from: string; lost: number; rpoUs: number }[];
}

export interface Snapshot {
  nowUs: number;
  primary: string | null;
  commit: EffectiveCommit;
  nodes: NodeView[];
  replication: StandbyView[];
  links: LinkView[];
  inFlight: MessageView[];
  waitingCommits: WaitingCommitView[];
  totals: Totals;
  latency: LatencyView;
  slots: SlotView[];
  failover: { auto: boolean; fencing: boolean; detectMs: number };
  /** the background workload in force (a workload command changes it): its rates and how its reads are routed */
  workload: WorkloadView;
  /** which acknowledged writes were lost, and the failovers that lost them */
  losses: LossesView;
  /** the newest records of the current primary's WAL (at most 12), oldest first */
  wal: WalRecordView[];
  /**
   * MySQL/MariaDB's Rpl_semi_sync_master_yes_tx and _no_tx: commits a replica acknowledged, and
   * commits that returned without an acknowledgement (semi-sync OFF, its timeout, no replica).
   */
  semiSyncTx: { yes: number; no: number };
  /**
   * The write stall still open: some commit has waited longer than the stall threshold
   * (STALL_THRESHOLD_US, 500 ms, src/engine/commit/stalls.ts), dated from when it began; null when none.
   */
  stall: { fromUs: number; waitingFor: string } | null;
  /** log entries with seq > the sinceLogSeq asked for */
  log: LogEntry[];
  eventsProcessed: number;
  /** logical replication: present only when the run has subscribers (divergentKeys left empty: the report has them) */
  logical?: LogicalView;
  /** several primaries replicating to one another: present only in a multi-primary run (docs/multi-primary.md) */
  multiPrimary?: MultiPrimaryView;
}

export interface WorkloadView {
  writesPerSec: number;
  readsPerSec: number;
  readFrom: RoutingPolicy;
  /** each routing policy's own setting, null where the workload has not set it */
  maxLagMs: number | null;
  pinWindowMs: number | null;
  maxWaitMs: number | null;
  breakerQueueMs: number | null;
}

export interface LatencySummaryMs {
  p50: number;
  p99: number;
  max: number;
}

export interface OperationReport {
  action: number;
  op: "write" | "read";
  session: string;
  key: string;
  node: string | null;
  status: "ok" | "failed" | "pending";
  invokedMs: number;
  completedMs: number | null;
  value: string | null;
  stale: boolean;
  lsn: number | null;
}

export interface Report {
  scenario: string;
  seed: number;
  endMs: number;
  commit: EffectiveCommit;
  writes: { attempted: number; acknowledged: number; failed: number; pending: number; latencyMs: LatencySummaryMs };
  reads: {
    total: number; stale: number; readYourWritesViolations: number; monotonicReadViolations: number;
    /** per routing policy ("named node" for reads that named their node) */
    byPolicy: Record<string, {
      total: number; stale: number; readYourWritesViolations: number; monotonicReadViolations: number;
      fallbacksToPrimary: number; breakerReads: number; failed: number; meanLatencyMs: number;
    }>;
  };
  /** the first 1000 anomalies the checker found, each naming the operations that prove it */
  anomalies: Anomaly[];
  lostAcknowledgedWrites: number;
  ledger: Ledger;
  failovers: {
    atMs: number; promoted: string; from: string; automatic: boolean; lostAcknowledgedWrites: number;
    /** writes declared lost earlier that the promoted node's history holds */
    restoredWrites: number; rpoMs: number;
  }[];
  /** writes an old primary acknowledged after another node was promoted (no fencing) */
  splitBrain: { node: string; fromMs: number; acknowledgedWrites: number }[];
  /** rewinds and re-clones, with the writes their discarded WAL held */
  discarded: { atMs: number; node: string; how: "rewind" | "reclone"; fromLsn: number; writes: number; acknowledgedWrites: number }[];
  slots: SlotView[];
  stalls: { fromMs: number; toMs: number | null; waitingFor: string }[];
  nodes: {
    name: string; role: NodeRole; state: string; syncState: SyncState | null; timeline: number;
    lsn: { write: number; flush: number; replay: number };
    lagMs: { write: number | null; flush: number | null; replay: number | null };
  }[];
  operations: OperationReport[];
  /** logical replication, present only when the scenario has subscribers (docs/logical.md) */
  subscriptions?: SubscriptionView[];
  /**
   * conflicts in the order they happened (the first 1000): on the subscribers (logical
   * replication), or between the primaries of a multi-primary run (each with the two writes)
   */
  conflicts?: (ConflictView | MpConflictView)[];
  /** rows of the published tables that differ between the publisher and a caught-up subscriber; in a multi-primary run, between the primaries */
  divergentKeys?: DivergentKeyView[];
  /** a multi-primary run's nodes, channels and checker findings (docs/multi-primary.md); its conflicts are the top-level `conflicts` */
  multiPrimary?: MultiPrimaryReport;
  engine: { events: number; warnings: string[] };
}

/** One line of the `--history` file: Jepsen-style events, one invoke and one completion per operation. */
/**
 * One line of --history: a client operation's event, or an event of the cluster an outside
 * checker needs to follow a failover (docs/formats.md).
 */
export type HistoryEvent = OperationEvent | PromoteEvent | TruncateEvent | DiscardEvent | EndEvent;

export interface OperationEvent {
  /**
   * invoke, then one of ok / fail / info (outcome unknown); "lost": an acknowledged write the
   * engine found lost; "restored": a write declared lost that a later promotion brought back;
   * "pending": at the end, a write still waiting for its answer, with its LSN
   */
  type: "invoke" | "ok" | "fail" | "info" | "lost" | "restored" | "pending";
  f: "write" | "read";
  /** operation id, shared by the invoke and its completion */
  op: number;
  /** the session (Jepsen's process) */
  process: string;
  key: string;
  /** written value, or the value a read returned (null: none) */
  value: string | null;
  /** virtual time, µs */
  timeUs: number;
  node: string | null;
  /** commit LSN of a write, or the LSN of the version a read returned */
  lsn: number | null;
  timeline: number | null;
  /** read ok: the op id of the write whose value it returned (null: none) */
  writeOp?: number | null;
  /** index of the scripted action, null for workload operations */
  action: number | null;
  error?: string;
  /** e.g. PostgreSQL's "the transaction has already committed locally, but might not have been replicated" */
  warning?: string;
  /** a write's ok: an UPDATE or DELETE that matched no row (no WAL, no new version of the key) */
  unchanged?: boolean;
  /** a read's completion: the routing policy it went by ("named node" when it named its node) */
  policy?: string;
  /** a read's completion: the policy wanted a replica and sent it to the primary */
  fellBack?: boolean;
  /** a read's completion: the circuit breaker sent it to a replica instead of the primary */
  breaker?: boolean;
}

/** A standby became the primary on a new timeline, forked from its old one at `lsn`. */
export interface PromoteEvent {
  type: "promote";
  timeUs: number;
  /** the new primary */
  node: string;
  /** the primary it replaced */
  from: string;
  automatic: boolean;
  /** the new timeline */
  timeline: number;
  parentTimeline: number;
  /** the switch point: the new timeline holds the parent's WAL up to here */
  lsn: number;
}

/** A primary's crash dropped its unflushed WAL: records of `timeline` past `lsn` are gone (later ones may reuse those LSNs). */
export interface TruncateEvent {
  type: "truncate";
  timeUs: number;
  node: string;
  timeline: number;
  lsn: number;
}

/** A rewind or re-clone threw away `node`'s WAL on `timeline` from `lsn` on. */
export interface DiscardEvent {
  type: "discard";
  timeUs: number;
  node: string;
  how: "rewind" | "reclone";
  timeline: number;
  lsn: number;
  writes: number;
  acknowledgedWrites: number;
}

/**
 * The last line: the final primary, its timeline, its flushed position and the end of its WAL;
 * all four null in a multi-primary run (no one primary, no WAL positions).
 */
export interface EndEvent {
  type: "end";
  timeUs: number;
  node: string | null;
  timeline: number | null;
  /** flushed: what survives a crash */
  lsn: number | null;
  /** the end of its WAL (past `lsn`: acknowledged under synchronous_commit = off, not yet flushed) */
  insertLsn: number | null;
}
