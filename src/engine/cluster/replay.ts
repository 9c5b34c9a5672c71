/*
 * The standby's startup process: replays flushed WAL record by record, each costing
 * applyCostUs, and never a commit earlier than its commit time + recovery_min_apply_delay
 * (PostgreSQL docs, "recovery_min_apply_delay": the delay is measured from the primary's
 * commit timestamp). Replay never passes the flushed position, except during promotion, which
 * replays everything received and ignores the delay.
 */
import { EV_REPLAY } from "../core/eventKinds";
import { LEVEL_REMOTE_APPLY } from "../commit/levels";
import type { Sim } from "../simulation";
import { sendFeedback } from "./streaming";
import { FB_APPLY, type NodeRt } from "./state";

/** Schedules the next record's replay if the node is idle and has flushed WAL to replay. */
export function kickReplay(sim: Sim, node: NodeRt, promoting = false): void {
  if (node.replayBusy || (node.state !== "up" && node.state !== "promoting")) return;
  const limit = promoting ? node.writeLsn : node.flushLsn;
  if (node.replayLsn >= limit) return;
  const cur = node.replayCursor;
  if (!sim.wal.settle(cur, node.timeline) || cur.tl.start(cur.index) >= limit) return;
  node.replayBusy = true;
  const due = promoting || node.applyDelayUs === 0 ? sim.now : applyDueUs(sim, node);
  sim.queue.push(due + node.applyCostUs, EV_REPLAY, node.idx, node.epoch);
}

/** When recovery_min_apply_delay lets the record under the cursor be replayed. */
function applyDueUs(sim: Sim, node: NodeRt): number {
  const cur = node.replayCursor;
  return Math.max(sim.now, sim.writes.invokeUsOf(cur.tl.idAt(cur.index)) + node.applyDelayUs);
}

/**
 * EV_REPLAY: the record under the cursor has been replayed (by node `nodeIdx` in its epoch
 * `epoch`; a crash since then makes the event stale). Takes the event's arguments itself, so the
 * event loop calls it directly: most events of a busy run are this one.
 */
export function onReplayed(sim: Sim, nodeIdx: number, epoch: number): void {
  const node = sim.nodes[nodeIdx]!;
  if (node.epoch !== epoch) return;
  node.replayBusy = false;
  const cur = node.replayCursor;
  if (!sim.wal.settle(cur, node.timeline)) return;
  const tl = cur.tl, i = cur.index;
  const writeId = tl.idAt(i), w = sim.writes;
  // The record's end is its write's commit LSN; the timeline holding it, the write's timeline.
  node.replayLsn = w.lsnOf(writeId);
  node.kv.set(w.keyIdOf(writeId), writeId, node.replayLsn, tl.id);
  cur.index++;
  // A remote_apply commit asks the standby to report replay at once (XACT_COMPLETION_APPLY_FEEDBACK).
  if (w.levelOf(writeId) === LEVEL_REMOTE_APPLY && node.state === "up") sendFeedback(sim, node, false, FB_APPLY);
  sim.clients.reads.onReplayProgress(node);
  if (node.state === "promoting") replayedWhilePromoting(sim, node);
  else kickReplay(sim, node);
}

function replayedWhilePromoting(sim: Sim, node: NodeRt): void {
  kickReplay(sim, node, true);
  if (!node.replayBusy) sim.finishPromotionIfReplayed(node);
}
