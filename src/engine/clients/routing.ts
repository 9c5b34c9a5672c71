/*
 * Where a read goes. The policies are the ones DESIGN.md names: the primary; round-robin over
 * replicas; lag-aware (skip replicas whose replay lag, as the primary's pg_stat_replication
 * shows it, or in MySQL/MariaDB semi-sync the replica's own Seconds_Behind_Source, exceeds
 * maxLagMs, and fall back to the primary, as ProxySQL's max_replication_lag does); read-your-writes pinning (a session that wrote within
 * pinWindowMs reads from the primary); causal (a replica that has replayed the session's last
 * commit LSN, else the primary).
 */
import type { NodeRt } from "../cluster/state";
import type { RoutingPolicy } from "../scenario/schema";
import type { Sim } from "../simulation";
import { queueDelayUs } from "./capacity";
import { secondsBehindSourceUs } from "../mysql/replicaStatus";

export const DEFAULT_MAX_LAG_MS = 1000;
export const DEFAULT_PIN_WINDOW_MS = 1000;
export const DEFAULT_MAX_WAIT_MS = 100;

export interface RoutingConfig {
  routing: RoutingPolicy;
  maxLagMs?: number | undefined;
  pinWindowMs?: number | undefined;
  maxWaitMs?: number | undefined;
  /** read-your-writes circuit breaker: while the primary's queue is longer than this, do not pin */
  breakerQueueMs?: number | undefined;
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
}

export interface RouteResult {
  node: NodeRt;
  /** the policy wanted a replica but had to use the primary */
  fellBack: boolean;
  /** the circuit breaker skipped read-your-writes pinning: the primary was saturated */
  breaker: boolean;
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
        return { node: primary, fellBack: false, breaker: false };
      case "replicas":
        return this.pick(this.replicas(() => true), primary);
      case "lag-aware": {
        const maxUs = (cfg.maxLagMs ?? DEFAULT_MAX_LAG_MS) * 1000;
        // ProxySQL asks each MySQL replica for its own Seconds_Behind_Source (NULL counts as too
        // far behind: mysql-monitor_slave_lag_when_null, 60 s); the MySQL source knows no lags.
        // Kept in µs here, where ProxySQL compares whole seconds, so that maxLagMs means the same in both modes.
        if (sim.commit.mode === "semiSync") {
          return this.pick(this.replicas((n) => {
            const behind = secondsBehindSourceUs(sim, n);
            return behind !== null && behind <= maxUs;
          }), primary);
        }
        return this.pick(this.replicas((n) => {
          const s = sim.nodes[sim.primary]!.senders.get(n.idx);
          return s !== undefined && s.state === "streaming" && s.replayLagUs <= maxUs;
        }), primary);
      }
      case "read-your-writes": {
        const pinned = session.lastWriteUs >= 0 && sim.now - session.lastWriteUs < (cfg.pinWindowMs ?? DEFAULT_PIN_WINDOW_MS) * 1000;
        if (!pinned) return this.pick(this.replicas(() => true), primary);
        if (cfg.breakerQueueMs !== undefined && queueDelayUs(sim, primary) > cfg.breakerQueueMs * 1000) {
          const r = this.pick(this.replicas(() => true), primary);
          return { ...r, breaker: !r.fellBack };
        }
        return { node: primary, fellBack: false, breaker: false };
      }
      case "causal":
        return this.pick(this.replicas((n) => this.hasReplayed(n, session)), primary);
    }
  }

  private hasReplayed(n: NodeRt, session: SessionState): boolean {
    return session.lastCommitLsn <= 0 || this.hasReplayedLsn(n, session.lastCommitLsn, session.lastCommitTimeline);
  }

  /** The replica has replayed the commit ending at lsn on timeline tl (its history holds it). */
  hasReplayedLsn(n: NodeRt, lsn: number, tl: number): boolean {
    return n.replayLsn >= lsn && this.sim.wal.owner(n.timeline, lsn - 1).id === tl;
  }

  /** A running replica to wait on (round robin), or null. */
  anyReplica(): NodeRt | null {
    const r = this.replicas(() => true);
    return r.length === 0 ? null : r[this.rr++ % r.length]!;
  }

  private replicas(ok: (n: NodeRt) => boolean): NodeRt[] {
    return this.sim.nodes.filter((n) => !n.removed && n.role === "replica" && n.state === "up" && ok(n));
  }

  private pick(candidates: NodeRt[], primary: NodeRt): RouteResult {
    if (candidates.length === 0) return { node: primary, fellBack: true, breaker: false };
    return { node: candidates[this.rr++ % candidates.length]!, fellBack: false, breaker: false };
  }
}
