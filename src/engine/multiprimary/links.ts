/*
 * The links between primaries: one per ordered pair, FIFO (a TCP connection: delay never
 * reorders what one node sends another), each with its own delay. A link's delay is the sum of
 * its two ends' legs (each region's distance to the network between regions) unless the scenario
 * names the pair. A node replicates directly from every other node (MySQL/MariaDB multi-source
 * replication, one channel per source; PostgreSQL 16+: a subscription to every other node with
 * origin = none), so nothing is forwarded and no change comes back to where it was made: what
 * log_replica_updates with server_id filtering or gtid_ignore_duplicates achieve in a ring.
 * Where we simplify: a ring (each node replicating from one neighbour only, changes forwarded
 * round it) is not modelled; nor is jitter on these links.
 */
import type { MpNodeConfig, MultiPrimaryConfig } from "./schema";
import type { LinkRt, MpNodeRt } from "./state";
import { msToUs } from "../core/units";

export function linkIndex(n: number, from: number, to: number): number {
  return from * n + to;
}

export function makeLinks(cfg: MultiPrimaryConfig, nodes: MpNodeRt[]): LinkRt[] {
  const n = nodes.length, byName = new Map(nodes.map((x) => [x.name, x.idx]));
  const pinned = new Map<number, number>();
  for (const l of cfg.links ?? []) {
    const a = byName.get(l.between[0])!, b = byName.get(l.between[1])!;
    pinned.set(linkIndex(n, a, b), msToUs(l.delayMs));
    pinned.set(linkIndex(n, b, a), msToUs(l.delayMs));
  }
  const links: LinkRt[] = [];
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      const p = pinned.get(linkIndex(n, from, to));
      links.push({ from, to, delayUs: p ?? nodes[from]!.legUs + nodes[to]!.legUs, pinned: p !== undefined, cut: from === to,
        gen: 0, lastArriveUs: 0, shipped: 0 });
    }
  }
  return links;
}

/** A node's leg changed: the links through it that the scenario did not pin follow. */
export function relegate(links: LinkRt[], nodes: MpNodeRt[]): void {
  for (const l of links) if (!l.pinned && l.from !== l.to) l.delayUs = nodes[l.from]!.legUs + nodes[l.to]!.legUs;
}

export function nodeRt(idx: number, cfg: MpNodeConfig): MpNodeRt {
  return { idx, name: cfg.name, skewUs: msToUs(cfg.clockSkewMs), legUs: msToUs(cfg.networkDelayMs),
    autoIncrementIncrement: cfg.autoIncrementIncrement, autoIncrementOffset: cfg.autoIncrementOffset, autoIncMax: new Map(), up: true, gen: 0,
    data: new Map(), binlog: [], writesMade: 0, appliedSeq: 0, applyScheduled: false };
}

/** Both ends run and the direction is not cut. */
export function connected(link: LinkRt, nodes: MpNodeRt[]): boolean {
  return !link.cut && nodes[link.from]!.up && nodes[link.to]!.up;
}

/** When something sent now on the link arrives (FIFO: not before what was sent earlier). */
export function arrival(link: LinkRt, nowUs: number): number {
  const at = Math.max(nowUs + link.delayUs, link.lastArriveUs);
  link.lastArriveUs = at;
  return at;
}

/**
 * The nodes `from` can reach both ways now, itself included: the members a group round from it
 * can count on.
 */
export function reachable(links: LinkRt[], nodes: MpNodeRt[], from: number): number[] {
  const n = nodes.length, out: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j === from) { if (nodes[j]!.up) out.push(j); continue; }
    if (connected(links[linkIndex(n, from, j)]!, nodes) && connected(links[linkIndex(n, j, from)]!, nodes)) out.push(j);
  }
  return out;
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}
