/*
 * A node's capacity: opsPerSec operations served one after another (a FIFO server) and at most
 * maxConnections waiting. A saturated node answers late; past its connections it refuses, as
 * PostgreSQL does with max_connections. opsPerSec 0 means unlimited (no queueing at all).
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";

/** When an operation arriving now starts being served, or null when the node refuses it. */
export function serviceStart(sim: Sim, node: NodeRt): number | null {
  if (node.opsPerSec <= 0) return sim.now;
  const serviceUs = Math.round(1e6 / node.opsPerSec);
  const start = Math.max(sim.now, node.busyUntilUs);
  if ((start - sim.now) / serviceUs >= node.maxConnections) return null;
  node.busyUntilUs = start + serviceUs;
  return start;
}

/** How long an operation arriving now would queue, µs. */
export function queueDelayUs(sim: Sim, node: NodeRt): number {
  return node.opsPerSec <= 0 ? 0 : Math.max(0, node.busyUntilUs - sim.now);
}
