/*
 * Streaming replication: connection set-up, WAL shipping from the primary's walsenders and
 * the standby's walreceiver (write, then fsync) and status feedback. Replay is in replay.ts.
 * In a MySQL/MariaDB (semi-sync) run the same connection carries binary log events, and the
 * replica sends back only the semi-sync ACK; the source sends heartbeats (src/engine/mysql/replies.ts).
 * PostgreSQL ships WAL only once it is flushed on the primary (walsender sends up to
 * GetFlushRecPtr), and a standby reports write/flush/replay after each write and each flush.
 */
import {
  EV_RECEIVER_TIMEOUT, EV_RECONNECT, EV_REPLICA_FLUSH, EV_SENDER_TIMEOUT, EV_STATUS_INTERVAL,
} from "../core/eventKinds";
import type { Sim } from "../simulation";
import { LagTracker, NO_LAG } from "./lagTracker";
import { onFeedback } from "./feedback";
import { send } from "./network";
import { kickReplay } from "./replay";
import { walRemovedError } from "./retention";
import { heartbeatCheck, mysqlReplicaSends } from "../mysql/replies";
import {
  FB_FLUSH, FB_PING_REPLY, FB_START, FB_STATUS, FB_WRITE, MSG_CLOSE, MSG_CONNECT, MSG_CONNECTED, MSG_FEEDBACK, MSG_KEEPALIVE,
  MSG_REFUSED, MSG_WAL, type Msg, type NodeRt, type SenderRt,
} from "./state";
import { timerUs } from "../core/units";

/** wal_retrieve_retry_interval: how long a standby waits before it tries to connect again. */
export const RETRY_INTERVAL_US = 5_000_000;

/** A standby asks its upstream for everything after its flush position. */
export function connect(sim: Sim, node: NodeRt): void {
  if (node.state !== "up" || node.role !== "replica" || node.upstream < 0) return;
  node.recvConnId = sim.nextConnId++;
  node.recvState = "connecting";
  node.lastRecvUs = sim.now;
  const m = send(sim, node.idx, node.upstream, MSG_CONNECT, node.recvConnId);
  m.start = node.flushLsn;
  m.replay = node.replayLsn;
  m.timeline = node.timeline.id;
}

export function scheduleReconnect(sim: Sim, node: NodeRt): void {
  node.recvState = "stopped";
  node.recvConnId = 0;
  sim.queue.push(sim.now + RETRY_INTERVAL_US, EV_RECONNECT, node.idx, node.epoch);
}

export function receive(sim: Sim, msg: Msg): void {
  const node = sim.nodes[msg.to]!;
  if (node.state === "down" || node.removed) return;
  switch (msg.kind) {
    case MSG_CONNECT: return acceptConnection(sim, node, msg);
    case MSG_FEEDBACK: return onFeedback(sim, node, msg);
    case MSG_CLOSE: return onClose(sim, node, msg);
    default: return onUpstreamMessage(sim, node, msg);
  }
}

function acceptConnection(sim: Sim, primary: NodeRt, msg: Msg): void {
  const standby = sim.nodes[msg.from]!;
  const refuse = (reason: string) => { send(sim, primary.idx, standby.idx, MSG_REFUSED, msg.connId).reason = reason; };
  if (primary.role !== "primary" || primary.state !== "up") return refuse("the server is not a primary");
  const tl = sim.wal.get(msg.timeline);
  // Stream from the standby's flush position, or from the switch point if its WAL runs past it.
  const start = Math.min(msg.start, sim.wal.leavePoint(primary.timeline, tl));
  const problem = sim.canStreamFrom(primary, tl, msg.replay, msg.start) ?? walRemovedError(primary, start);
  if (problem) return refuse(problem);
  const old = primary.senders.get(standby.idx);
  if (old) sim.dropSender(primary, old, "replaced by a new connection");
  const sender: SenderRt = {
    standby: standby.idx, connId: msg.connId, state: "catchup", sentLsn: start,
    writeLsn: 0, flushLsn: 0, replayLsn: 0, reported: false,
    writeLagUs: NO_LAG, flushLagUs: NO_LAG, replayLagUs: NO_LAG, lag: new LagTracker(), lastReplyUs: sim.now,
    caughtUpReplies: 0, priority: sim.standbyPriority(standby.name),
  };
  primary.senders.set(standby.idx, sender);
  primary.syncCandidates = null;
  const ok = send(sim, primary.idx, standby.idx, MSG_CONNECTED, msg.connId);
  ok.timeline = primary.timeline.id;
  ok.start = start;
  streamTo(sim, primary, sender);
  scheduleSenderTimeout(sim, primary, sender);
  sim.log("connect", `${standby.name} connected to ${primary.name} (streaming from LSN ${start})`, standby.name);
}

/** Sends a standby every flushed byte it has not been sent. */
export function streamTo(sim: Sim, primary: NodeRt, s: SenderRt): void {
  const removed = walRemovedError(primary, s.sentLsn);
  if (removed) return sim.dropSender(primary, s, removed);
  if (s.sentLsn < primary.flushLsn) {
    const m = send(sim, primary.idx, s.standby, MSG_WAL, s.connId);
    m.start = s.sentLsn;
    m.end = primary.flushLsn;
    m.timeline = primary.timeline.id;
    s.sentLsn = primary.flushLsn;
  }
  // The walsender leaves catch-up once it has sent everything (WalSndCaughtUp).
  if (s.state === "catchup") {
    s.state = "streaming";
    primary.syncCandidates = null;
    sim.onSyncCandidatesChanged(primary);
  }
}

export function streamAll(sim: Sim, primary: NodeRt): void {
  // An array rather than the map's iterator: no iterator object at every flush. One dropped on
  // the way (streamTo drops a walsender whose WAL is gone) is skipped, as a map's loop would.
  for (const s of primary.senders.all()) {
    if (primary.senders.get(s.standby) !== s) continue;
    s.lag.record(primary.flushLsn, sim.now);
    streamTo(sim, primary, s);
  }
}

function onUpstreamMessage(sim: Sim, node: NodeRt, msg: Msg): void {
  if (msg.connId !== node.recvConnId || node.role !== "replica") return;
  node.lastRecvUs = sim.now;
  switch (msg.kind) {
    case MSG_REFUSED:
      sim.log("disconnect", `${node.name}: could not stream from ${sim.nodes[msg.from]!.name}: ${msg.reason}`, node.name);
      if (msg.reason.startsWith("diverged")) {
        node.state = "diverged";
        node.problem = `${msg.reason}; it needs a rewind or a re-clone`;
        node.recvState = "stopped";
        return;
      }
      node.problem = msg.reason;
      return scheduleReconnect(sim, node);
    case MSG_CONNECTED:
      if (!followTimeline(sim, node, sim.wal.get(msg.timeline))) return;
      node.recvState = "streaming";
      node.problem = null;
      scheduleStatusReply(sim, node, node.recvConnId);
      scheduleReceiverTimeout(sim, node);
      // The walreceiver reports its positions as soon as streaming starts.
      sendFeedback(sim, node, false, FB_START);
      return;
    case MSG_WAL:
      if (msg.end > node.writeLsn) node.writeLsn = msg.end;
      sendFeedback(sim, node, false, FB_WRITE);
      requestReplicaFlush(sim, node);
      return;
    case MSG_KEEPALIVE:
      if (msg.replyRequested) sendFeedback(sim, node, false, FB_PING_REPLY);
      return;
  }
}

/**
 * The standby switches to the primary's timeline. Replay may have moved on since it asked, so
 * the startup process checks again: replayed past the switch point means diverged. WAL received
 * past the switch point (not replayed) is replaced by the new timeline's.
 */
function followTimeline(sim: Sim, node: NodeRt, tl: NodeRt["timeline"]): boolean {
  const leaves = sim.wal.leavePoint(tl, node.timeline);
  if (!(node.replayLsn <= leaves)) {
    node.state = "diverged";
    node.recvState = "stopped";
    node.problem = `diverged: new timeline ${tl.id} forked off this server's timeline ${node.timeline.id} before its ` +
      `recovery point ${node.replayLsn}; it needs a rewind or a re-clone`;
    sim.log("disconnect", `${node.name}: ${node.problem}`, node.name);
    if (node.upstream >= 0) sendClose(sim, node.idx, node.upstream, node.recvConnId, "standby diverged");
    node.recvConnId = 0;
    return false;
  }
  const switching = tl !== node.timeline;
  node.timeline = tl;
  // WAL up to the switch point is shared history and stays; past it, the old timeline's is dropped.
  const keep = Math.min(node.writeLsn, leaves);
  if (node.writeLsn > keep) {
    node.writeLsn = node.insertLsn = keep;
    if (node.flushLsn > keep) node.flushLsn = keep;
    node.flushing = false;
    node.flushGen++;
  }
  if (switching) {
    // Replay continues on the new timeline's records from where it stands.
    node.epoch++;
    node.replayBusy = false;
    node.replayCursor = sim.wal.cursorAt(tl, node.replayLsn);
    kickReplay(sim, node);
  }
  return true;
}

function onClose(sim: Sim, node: NodeRt, msg: Msg): void {
  if (node.role === "replica" && msg.connId === node.recvConnId) {
    sim.log("disconnect", `${node.name}: connection to ${sim.nodes[msg.from]!.name} closed (${msg.reason})`, node.name);
    scheduleReconnect(sim, node);
  } else if (node.role === "primary") {
    const s = node.senders.get(msg.from);
    if (s && s.connId === msg.connId) sim.dropSender(node, s, msg.reason);
  }
}

/** Tells the other end that a connection is closed, as the OS does when a process dies. */
export function sendClose(sim: Sim, from: number, to: number, connId: number, reason: string): void {
  send(sim, from, to, MSG_CLOSE, connId).reason = reason;
}

export function sendFeedback(sim: Sim, node: NodeRt, replyRequested: boolean, cause: number): void {
  // Replies go only over an established stream: positions sent before it would describe another history.
  if (node.recvState !== "streaming" || node.upstream < 0) return;
  // A MySQL/MariaDB replica sends back only the semi-sync ACK (mysql/replies.ts).
  if (sim.commit.mode === "semiSync" && !mysqlReplicaSends(cause)) return;
  const m = send(sim, node.idx, node.upstream, MSG_FEEDBACK, node.recvConnId);
  m.write = node.writeLsn;
  m.flush = node.flushLsn;
  m.replay = node.replayLsn;
  m.replyRequested = replyRequested;
  m.cause = cause;
}

export function requestReplicaFlush(sim: Sim, node: NodeRt): void {
  if (node.flushing || node.writeLsn <= node.flushLsn) return;
  node.flushing = true;
  node.flushTarget = node.writeLsn;
  sim.queue.push(sim.now + node.fsyncUs, EV_REPLICA_FLUSH, node.idx, node.flushGen);
}

export function onReplicaFlushed(sim: Sim, node: NodeRt): void {
  node.flushing = false;
  if (node.flushTarget > node.flushLsn) node.flushLsn = node.flushTarget;
  sendFeedback(sim, node, false, FB_FLUSH);
  kickReplay(sim, node);
  requestReplicaFlush(sim, node);
}

/** wal_receiver_status_interval: a reply at least this often, even when idle. */
export function onStatusInterval(sim: Sim, node: NodeRt, connId: number): void {
  if (node.state !== "up" || node.recvConnId !== connId) return;
  if (timerUs(sim.commit.postgres.wal_receiver_status_interval_ms) > 0) sendFeedback(sim, node, false, FB_STATUS);
  scheduleStatusReply(sim, node, connId);
}

/** 0 disables the periodic replies (PostgreSQL docs); the timer then looks again each second, in case it is set. */
function scheduleStatusReply(sim: Sim, node: NodeRt, connId: number): void {
  const every = timerUs(sim.commit.postgres.wal_receiver_status_interval_ms);
  sim.queue.push(sim.now + (every > 0 ? every : 1_000_000), EV_STATUS_INTERVAL, node.idx, connId);
}

/*
 * wal_sender_timeout / wal_receiver_timeout. Each side pings the other (a keepalive asking for a
 * reply) once half the timeout has passed in silence, and gives the connection up at the full
 * timeout. This is how a hung, powered-off or cut-off peer is found: there is no FIN to read.
 */
export function scheduleSenderTimeout(sim: Sim, primary: NodeRt, s: SenderRt): void {
  const t = timerUs(sim.commit.postgres.wal_sender_timeout_ms);
  // Not before now: a primary resuming after a hang longer than half the timeout checks at once.
  if (t > 0) sim.queue.push(Math.max(sim.now, s.lastReplyUs + half(t)), EV_SENDER_TIMEOUT, primary.idx, s.standby);
}

/**
 * Half a timeout in whole µs, rounded up: checks are scheduled at it and compare silence with
 * it, so a check always finds the half passed (rounding down would re-check forever).
 */
function half(t: number): number {
  return Math.ceil(t / 2);
}

export function onSenderTimeout(sim: Sim, primary: NodeRt, standby: number): void {
  const s = primary.senders.get(standby);
  const t = timerUs(sim.commit.postgres.wal_sender_timeout_ms);
  if (!s || primary.state !== "up" || t <= 0) return;
  if (sim.commit.mode === "semiSync") {
    return heartbeatCheck(sim, primary, s, half(t), (at) => sim.queue.push(at, EV_SENDER_TIMEOUT, primary.idx, standby));
  }
  const silent = sim.now - s.lastReplyUs;
  if (silent >= t) {
    sim.dropSender(primary, s, `terminating walsender process due to replication timeout (wal_sender_timeout = ${t / 1000} ms)`);
    return;
  }
  if (silent >= half(t)) {
    send(sim, primary.idx, standby, MSG_KEEPALIVE, s.connId).replyRequested = true;
    sim.queue.push(s.lastReplyUs + t, EV_SENDER_TIMEOUT, primary.idx, standby);
  } else {
    sim.queue.push(s.lastReplyUs + half(t), EV_SENDER_TIMEOUT, primary.idx, standby);
  }
}

export function scheduleReceiverTimeout(sim: Sim, node: NodeRt): void {
  const t = timerUs(sim.commit.postgres.wal_receiver_timeout_ms);
  if (t > 0) sim.queue.push(node.lastRecvUs + half(t), EV_RECEIVER_TIMEOUT, node.idx, node.recvConnId);
}

export function onReceiverTimeout(sim: Sim, node: NodeRt, connId: number): void {
  const t = timerUs(sim.commit.postgres.wal_receiver_timeout_ms);
  if (node.state !== "up" || node.recvConnId !== connId || t <= 0) return;
  const silent = sim.now - node.lastRecvUs;
  if (silent >= t) {
    sim.log("disconnect", `${node.name}: terminating walreceiver due to timeout (wal_receiver_timeout = ${t / 1000} ms)`, node.name);
    // The exiting walreceiver closes its socket: the primary hears of it if that direction works.
    if (node.upstream >= 0) sendClose(sim, node.idx, node.upstream, connId, "walreceiver terminated (wal_receiver_timeout)");
    scheduleReconnect(sim, node);
    return;
  }
  if (silent >= half(t)) sendFeedback(sim, node, true, FB_STATUS);
  sim.queue.push(node.lastRecvUs + (silent >= half(t) ? t : half(t)), EV_RECEIVER_TIMEOUT, node.idx, connId);
}

/** The primary answers a standby's ping. */
export function answerPing(sim: Sim, primary: NodeRt, s: SenderRt): void {
  send(sim, primary.idx, s.standby, MSG_KEEPALIVE, s.connId);
}
