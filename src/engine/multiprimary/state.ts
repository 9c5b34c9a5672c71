/*
 * The runtime state of a multi-primary cluster: its nodes with their rows and binary logs, the
 * directed links between them, each node's replication channel from every other node, the
 * certified group log (certification mode) and every write made. Plain data: a checkpoint copies
 * it like the rest of the simulation.
 */
import type { OperationReport } from "../views";

/** the row event a change is logged as (MySQL's Write_rows / Update_rows / Delete_rows) */
export type ChangeKind = "insert" | "update" | "delete";

/** A row as one node holds it. A deleted row stays as a tombstone (value null) so its stamp and writer are known. */
export interface MpRow {
  value: string | null;
  /** the commit timestamp its writer's clock gave it, µs */
  stampUs: number;
  /** the node that made the write */
  origin: number;
  /** the write (index into MultiPrimary.writes) */
  write: number;
}

export type MpWriteStatus = "pending" | "ok" | "failed";

export interface MpWrite {
  id: number;
  /** the node it was made on */
  node: number;
  session: string;
  table: string;
  /** "" until its node generates it (`generated`) */
  key: string;
  /** an insert whose key its node generates when it executes (AUTO_INCREMENT) */
  generated: boolean;
  requested: "insert" | "update" | "delete" | "upsert";
  value: string | null;
  /** what it logged; null while not executed, or when it changed nothing */
  change: ChangeKind | null;
  /** the write whose row it replaced on its own node (the before image), -1 none */
  before: number;
  invokeUs: number;
  /** the moment it took effect: the local commit, or (certification) the moment the group ordered it; -1 not yet */
  commitUs: number;
  /** when its client got the answer, -1 not yet */
  ackUs: number;
  /** its node's clock at the commit: the last-writer-wins stamp */
  stampUs: number;
  status: MpWriteStatus;
  error: string | null;
  /** its place in its node's binary log, -1 none */
  binlogIndex: number;
  /** certification: the group log entries its node had applied when it executed (its snapshot), and its place in the group log */
  snapshotSeq: number;
  seq: number;
  /** its node crashed before answering: its client never will (it may still have committed) */
  orphaned: boolean;
  /** the scripted operation it answers (null for none) */
  op: OperationReport | null;
}

export interface MpNodeRt {
  idx: number;
  name: string;
  /** clock skew, µs: the node's clock reads true time + skewUs */
  skewUs: number;
  /** one-way delay of this node's leg to the network between regions, µs */
  legUs: number;
  /** auto_increment_increment and auto_increment_offset (autoIncrement.ts) */
  autoIncrementIncrement: number;
  autoIncrementOffset: number;
  /** table -> the highest whole-number key it ever held here: the auto-increment counter follows it */
  autoIncMax: Map<string, number>;
  up: boolean;
  /** bumps when the node crashes: its scheduled events lapse */
  gen: number;
  /** table -> key -> row */
  data: Map<string, Map<string, MpRow>>;
  /** the writes made here, in commit order (its binary log; replicated changes are not logged again) */
  binlog: number[];
  writesMade: number;
  /** certification: group log entries applied here, and whether an apply is scheduled */
  appliedSeq: number;
  applyScheduled: boolean;
}

/** The connection from one node's binary log to another node (the receiver's I/O thread). */
export interface LinkRt {
  from: number;
  to: number;
  delayUs: number;
  /** the delay was set by cluster.multiPrimary.links (a node's networkDelayMs no longer changes it) */
  pinned: boolean;
  cut: boolean;
  /** bumps when the connection drops: what was in flight is lost, and fetched again on reconnect */
  gen: number;
  /** FIFO: nothing arrives before what was sent earlier on the link */
  lastArriveUs: number;
  /** entries of the sender's binary log sent on this connection (everything before arrived or is in flight) */
  shipped: number;
}

export type ChannelState = "running" | "stopped";

/** A node's replication channel from one source (MySQL multi-source: one per source; its SQL thread). */
export interface ChannelRt {
  source: number;
  node: number;
  /** entries of the source's binary log that reached this node (its relay log) */
  arrived: number;
  /** entries applied or skipped */
  applied: number;
  state: ChannelState;
  /** Last_SQL_Errno / Last_SQL_Error: kept after START REPLICA; only RESET REPLICA clears them (MySQL Reference Manual, replication_applier_status_by_coordinator) */
  lastErrno: number;
  lastError: string | null;
  lastErrorUs: number;
  errorCount: number;
}

export type MpConflictKind =
  | "insert_exists" | "update_missing" | "delete_missing" | "update_differs" | "delete_differs"
  | "stamp_older" | "stamp_newer" | "certification";

export interface MpConflict {
  kind: MpConflictKind;
  table: string;
  key: string;
  /** where it was decided */
  node: string;
  atUs: number;
  /** the incoming (or losing) write, and the row's write it met (-1 none) */
  write: number;
  other: number;
  resolution: string;
}
