/*
 * Bringing a diverged node back: pg_rewind (discard the node's WAL past the point where its
 * history left the new primary's, then follow the new primary) or a re-clone (a fresh base
 * backup). pg_rewind needs the target stopped, so a still-running old primary must be shut
 * down (crashed) first. What the discarded WAL held is counted: acknowledged writes there are
 * lost for good, and the report lists them.
 */
import { CommandError } from "../api";
import type { Sim } from "../simulation";
import type { Timeline } from "../wal/timelines";
import { historyDiscard } from "./clusterHistory";
import { createSlots } from "./retention";
import type { NodeRt } from "./state";
import { connect } from "./streaming";

function checkTarget(sim: Sim, node: NodeRt, how: string): NodeRt {
  const p = sim.nodes[sim.primary]!;
  if (node === p) throw new CommandError(`${node.name} is the primary: there is nothing to ${how} it onto`);
  if (node.state === "promoting") throw new CommandError(`${node.name} is being promoted`);
  if (node.role === "primary" && node.state === "up") {
    throw new CommandError(`${node.name} still runs as a primary: shut it down (crash it) before you ${how} it`);
  }
  return p;
}

/** Where `node`'s history leaves the primary's: WAL past this LSN is not in the primary's history. */
function divergencePoint(sim: Sim, primary: Timeline, node: Timeline): number {
  if (sim.wal.descends(primary, node)) return sim.wal.leavePoint(primary, node);
  return sim.wal.forkPoint(primary, node);
}

function nodeEnd(node: NodeRt): number {
  return Math.max(node.insertLsn, node.writeLsn, node.flushLsn);
}

export function rewind(sim: Sim, node: NodeRt): void {
  const p = checkTarget(sim, node, "rewind");
  const fork = divergencePoint(sim, p.timeline, node.timeline);
  const keep = Math.min(fork, nodeEnd(node));
  if (keep > p.flushLsn) throw new CommandError(`${node.name} is ahead of ${p.name} on the same history: nothing to rewind`);
  const lost = discardTail(sim, node, keep, "rewind");
  resetOnto(sim, node, p, keep);
  sim.kvRebuild(node);
  sim.log("restart", `${node.name} rewound to LSN ${keep} on timeline ${p.timeline.id}` +
    (lost > 0 ? `; ${lost} write(s) in its diverged WAL discarded` : ""), node.name);
  connect(sim, node);
}

export function reclone(sim: Sim, node: NodeRt): void {
  const p = checkTarget(sim, node, "re-clone");
  const fork = divergencePoint(sim, p.timeline, node.timeline);
  const lost = fork < nodeEnd(node) ? discardTail(sim, node, fork, "reclone") : 0;
  resetOnto(sim, node, p, p.flushLsn);
  sim.loadKv(node, p);
  p.slots.delete(node.idx);
  createSlots(sim, p, p.flushLsn);
  sim.log("restart", `${node.name} re-cloned from a base backup of ${p.name} at LSN ${p.flushLsn}` +
    (lost > 0 ? `; ${lost} write(s) in its old WAL discarded` : ""), node.name);
  connect(sim, node);
}

function resetOnto(sim: Sim, node: NodeRt, p: NodeRt, lsn: number): void {
  if (node.role === "primary") sim.crashPrimaryCommits(node);
  node.role = "replica";
  node.state = "up";
  node.crashKind = null;
  node.problem = null;
  node.epoch++;
  node.timeline = p.timeline;
  node.insertLsn = node.writeLsn = node.flushLsn = node.replayLsn = lsn;
  node.flushing = node.replayBusy = false;
  node.flushGen++;
  node.replayCursor = sim.wal.cursorAt(p.timeline, lsn);
  node.senders.clear();
  node.syncCandidates = null;
  node.slots.clear();
  node.upstream = p.idx;
  node.recvState = "stopped";
  node.recvConnId = 0;
}

/** Counts (and marks lost) the writes in node's WAL from `from` on. */
function discardTail(sim: Sim, node: NodeRt, from: number, how: "rewind" | "reclone"): number {
  const end = nodeEnd(node);
  const { writes, acknowledged } = sim.clients.losses.discardRange(node.timeline, from, end);
  if (writes === 0) return 0;
  const d = { atUs: sim.now, node: node.name, how, fromLsn: from, writes, acknowledged };
  sim.discards.push(d);
  historyDiscard(sim, d, node.timeline.id);
  return writes;
}
