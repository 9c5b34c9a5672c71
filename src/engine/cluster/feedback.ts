/*
 * The primary's walsender handling a standby's reply (PostgreSQL's ProcessStandbyReplyMessage):
 * the positions it reports, the lags, the slot, and what the reply releases: commits waiting
 * for synchronous standbys. A MySQL/MariaDB source hears only semi-sync ACKs (mysql/replies.ts).
 */
import { releaseSyncWaiters, replyMayRelease } from "../commit/commitPath";
import { onSemiSyncAck } from "../mysql/replies";
import type { Sim } from "../simulation";
import { NO_LAG } from "./lagTracker";
import { advanceSlot } from "./retention";
import type { Msg, NodeRt } from "./state";
import { answerPing } from "./streaming";

export function onFeedback(sim: Sim, primary: NodeRt, msg: Msg): void {
  const s = primary.senders.get(msg.from);
  if (!s || s.connId !== msg.connId || primary.role !== "primary") return;
  // A MySQL/MariaDB source hears only semi-sync ACKs, and learns nothing else from them.
  if (sim.commit.mode === "semiSync") return onSemiSyncAck(sim, primary, s, msg);
  s.lastReplyUs = sim.now;
  if (!s.reported) { s.reported = true; primary.syncCandidates = null; }
  if (msg.write > s.writeLsn) s.writeLsn = msg.write;
  if (msg.flush > s.flushLsn) s.flushLsn = msg.flush;
  if (msg.replay > s.replayLsn) s.replayLsn = msg.replay;
  // Every reply updates the lags; "no new information" keeps the last value (walsender.c).
  const write = s.lag.read(0, s.writeLsn, sim.now), flush = s.lag.read(1, s.flushLsn, sim.now);
  const replay = s.lag.read(2, s.replayLsn, sim.now);
  if (write !== NO_LAG) s.writeLagUs = write;
  if (flush !== NO_LAG) s.flushLagUs = flush;
  if (replay !== NO_LAG) s.replayLagUs = replay;
  advanceSlot(primary, s.standby, s.flushLsn);
  // Fully replayed in two replies in a row: the lags are forgotten and show NULL (walsender.c).
  if (msg.replay >= s.sentLsn && msg.replay >= primary.flushLsn) {
    if (++s.caughtUpReplies >= 2) s.writeLagUs = s.flushLagUs = s.replayLagUs = NO_LAG;
  } else s.caughtUpReplies = 0;
  if (msg.replyRequested) answerPing(sim, primary, s);
  if (s.priority > 0 && replyMayRelease(sim, primary, s)) releaseSyncWaiters(sim, primary);
}
