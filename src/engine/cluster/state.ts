/*
 * The runtime state of nodes, replication connections and messages. Names follow PostgreSQL:
 * a primary runs one walsender per standby, a standby runs a walreceiver (write/flush) and the
 * startup process (replay).
 */
import type { Timeline, WalCursor } from "../wal/timelines";
import type { IdQueue } from "../clients/writeTable";
import type { KvStore } from "./kvStore";
import type { LagTracker } from "./lagTracker";

export interface NodeRt {
  idx: number;
  name: string;
  role: "primary" | "replica";
  state: "up" | "down" | "promoting" | "diverged";
  removed: boolean;
  crashKind: "process" | "power" | "hang" | null;
  /** why a running node cannot do its job (shown in the UI), or null */
  problem: string | null;
  timeline: Timeline;
  /** WAL positions. A primary's write equals its insert; a replica's insert equals its write. */
  insertLsn: number;
  writeLsn: number;
  flushLsn: number;
  replayLsn: number;
  delayUs: number;
  jitterUs: number;
  fsyncUs: number;
  applyDelayUs: number;
  applyCostUs: number;
  lossPercent: number;
  /** capacity: operations per second served (0 = unlimited), waiting operations allowed, busy until */
  opsPerSec: number;
  maxConnections: number;
  busyUntilUs: number;
  /** wants a physical replication slot on its primary */
  wantsSlot: boolean;
  /** an fsync in progress and the LSN it will make durable */
  flushing: boolean;
  flushTarget: number;
  /** bumps when a pending fsync is abandoned (crash, WAL replaced after a timeline switch) */
  flushGen: number;
  /** bumps on every crash/restart, so events scheduled before are recognised as stale */
  epoch: number;
  /** replica: node it streams from (-1 none), the connection and when it last heard from it */
  upstream: number;
  recvConnId: number;
  recvState: "stopped" | "connecting" | "streaming";
  lastRecvUs: number;
  replayCursor: WalCursor;
  replayBusy: boolean;
  /** visible data: key id -> write id */
  kv: KvStore;
  /** primary: one walsender per connected standby, by standby node index */
  senders: Senders;
  /** primary: a WAL writer flush is scheduled (synchronous_commit = off) */
  walWriterPending: boolean;
  /** primary: commits waiting for the local flush, in LSN order */
  flushWaiters: IdQueue;
  /** primary: commits waiting for standbys, per level (remote_write, on, remote_apply), in LSN order */
  syncWaiters: [IdQueue, IdQueue, IdQueue];
  /** primary: commits waiting for semi-sync ACKs */
  semiWaiters: IdQueue;
  /** primary: when the pending stall check fires (-1 none) */
  stallCheckAt: number;
  /** primary: the oldest WAL still on disk; older segments were removed by a checkpoint */
  oldestLsn: number;
  /** primary: sync candidates in priority order, or null when they must be worked out again */
  syncCandidates: SenderRt[] | null;
  /** primary: physical replication slots, by standby node index */
  slots: Map<number, SlotRt>;
}

export interface SlotRt {
  standby: number;
  restartLsn: number;
  lost: boolean;
}

export interface SenderRt {
  standby: number;
  connId: number;
  state: "startup" | "catchup" | "streaming" | "stopping";
  sentLsn: number;
  writeLsn: number;
  flushLsn: number;
  replayLsn: number;
  /** lags in µs, NO_LAG (-1) for pg_stat_replication's NULL */
  writeLagUs: number;
  flushLagUs: number;
  replayLagUs: number;
  lag: LagTracker;
  lastReplyUs: number;
  /** replies in a row reporting everything replayed: the second clears the lags, as PostgreSQL does */
  caughtUpReplies: number;
  priority: number;
  /** the standby has replied at least once: until then its positions are unknown (NULL) and it is no sync candidate */
  reported: boolean;
}

export const MSG_WAL = 1, MSG_FEEDBACK = 2, MSG_KEEPALIVE = 3, MSG_CONNECT = 4, MSG_CONNECTED = 5,
  MSG_REFUSED = 6, MSG_CLOSE = 7;

export interface Msg {
  readonly id: number;
  readonly kind: number;
  readonly from: number;
  readonly to: number;
  readonly connId: number;
  readonly sentUs: number;
  /**
   * when the sender last (re)transmitted it: sentUs, or later when lost packets were resent. A
   * sender that loses power before then never sends it: powerOff drops it (and what follows it).
   */
  resentUs: number;
  arriveUs: number;
  /** WAL: [start, end) on timeline; CONNECT: start = requested LSN */
  start: number;
  end: number;
  timeline: number;
  /** FEEDBACK: the standby's positions */
  write: number;
  flush: number;
  replay: number;
  replyRequested: boolean;
  /** FEEDBACK: why the standby sent this reply (FB_* below), for the picture's ACK labels */
  cause: number;
  reason: string;
}

/*
 * Why a standby reply was sent. PostgreSQL's walreceiver replies after writing received WAL
 * (XLogWalRcvSendReply after XLogWalRcvWrite), after fsyncing it (XLogWalRcvFlush), when the
 * startup process has applied a commit a remote_apply commit waits for, every
 * wal_receiver_status_interval, and when the primary asks for a reply (a keepalive with
 * replyRequested). Every reply carries all three positions; the cause says which one it is about.
 */
export const FB_WRITE = 0, FB_FLUSH = 1, FB_APPLY = 2, FB_STATUS = 3, FB_PING_REPLY = 4, FB_START = 5;

/**
 * A primary's walsenders by standby node index: a map (views and loops see them in connection
 * order) whose get() reads an array instead, as every standby reply looks its walsender up, and
 * which keeps them in an array too, for the loop over them at every WAL flush.
 */
export class Senders {
  private readonly map = new Map<number, SenderRt>();
  private byStandby: (SenderRt | undefined)[] = [];
  private list: SenderRt[] = [];

  get size(): number {
    return this.map.size;
  }

  get(standby: number): SenderRt | undefined {
    return standby < this.byStandby.length ? this.byStandby[standby] : undefined;
  }

  set(standby: number, s: SenderRt): void {
    this.map.set(standby, s);
    while (this.byStandby.length <= standby) this.byStandby.push(undefined);
    this.byStandby[standby] = s;
    this.list = [...this.map.values()];
  }

  delete(standby: number): void {
    this.map.delete(standby);
    if (standby < this.byStandby.length) this.byStandby[standby] = undefined;
    this.list = [...this.map.values()];
  }

  clear(): void {
    this.map.clear();
    this.byStandby = [];
    this.list = [];
  }

  values(): IterableIterator<SenderRt> {
    return this.map.values();
  }

  /** the walsenders in connection order, as an array that stays as it is while they change */
  all(): readonly SenderRt[] {
    return this.list;
  }
}
