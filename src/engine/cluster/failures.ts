/*
 * What a person or a script does to the cluster: crash (process crash or power loss), restart,
 * promote, cut and heal links, change a node's delays, reconfigure commits, add and remove
 * replicas. Client operations (write, read) and workload changes go to the clients module.
 *
 * Crash semantics (DESIGN.md): a process crash keeps what was fsynced and what sits in the OS
 * page cache; a power loss keeps only what was fsynced. PostgreSQL's primary writes WAL and
 * fsyncs it in one go at commit, so for the primary both lose exactly the unflushed WAL; for a
 * standby they differ: a process crash keeps received-but-unflushed WAL, a power loss drops it.
 */
import { CommandError } from "../api";
import { MAX_NODES_CREATED, MAX_REPLICAS } from "../scenario/schema";
import { caseClashMessage, sameButCase } from "../scenario/nameClash";
import { cancelWaits, resumeFlush } from "../commit/commitPath";
import { EV_FAILOVER_CHECK, EV_PROMOTE_DONE } from "../core/eventKinds";
import { msToUs } from "../core/units";
import type { Sim } from "../simulation";
import type { ParsedCommand as Command } from "../views";
import { historyPromote, historyTruncate } from "./clusterHistory";
import { cut, heal, powerOff } from "./network";
import { kickReplay } from "./replay";
import { reclone, rewind } from "./rejoin";
import { checkpoint, createSlots, scheduleCheckpoint } from "./retention";
import type { NodeRt } from "./state";
import { connect, sendClose } from "./streaming";
import { keyed } from "../clients/keyedWrite";

export function applyCommand(sim: Sim, cmd: Command, actionIndex: number): void {
  if (sim.multiPrimary !== null) return sim.multiPrimary.command(cmd, actionIndex);
  if (cmd.op === "replication") throw new CommandError("replication channels are a multi-primary cluster's: this cluster has none");
  const logical = usesRows(cmd) ? sim.ensureLogical() : sim.logical;
  if (logical !== null && logical.handles(cmd)) return logical.command(cmd, actionIndex);
  if (cmd.op === "subscription") throw new CommandError(`no subscriber named "${cmd.node}": the cluster has none`);
  switch (cmd.op) {
    case "write": return sim.clients.scriptedWrite(keyed(cmd), actionIndex);
    case "read": return sim.clients.reads.scripted(cmd, actionIndex);
    case "workload": return sim.clients.changeWorkload(cmd.workload);
    case "crash": return crash(sim, sim.nodeByName(cmd.node), cmd.kind);
    case "restart": return restart(sim, sim.nodeByName(cmd.node));
    case "promote": return promote(sim, sim.nodeByName(cmd.node), false);
    case "partition": return setLink(sim, cmd.between, true, cmd.oneWay);
    case "heal": return setLink(sim, cmd.between, false, false);
    case "rewind": return rewind(sim, sim.nodeByName(cmd.node));
    case "reclone": return reclone(sim, sim.nodeByName(cmd.node));
    case "checkpoint": return checkpoint(sim, sim.nodes[sim.primary]!);
    case "set-failover": return setFailover(sim, cmd);
    case "cancel": return cancelWaits(sim, sim.nodes[sim.primary]!);
    case "set": return setNode(sim, sim.nodeByName(cmd.node), cmd);
    case "configure": return sim.changeCommit(cmd);
    case "add-replica": return addReplica(sim, cmd.replica);
    case "remove-replica": return removeReplica(sim, sim.nodeByName(cmd.node));
    case "set-link": throw new CommandError("set-link gives a delay to the link between two primaries of a multi-primary cluster; " +
      "here a link's delay is its ends' networkDelayMs (set one with set)");
  }
}

/** A write or read naming a table, a kind of change or a row count: the row model is needed. */
function usesRows(cmd: Command): boolean {
  return (cmd.op === "write" && (cmd.table !== undefined || cmd.kind !== undefined || cmd.rows !== undefined))
    || (cmd.op === "read" && cmd.table !== undefined);
}

function crash(sim: Sim, node: NodeRt, kind: "process" | "power" | "hang"): void {
  if (node.state === "down") throw new CommandError(`${node.name} is already down`);
  node.state = "down";
  node.crashKind = kind;
  node.epoch++;
  node.flushGen++;
  node.flushing = false;
  node.replayBusy = false;
  node.walWriterPending = false;
  // A process crash closes its sockets (the peers read EOF); a power loss or a hang is silent.
  // The kernel of a crashed or hung process still resends what its sockets hold; a machine
  // without power sends nothing more.
  const tellPeers = kind === "process";
  if (kind === "power") powerOff(sim, node.idx);
  if (node.role === "primary") {
    // A hung primary keeps its memory, its WAL and its waiting clients: it may resume.
    if (kind !== "hang") dropPrimaryState(sim, node, tellPeers);
    if (node.idx === sim.primary && sim.failover.auto) {
      sim.queue.push(sim.now + msToUs(sim.failover.detectMs), EV_FAILOVER_CHECK, node.idx, node.epoch);
    }
  } else {
    if (kind === "power") node.writeLsn = node.flushLsn;
    if (tellPeers && node.recvConnId && node.upstream >= 0) sendClose(sim, node.idx, node.upstream, node.recvConnId, "standby connection closed");
    node.recvConnId = 0;
    node.recvState = "stopped";
  }
  const how = { power: "lost power (unflushed WAL gone, silent to peers)", process: "crashed (process; peers see the connection close)",
    hang: "hung (silent to peers; keeps its data)" }[kind];
  sim.log("crash", `${node.name} ${how}`, node.name);
  sim.logical?.onNodeCrash(node);
}

/** What a primary loses when its process dies: unflushed WAL, its clients' connections, its walsenders. */
function dropPrimaryState(sim: Sim, node: NodeRt, tellPeers: boolean): void {
  sim.crashPrimaryCommits(node);
  sim.clients.losses.recordCrash(node);
  node.timeline.truncate(node.flushLsn);
  if (node.insertLsn > node.flushLsn) historyTruncate(sim, node, node.flushLsn);
  node.insertLsn = node.writeLsn = node.flushLsn;
  for (const s of node.senders.values()) if (tellPeers) sendClose(sim, node.idx, s.standby, s.connId, "server closed the connection unexpectedly");
  node.senders.clear();
  node.syncCandidates = null;
}

function restart(sim: Sim, node: NodeRt): void {
  if (node.state !== "down") throw new CommandError(`${node.name} is not down (it is ${node.state})`);
  const hung = node.crashKind === "hang";
  node.state = "up";
  node.epoch++;
  node.crashKind = null;
  if (node.role === "primary" && hung) return resumePrimary(sim, node);
  if (node.role === "primary") {
    // Crash recovery replays the WAL to its end: every flushed commit is visible again.
    sim.loadKv(node);
    node.replayLsn = node.flushLsn;
    if (node.idx !== sim.primary) return rejoinAsStandby(sim, node);
    sim.log("restart", `${node.name} restarted: crash recovery replayed WAL to ${node.flushLsn}`, node.name);
    return;
  }
  // What the OS had written survives a process crash and is fsynced on recovery.
  node.flushLsn = node.writeLsn;
  node.replayCursor = sim.wal.cursorAt(node.timeline, node.replayLsn);
  sim.log("restart", `${node.name} restarted; replaying from ${node.replayLsn}, streaming from ${node.flushLsn}`, node.name);
  kickReplay(sim, node);
  connect(sim, node);
}

/** A hung primary wakes up where it stopped: its fsync and its walsenders carry on. */
function resumePrimary(sim: Sim, node: NodeRt): void {
  sim.log("restart", `${node.name} resumed after hanging`, node.name);
  if (node.idx !== sim.primary) fenceOrSplit(sim, node);
  if (node.state !== "up") return;
  resumeFlush(sim, node);
  sim.resumeStreaming(node);
}

/**
 * An old primary that comes back after a failover. It may follow the new primary only if its
 * WAL never went past the switch point; else its tail diverged (a rewind or re-clone is needed).
 */
function rejoinAsStandby(sim: Sim, node: NodeRt): void {
  const p = sim.nodes[sim.primary]!;
  node.role = "replica";
  node.upstream = p.idx;
  node.replayCursor = sim.wal.cursorAt(node.timeline, node.replayLsn);
  const problem = sim.canStreamFrom(p, node.timeline, node.flushLsn, node.flushLsn);
  if (problem) {
    node.state = "diverged";
    sim.log("restart", `${node.name} restarted as an old primary whose WAL has diverged from ${p.name}'s: ${problem}`, node.name);
    return;
  }
  sim.log("restart", `${node.name} restarted and follows the new primary ${p.name}`, node.name);
  connect(sim, node);
}

/** Automatic failover: the primary stayed down detectMs; promote the standby with the highest flush LSN. */
export function autoFailover(sim: Sim, old: NodeRt): void {
  if (!sim.failover.auto || old.state !== "down" || old.idx !== sim.primary) return;
  const candidates = sim.nodes.filter((n) => !n.removed && n.role === "replica" && n.state === "up");
  if (candidates.length === 0) {
    sim.log("error", `automatic failover: ${old.name} is down and no standby is up to take over`);
    return;
  }
  // Most advanced: the newest timeline first, then the highest flush LSN (as Patroni ranks them).
  const best = candidates.reduce((a, b) =>
    b.timeline.id > a.timeline.id || (b.timeline.id === a.timeline.id && b.flushLsn > a.flushLsn) ? b : a);
  sim.log("promote", `automatic failover: ${old.name} down for ${sim.failover.detectMs} ms; promoting ${best.name} ` +
    `(timeline ${best.timeline.id}, highest flush LSN ${best.flushLsn})`, best.name);
  promote(sim, best, true);
}

function promote(sim: Sim, node: NodeRt, automatic: boolean): void {
  if (node.role !== "replica") throw new CommandError(`${node.name} is not a standby`);
  if (node.state !== "up") throw new CommandError(`${node.name} is ${node.state}: only a running standby can be promoted`);
  node.state = "promoting";
  sim.promotingAutomatically.set(node.idx, automatic);
  if (node.recvConnId && node.upstream >= 0) sendClose(sim, node.idx, node.upstream, node.recvConnId, "standby promoted");
  node.recvConnId = 0;
  node.recvState = "stopped";
  sim.log("promote", `${node.name} promoting: replaying all received WAL (to ${node.writeLsn}) first`, node.name);
  // Promotion ends any recovery_min_apply_delay wait and replays everything received.
  node.replayBusy = false;
  node.epoch++;
  kickReplay(sim, node, true);
  if (!node.replayBusy) sim.queue.push(sim.now, EV_PROMOTE_DONE, node.idx, node.epoch);
}

export function finishPromotion(sim: Sim, node: NodeRt): void {
  if (node.state !== "promoting") return;
  const old = sim.nodes[sim.primary]!;
  const switchLsn = node.replayLsn;
  node.flushLsn = node.writeLsn = node.insertLsn = switchLsn;
  const parent = node.timeline.id;
  const tl = sim.wal.fork(node.timeline, switchLsn);
  node.timeline = tl;
  node.role = "primary";
  node.state = "up";
  node.upstream = -1;
  node.epoch++;
  sim.primary = node.idx;
  const automatic = sim.promotingAutomatically.get(node.idx) ?? false;
  historyPromote(sim, node, old, parent, automatic);
  sim.clients.losses.recordFailover(node, old, automatic);
  sim.refreshStandbyNames();
  createSlots(sim, node, switchLsn);
  scheduleCheckpoint(sim, node);
  sim.log("promote", `${node.name} is the primary on timeline ${tl.id} (switch point ${switchLsn})`, node.name);
  if (old !== node && old.role === "primary" && old.state === "up") fenceOrSplit(sim, old);
  // A hung old primary is fenced too (powered off): it must not wake up as a second primary.
  else if (old !== node && old.crashKind === "hang" && sim.failover.fencing) {
    old.crashKind = "process";
    dropPrimaryState(sim, old, false);
    sim.log("crash", `${old.name} fenced (powered off while hung) so that only one primary takes writes`, old.name);
  }
  // The other standbys are pointed at the new primary, as a failover manager does.
  for (const n of sim.nodes) {
    if (n.removed || n === node || n.role !== "replica" || n.state === "diverged") continue;
    if (n.recvConnId && n.upstream >= 0) sendClose(sim, n.idx, n.upstream, n.recvConnId, "following the new primary");
    n.upstream = node.idx;
    if (n.state === "up") connect(sim, n);
  }
}

/**
 * The old primary is still running when another node is promoted. With fencing (STONITH) it is
 * shut down; without, it keeps serving the clients still connected to it: split brain.
 */
function fenceOrSplit(sim: Sim, old: NodeRt): void {
  if (sim.failover.fencing) {
    crash(sim, old, "process");
    sim.log("crash", `${old.name} fenced (shut down) so that only one primary takes writes`, old.name);
    return;
  }
  sim.splitBrains.push({ node: old.idx, fromUs: sim.now, acknowledged: 0 });
  sim.log("lost-writes", `split brain: ${old.name} still runs as a primary without fencing; clients connected to it keep writing there`, old.name);
}

function setFailover(sim: Sim, cmd: Extract<Command, { op: "set-failover" }>): void {
  const f = sim.failover;
  if (cmd.auto === undefined && cmd.detectMs === undefined && cmd.fencing === undefined) {
    throw new CommandError("set-failover names no setting to change");
  }
  sim.failover = { auto: cmd.auto ?? f.auto, detectMs: cmd.detectMs ?? f.detectMs, fencing: cmd.fencing ?? f.fencing };
  const p = sim.nodes[sim.primary]!;
  // Switched on while the primary is already down: the monitor starts counting now.
  if (sim.failover.auto && !f.auto && p.state === "down") {
    sim.queue.push(sim.now + msToUs(sim.failover.detectMs), EV_FAILOVER_CHECK, p.idx, p.epoch);
  }
  sim.log("configure", `failover: automatic ${sim.failover.auto ? `on (after ${sim.failover.detectMs} ms down)` : "off"}, ` +
    `fencing ${sim.failover.fencing ? "on" : "off"}`);
}

function setLink(sim: Sim, between: [string, string], cutIt: boolean, oneWay: boolean): void {
  const a = sim.nodeByName(between[0]), b = sim.nodeByName(between[1]);
  if (a === b) throw new CommandError("a link joins two different nodes");
  if (cutIt) {
    cut(sim, a.idx, b.idx);
    if (!oneWay) cut(sim, b.idx, a.idx);
  } else { heal(sim, a.idx, b.idx); heal(sim, b.idx, a.idx); }
  sim.log(cutIt ? "partition" : "heal", `link ${a.name} ${oneWay ? "→" : "–"} ${b.name} ${cutIt ? "cut" : "healed"}`);
}

function setNode(sim: Sim, node: NodeRt, cmd: Extract<Command, { op: "set" }>): void {
  const changes: string[] = [];
  if (cmd.networkDelayMs !== undefined) { node.delayUs = msToUs(cmd.networkDelayMs); changes.push(`network delay ${cmd.networkDelayMs} ms`); }
  if (cmd.jitterMs !== undefined) { node.jitterUs = msToUs(cmd.jitterMs); changes.push(`jitter ${cmd.jitterMs} ms`); }
  if (cmd.fsyncMs !== undefined) { node.fsyncUs = msToUs(cmd.fsyncMs); changes.push(`fsync ${cmd.fsyncMs} ms`); }
  if (cmd.applyDelayMs !== undefined) { node.applyDelayUs = msToUs(cmd.applyDelayMs); changes.push(`apply delay ${cmd.applyDelayMs} ms`); }
  if (cmd.lossPercent !== undefined) { node.lossPercent = cmd.lossPercent; changes.push(`packet loss ${cmd.lossPercent}%`); }
  if (cmd.clockSkewMs !== undefined) throw new CommandError("clockSkewMs applies to a multi-primary node only (a standby's clock stamps nothing)");
  if ((cmd.autoIncrementIncrement ?? cmd.autoIncrementOffset) !== undefined) {
    throw new CommandError("autoIncrementIncrement and autoIncrementOffset apply to a multi-primary node only (writes here name their keys)");
  }
  if (changes.length === 0) throw new CommandError("set names no setting to change");
  sim.log("set", `${node.name}: ${changes.join(", ")}`, node.name);
}

function addReplica(sim: Sim, r: Extract<Command, { op: "add-replica" }>["replica"]): void {
  if (sim.nodes.some((n) => !n.removed && n.name === r.name)) throw new CommandError(`a node named "${r.name}" exists already`);
  const clash = sameButCase(r.name, sim.liveNodes().map((n) => n.name));
  if (clash !== undefined) throw new CommandError(caseClashMessage(r.name, clash));
  if (sim.liveNodes().length - 1 >= MAX_REPLICAS) {
    throw new CommandError(`the cluster already has ${MAX_REPLICAS} replicas, the most it may have (as in a scenario file)`);
  }
  if (sim.nodes.length >= MAX_NODES_CREATED) throw new CommandError(`at most ${MAX_NODES_CREATED} nodes can be created in one run`);
  const node = sim.addReplicaNode(r, true);
  sim.refreshStandbyNames();
  createSlots(sim, sim.nodes[sim.primary]!, node.flushLsn);
  sim.log("connect", `${node.name} added from a base backup of ${sim.nodes[sim.primary]!.name} at LSN ${node.flushLsn}`, node.name);
  connect(sim, node);
}

function removeReplica(sim: Sim, node: NodeRt): void {
  if (node.idx === sim.primary) throw new CommandError(`${node.name} is the primary and cannot be removed`);
  if (sim.liveNodes().length <= 2) throw new CommandError("a cluster keeps at least one replica");
  const p = sim.nodes[sim.primary]!;
  const s = p.senders.get(node.idx);
  node.removed = true;
  node.state = "down";
  node.epoch++;
  if (s) sim.dropSender(p, s, "replica removed");
  sim.refreshStandbyNames();
  sim.onSyncCandidatesChanged(p);
  sim.log("disconnect", `${node.name} removed from the cluster`, node.name);
}

