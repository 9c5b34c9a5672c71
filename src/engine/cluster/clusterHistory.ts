/*
 * The history's cluster events: what an outside checker needs, besides the client operations,
 * to follow a failover and recompute which acknowledged writes survived (docs/formats.md):
 * promotions (the new timeline and where it forked), WAL a crashed primary dropped, WAL a
 * rewind or re-clone threw away, and at the end the final primary and its positions. Built only
 * when the run has a history hook.
 */
import type { Discard, Sim } from "../simulation";
import type { NodeRt } from "./state";
import { historyMpEnd } from "../multiprimary/history";

export function historyPromote(sim: Sim, node: NodeRt, from: NodeRt, parentTimeline: number, automatic: boolean): void {
  sim.clients.onHistory?.({ type: "promote", timeUs: sim.now, node: node.name, from: from.name, automatic,
    timeline: node.timeline.id, parentTimeline, lsn: node.timeline.switchLsn });
}

/** A primary's crash drops its WAL past `keptLsn` (nothing is said when there was none). */
export function historyTruncate(sim: Sim, node: NodeRt, keptLsn: number): void {
  sim.clients.onHistory?.({ type: "truncate", timeUs: sim.now, node: node.name, timeline: node.timeline.id, lsn: keptLsn });
}

export function historyDiscard(sim: Sim, d: Discard, timeline: number): void {
  sim.clients.onHistory?.({ type: "discard", timeUs: sim.now, node: d.node, how: d.how, timeline, lsn: d.fromLsn,
    writes: d.writes, acknowledgedWrites: d.acknowledged });
}

/**
 * The run ends: every write still waiting for its answer, with the LSN it has by now (its invoke
 * had none), then the final primary and how far its WAL reaches. Said once.
 */
export function historyEnd(sim: Sim): void {
  const onHistory = sim.clients.onHistory;
  if (!onHistory) return;
  if (sim.multiPrimary !== null) return historyMpEnd(sim.multiPrimary);
  const w = sim.writes;
  // Pending writes are never compacted away (src/engine/retention).
  for (let id = w.base; id < w.count; id++) {
    if (w.completeUsOf(id) < 0) onHistory(sim.clients.writeEvent(id, "pending"));
  }
  const p = sim.nodes[sim.primary]!;
  onHistory({ type: "end", timeUs: sim.now, node: p.name, timeline: p.timeline.id, lsn: p.flushLsn, insertLsn: p.insertLsn });
}
