/*
 * Asynchronous multi-primary replication (modes circular and lww): a write commits on its own
 * node at once, its client is answered, and its row change goes into that node's binary log;
 * every other node's channel from it fetches the log over the link and applies it in order
 * (MySQL: the I/O thread and the SQL thread of each source's channel). A channel that fails to
 * apply a change stops, with what came after waiting behind it (Slave_SQL_Running: No,
 * Last_SQL_Errno), until START REPLICA retries it or sql_slave_skip_counter skips it.
 * A dropped connection loses what was in flight; on reconnecting, the receiver asks for the log
 * from what it already has (its relay log / GTID position), so nothing is lost or applied twice.
 */
import { applyCircular, applyLww, rowsOf, type ApplyOutcome } from "./rows";
import { arrival, connected, linkIndex } from "./links";
import { CODE_DELIVER, pushMpEvent } from "./events";
import type { MultiPrimary } from "./multiPrimary";
import type { ChannelRt, LinkRt } from "./state";

/** Sends what the link's receiver lacks, if the link is up. */
export function ship(mp: MultiPrimary, link: LinkRt): void {
  if (!connected(link, mp.nodes)) return;
  const log = mp.nodes[link.from]!.binlog;
  while (link.shipped < log.length) {
    pushMpEvent(mp.sim, arrival(link, mp.sim.now), CODE_DELIVER, linkIndex(mp.nodes.length, link.from, link.to), link.gen);
    link.shipped++;
  }
}

/** The connection drops: what was in flight is lost; the receiver will ask again from what it has. */
export function disconnect(mp: MultiPrimary, link: LinkRt): void {
  link.gen++;
  link.shipped = mp.channel(link.from, link.to).arrived;
  link.lastArriveUs = 0;
}

export function onDeliver(mp: MultiPrimary, linkIdx: number, gen: number): void {
  const link = mp.links[linkIdx];
  if (!link || link.gen !== gen) return;
  const ch = mp.channel(link.from, link.to);
  ch.arrived++;
  drain(mp, ch);
}

/** The channel's SQL thread: applies what arrived, in order, until it runs out or fails. */
export function drain(mp: MultiPrimary, ch: ChannelRt): void {
  const node = mp.nodes[ch.node]!, log = mp.nodes[ch.source]!.binlog;
  while (ch.state === "running" && node.up && ch.applied < ch.arrived) {
    const w = mp.writes[log[ch.applied]!]!;
    const other = rowsOf(node, w.table).get(w.key)?.write ?? -1;
    const out: ApplyOutcome = mp.mode === "lww" ? applyLww(node, w) : applyCircular(mp.execMode, node, w);
    if (out.result === "error") {
      ch.state = "stopped";
      ch.lastErrno = out.errno;
      ch.lastError = out.error;
      ch.lastErrorUs = mp.sim.now;
      ch.errorCount++;
      mp.conflict(out.conflict, w, node.idx, other, `replication from ${mp.nodes[ch.source]!.name} stopped: error ${out.errno}`);
      mp.sim.log("error", `${node.name}: replication from ${mp.nodes[ch.source]!.name} stopped (Slave_SQL_Running: No): ` +
        `Error ${out.errno}: ${out.error}`, node.name);
      return;
    }
    if (out.conflict !== null) mp.conflict(out.conflict, w, node.idx, other, out.resolution);
    ch.applied++;
  }
}

/** START REPLICA: the stopped channel tries the event again; skip: sql_slave_skip_counter = 1 first. */
export function restartChannel(mp: MultiPrimary, ch: ChannelRt, skip: boolean): void {
  if (skip && ch.applied < ch.arrived) ch.applied++;
  ch.state = "running";
  drain(mp, ch);
}
