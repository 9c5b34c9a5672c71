/*
 * The runtime state of logical replication: one subscription per subscriber, each with its
 * logical slot on the publisher (pg_replication_slots), its walsender's decoding position, the
 * transactions on the wire, the apply worker's queue and the subscriber's own tables. Plain
 * data: a checkpoint copies it like the rest of the simulation.
 */
import type { WalCursor } from "../wal/timelines";
import type { Fifo } from "./fifo";

/** A decoded transaction (or, writeId -1, a keepalive) travelling to the subscriber. */
export interface WireItem {
  arriveUs: number;
  /** the write whose record this is; -1 for a keepalive */
  writeId: number;
  /** the transaction's finish LSN (the end of its record), or the keepalive's position */
  endLsn: number;
  /** when the publisher committed it (for the apply lag) */
  commitUs: number;
}

/** The subscriber's confirmation of a position, travelling back to the publisher's walsender. */
export interface Feedback {
  arriveUs: number;
  lsn: number;
}

/** pg_replication_slots (and pg_stat_replication_slots) for one logical slot. */
export interface LogicalSlot {
  name: string;
  restartLsn: number;
  confirmedFlushLsn: number;
  /** invalidated by max_slot_wal_keep_size (wal_status lost) */
  lost: boolean;
  /** a walsender uses it now */
  active: boolean;
  totalTxns: number;
  totalBytes: number;
  spillTxns: number;
  spillBytes: number;
  streamTxns: number;
  streamBytes: number;
}

export type SubscriptionState = "connecting" | "copying" | "streaming" | "error" | "disabled" | "down" | "dropped";

export interface ConflictRt {
  kind: "insert_exists" | "update_missing" | "delete_missing";
  table: string;
  key: string;
  node: string;
  atUs: number;
  /** the transaction's finish LSN on the publisher */
  lsn: number;
  localValue: string | null;
  remoteValue: string | null;
  resolution: string;
}

export interface SubscriptionRt {
  idx: number;
  name: string;
  tables: Set<string>;
  copyData: boolean;
  disableOnError: boolean;
  streaming: boolean;
  delayUs: number;
  applyCostUs: number;
  /** the publisher: the node that was primary when the subscription was created */
  publisher: number;
  state: SubscriptionState;
  /** subenabled */
  enabled: boolean;
  /** the subscriber's server runs */
  up: boolean;
  /** bumps whenever the apply worker (and its walsender) stops: their scheduled events lapse */
  gen: number;
  slot: LogicalSlot | null;
  /** the walsender: where it decodes next, and until when it is busy decoding */
  cursor: WalCursor | null;
  decoderFreeUs: number;
  /** FIFO link: nothing arrives before what was sent earlier */
  lastArriveUs: number;
  wire: Fifo<WireItem>;
  feedback: Fifo<Feedback>;
  lastFeedbackArriveUs: number;
  /** received, waiting for the apply worker */
  applyQueue: Fifo<WireItem>;
  applying: boolean;
  /** a keepalive's position to confirm once the queue has drained (-1 none) */
  keepaliveLsn: number;
  /** the replication origin's progress: the finish LSN of the last transaction applied (or skipped) */
  appliedLsn: number;
  /** the subscriber's tables: table -> key -> value */
  data: Map<string, Map<string, string>>;
  lastError: string | null;
  lastErrorUs: number;
  /** pg_stat_subscription_stats */
  applyErrorCount: number;
  syncErrorCount: number;
  /** subskiplsn (0: none) */
  skipLsn: number;
  /** the finish LSN of the transaction the last apply error stopped at (0: none) */
  failingLsn: number;
  /** the conflict the apply worker is stuck on (index into the conflicts), -1 none */
  failingConflict: number;
  /** commit-to-apply time of the last transaction applied, and the largest seen, µs (-1: none yet) */
  applyLagUs: number;
  maxApplyLagUs: number;
  appliedTxns: number;
  copiedRows: number;
}
