/*
 * What a MySQL/MariaDB replica sends its source, and what the source does with it. Unlike a
 * PostgreSQL walreceiver, which reports its write, flush and replay positions after each write,
 * each fsync and every wal_receiver_status_interval, a MySQL replica's I/O thread sends nothing
 * back but the semi-sync ACK: the binary log file and position of the event it has written to
 * its relay log, for a transaction the source asked an ACK for (MySQL reference manual,
 * "Semisynchronous Replication"; MariaDB KB, "Semisynchronous Replication": the replica
 * acknowledges once it has received the events and written them to its relay log;
 * REAL-BEHAVIOUR.md: a replica with a 4 s apply delay ACKs at once). In this model every replica
 * of a semi-sync run has semi-sync enabled (rpl_semi_sync_slave_enabled), so each ACKs.
 *
 * So the source knows, per replica, only the last position it ACKed and when: no flush or apply
 * position, no lags (SHOW REPLICA STATUS is computed on the replica: replicaStatus.ts). Liveness
 * is the source's heartbeat (MASTER_HEARTBEAT_PERIOD, by default half of slave_net_timeout), sent
 * when the connection has been quiet: the replica resets its own timeout on it and never answers.
 * The source gives a replica's connection up only when TCP does (the process died, or a new
 * connection from the same replica replaces it), not for silence.
 */
import { maybeSemiSyncOn, releaseSemiSyncWaiters } from "../commit/commitPath";
import { advanceSlot } from "../cluster/retention";
import { FB_WRITE, MSG_KEEPALIVE, type Msg, type NodeRt, type SenderRt } from "../cluster/state";
import { send } from "../cluster/network";
import type { Sim } from "../simulation";

/** A MySQL replica sends only the ACK of events written to its relay log; every other PostgreSQL reply it keeps to itself. */
export function mysqlReplicaSends(cause: number): boolean {
  return cause === FB_WRITE;
}

/** The source receives a semi-sync ACK: the position it confirms may release waiting commits or switch semi-sync back ON. */
export function onSemiSyncAck(sim: Sim, primary: NodeRt, s: SenderRt, msg: Msg): void {
  // A PostgreSQL reply still in flight when the run switched to semi-sync is no ACK: ignored.
  if (!mysqlReplicaSends(msg.cause)) return;
  s.lastReplyUs = sim.now;
  s.reported = true;
  if (msg.write > s.writeLsn) s.writeLsn = msg.write;
  // MySQL has no replication slots (binary logs are purged by age); a slot the scenario asked
  // for follows the one position the source knows, so it never holds back more than that.
  advanceSlot(primary, s.standby, s.writeLsn);
  maybeSemiSyncOn(sim, primary, s.writeLsn);
  if (sim.commit.semiSyncActive) releaseSemiSyncWaiters(sim, primary);
}

/**
 * The dump thread's heartbeat check, at half the timeout of quiet: it sends a heartbeat event
 * (asking no answer) and looks again half a timeout later. It never drops the replica: a MySQL
 * source has no reply to miss.
 */
export function heartbeatCheck(sim: Sim, primary: NodeRt, s: SenderRt, halfUs: number, due: (at: number) => void): void {
  if (sim.now - s.lastReplyUs >= halfUs) {
    send(sim, primary.idx, s.standby, MSG_KEEPALIVE, s.connId);
    // Quiet is counted from the heartbeat on: the next one goes half a timeout later.
    s.lastReplyUs = sim.now;
  }
  due(s.lastReplyUs + halfUs);
}
