/*
 * A write stall: some commit has waited for standbys (or semi-sync ACKs) longer than
 * STALL_THRESHOLD_US. The stall is dated from when that commit began, and ends when no commit
 * has been waiting that long. Checked only when the oldest waiter changes, plus one timer.
 */
import { EV_STALL_CHECK } from "../core/eventKinds";
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";

export const STALL_THRESHOLD_US = 500_000;

export function oldestWaiter(sim: Sim, node: NodeRt): number {
  let best = -1;
  for (const q of [...node.syncWaiters, node.semiWaiters]) {
    if (q.length === 0) continue;
    const id = q.peek();
    if (best < 0 || sim.writes.invokeUsOf(id) < sim.writes.invokeUsOf(best)) best = id;
  }
  return best;
}

export function updateStall(sim: Sim, node: NodeRt): void {
  const id = oldestWaiter(sim, node);
  if (id < 0) return sim.closeStall();
  const since = sim.writes.invokeUsOf(id);
  if (sim.now - since >= STALL_THRESHOLD_US) {
    sim.openStall(since, sim.describeWait(node, id));
  } else {
    sim.closeStall();
    const at = since + STALL_THRESHOLD_US;
    if (node.stallCheckAt !== at) {
      node.stallCheckAt = at;
      sim.queue.push(at, EV_STALL_CHECK, node.idx);
    }
  }
}
