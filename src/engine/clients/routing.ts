/*
 * Where a read goes. The policies are the ones DESIGN.md names: the primary; round-robin over
 * replicas; lag-aware (skip replicas whose replay lag, as the primary's pg_stat_replication
 * shows it, exceeds maxLagMs, and fall back to the primary, as ProxySQL's
 * max_replication_lag does); read-your-writes pinning (a session that wrote within
 * pinWindowMs reads from the primary); causal (a replica that has replayed the session's last
 * commit LSN, else the primary).
 */
import type { NodeRt } from "../cluster/state";
import type { RoutingPolicy } from "../scenario/schema";
import type { Sim } from "../simulation";

export const DEFAULT_MAX_LAG_MS = 1000;
export const DEFAULT_PIN_WINDOW_MS = 1000;
export const DEFAULT_MAX_WAIT_MS = 100;

export interface RoutingConfig {
  routing: RoutingPolicy;
  maxLagMs?: number | undefined;
  pinWindowMs?: number | undefined;
  maxWaitMs?: number | undefined;
}

export interface SessionState {
  name: string;
  config: RoutingConfig;
  /** the primary this session's connection reaches (-1 none yet) */
  connectedTo: number;
  lastWriteUs: number;
  /** the session's last acknowledged commit: LSN and timeline */
  lastCommitLsn: number;
  lastCommitTimeline: number;
  /** per key: the newest version this session wrote (acknowledged) and read */
  wrote: Map<number, number>;
  read: Map<number, number>;
}

export interface RouteResult {
  node: NodeRt;
  /** the policy wanted a replica but had to use the primary */
  fellBack: boolean;
}

export class Router {
  private rr = 0;

  constructor(private readonly sim: Sim) {}

  route(session: SessionState): RouteResult {
    const sim = this.sim;
    const primary = sim.clients.primaryFor(session);
    const cfg = session.config;
    switch (cfg.routing) {
      case "primary":
        return { node: primary, fellBack: false };
      case "replicas":
        return this.pick(this.replicas(() => true), primary);
      case "lag-aware": {
        const maxUs = (cfg.maxLagMs ?? DEFAULT_MAX_LAG_MS) * 1000;
        return this.pick(this.replicas((n) => {
          const s = sim.nodes[sim.primary]!.senders.get(n.idx);
          return s !== undefined && s.state === "streaming" && (s.replayLagUs ?? 0) <= maxUs;
        }), primary);
      }
      case "read-your-writes": {
        const pinned = session.lastWriteUs >= 0 && sim.now - session.lastWriteUs < (cfg.pinWindowMs ?? DEFAULT_PIN_WINDOW_MS) * 1000;
        return pinned ? { node: primary, fellBack: false } : this.pick(this.replicas(() => true), primary);
      }
      case "causal":
        return this.pick(this.replicas((n) => this.hasReplayed(n, session)), primary);
    }
  }

  private hasReplayed(n: NodeRt, session: SessionState): boolean {
    if (session.lastCommitLsn <= 0) return true;
    const tl = this.sim.wal.get(session.lastCommitTimeline);
    return n.replayLsn >= session.lastCommitLsn && this.sim.wal.owner(n.timeline, session.lastCommitLsn - 1) === tl;
  }

  private replicas(ok: (n: NodeRt) => boolean): NodeRt[] {
    return this.sim.nodes.filter((n) => !n.removed && n.role === "replica" && n.state === "up" && ok(n));
  }

  private pick(candidates: NodeRt[], primary: NodeRt): RouteResult {
    if (candidates.length === 0) return { node: primary, fellBack: true };
    return { node: candidates[this.rr++ % candidates.length]!, fellBack: false };
  }
}
