/*
 * Which acknowledged writes were lost, for the page: key, value, session, when the client was
 * told "committed", and the failovers with their loss window. Snapshots are built up to 60 times
 * a second and the write table may hold millions of rows, so the list is rebuilt only when the
 * number of lost writes or of failovers changes (a fault, not a frame), and kept per simulation.
 */
import type { Sim } from "../simulation";
import type { LossesView, LostWriteView } from "../views";
import { W_OK } from "../clients/writeTable";

/** The newest lost writes the page lists; the count beside them is exact. */
export const MAX_LOST_LISTED = 100;

const cache = new WeakMap<Sim, { lost: number; failovers: number; view: LossesView }>();

export function lossesView(sim: Sim): LossesView {
  const lost = sim.clients.losses.count, failovers = sim.failovers.length;
  const hit = cache.get(sim);
  if (hit && hit.lost === lost && hit.failovers === failovers) return hit.view;
  const view: LossesView = {
    total: lost,
    writes: lost === 0 ? [] : listLost(sim),
    failovers: sim.failovers.map((f) => ({ atUs: f.atUs, promoted: f.promoted, from: f.from, lost: f.lost, rpoUs: f.rpoUs })),
  };
  cache.set(sim, { lost, failovers, view });
  return view;
}

/** The newest MAX_LOST_LISTED lost acknowledged writes, oldest first. */
function listLost(sim: Sim): LostWriteView[] {
  const w = sim.writes, c = sim.clients, out: LostWriteView[] = [];
  // The columns from the newest down, then lost rows the retention window pinned (newest first).
  const p = w.pinned;
  const ids = function* (): Generator<number> {
    for (let id = w.count - 1; id >= w.base; id--) yield id;
    for (let r = p.size - 1; r >= 0; r--) if (p.lost[r] === 1) yield p.ids[r]!;
  };
  for (const id of ids()) {
    if (out.length >= MAX_LOST_LISTED) break;
    if (!w.lostOf(id) || w.statusOf(id) !== W_OK) continue;
    out.push({
      writeId: id, key: c.keys[w.keyIdOf(id)]!, value: w.value(id), session: c.sessions[w.sessionIdOf(id)]!.name,
      node: w.nodeOf(id) >= 0 ? sim.nodes[w.nodeOf(id)]!.name : "", ackUs: w.completeUsOf(id), lsn: w.lsnOf(id),
    });
  }
  return out.reverse();
}
