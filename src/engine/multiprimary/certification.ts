/*
 * Certification (MySQL Group Replication in multi-primary mode, Galera Cluster): a transaction
 * runs on its own node, and at commit its write set goes to the group, which puts every write set
 * in one total order (Group Replication's Paxos-based XCom, Galera's group communication) once a
 * majority has it. Each node then certifies the write sets in that order, all reaching the same
 * verdict: a write set that touches a row some write set ordered before it changed, one its
 * transaction did not see, fails (first committer wins) and its transaction is rolled back: its
 * client gets an error (Galera: ERROR 1213 (40001) "Deadlock found when trying to get lock";
 * Group Replication: ERROR 3101 "Plugin instructed the server to rollback the current
 * transaction"). Every node applies the certified ones in the same order, so none diverges.
 * MySQL Reference Manual 20.1.1.2 (Group Replication, multi-primary) and 20.7.1 (flow of a
 * transaction); Galera Cluster documentation, "Certification-Based Replication".
 *
 * The cost shown: a commit waits a round trip to the nearest majority of the group (itself
 * included). A node that cannot reach a majority is outside the primary component and refuses
 * queries (Galera: ERROR 1047 "WSREP has not yet prepared node for application use"); it catches
 * up when it is back (Galera IST).
 * Where we simplify (docs/multi-primary.md): the order is decided at the moment the write set has
 * reached a majority and its answers are back, one round; a node applies an ordered write set no
 * earlier than that moment and its arrival from its origin, in group order; applying costs nothing;
 * a node catching up gets what it missed at once; local row locks between two transactions of one
 * node are not modelled (the second to commit fails certification instead of waiting).
 */
import { linkIndex, majority, reachable } from "./links";
import { CODE_APPLY, CODE_ORDER, pushMpEvent } from "./events";
import type { MultiPrimary } from "./multiPrimary";
import { setRow } from "./rows";
import type { MpNodeRt, MpWrite } from "./state";

export const NO_QUORUM = "ERROR 1047 (08S01): WSREP has not yet prepared node for application use";
export const CERTIFICATION_FAILED = "ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction";

/** A node inside the primary component: it can reach a majority of the group. */
export function inQuorum(mp: MultiPrimary, node: number): boolean {
  return reachable(mp.links, mp.nodes, node).length >= majority(mp.nodes.length);
}

/** The write has executed on its node: its write set goes to the group. False (refused) without a quorum. */
export function broadcast(mp: MultiPrimary, w: MpWrite): boolean {
  const members = reachable(mp.links, mp.nodes, w.node), need = majority(mp.nodes.length);
  if (members.length < need) return false;
  // the round: to the nearest need-1 other members and back
  const rtts = members.filter((j) => j !== w.node)
    .map((j) => mp.links[linkIndex(mp.nodes.length, w.node, j)]!.delayUs + mp.links[linkIndex(mp.nodes.length, j, w.node)]!.delayUs)
    .sort((a, b) => a - b);
  const round = need > 1 ? rtts[need - 2]! : 0;
  w.snapshotSeq = mp.nodes[w.node]!.appliedSeq;
  pushMpEvent(mp.sim, mp.sim.now + round, CODE_ORDER, w.id, 0);
  return true;
}

/** The group has ordered the write set: certify it. */
export function onOrdered(mp: MultiPrimary, id: number): void {
  const w = mp.writes[id]!;
  if (w.status !== "pending") return;
  // Its node went down before the group had it: the transaction is rolled back with the node, its client never answered.
  if (w.orphaned) return;
  const rowKey = `${w.table}\n${w.key}`;
  const last = mp.lastCertified.get(rowKey);
  if (last !== undefined && last >= w.snapshotSeq) {
    const winner = mp.groupLog[last]!;
    mp.conflict("certification", w, w.node, winner, `rolled back: ${mp.nodes[mp.writes[winner]!.node]!.name}'s write set ` +
      "was ordered first (first committer wins)");
    mp.finish(w, CERTIFICATION_FAILED);
    return;
  }
  w.seq = mp.groupLog.length;
  w.commitUs = mp.sim.now;
  mp.groupLog.push(id);
  mp.lastCertified.set(rowKey, w.seq);
  for (const n of mp.nodes) scheduleApply(mp, n);
}

/** When node j may apply entry e: once ordered, and once the write set has come from its origin. */
function readyAt(mp: MultiPrimary, j: number, w: MpWrite): number {
  if (w.node === j) return w.commitUs;
  return Math.max(w.commitUs, w.invokeUs + mp.links[linkIndex(mp.nodes.length, w.node, j)]!.delayUs);
}

export function scheduleApply(mp: MultiPrimary, n: MpNodeRt): void {
  if (n.applyScheduled || !n.up || n.appliedSeq >= mp.groupLog.length || !inQuorum(mp, n.idx)) return;
  const w = mp.writes[mp.groupLog[n.appliedSeq]!]!;
  n.applyScheduled = true;
  pushMpEvent(mp.sim, readyAt(mp, n.idx, w), CODE_APPLY, n.idx, n.gen);
}

export function onApply(mp: MultiPrimary, j: number, gen: number): void {
  const n = mp.nodes[j]!;
  if (n.gen !== gen) return;
  n.applyScheduled = false;
  if (!n.up || !inQuorum(mp, j)) return;
  const w = mp.writes[mp.groupLog[n.appliedSeq]!]!;
  setRow(n, w);
  n.appliedSeq++;
  if (w.node === j) mp.finish(w, null);
  scheduleApply(mp, n);
}
