/*
 * The newest records of a node's WAL, for the picture's tape: where each starts and ends (its
 * LSNs) and the write it holds. A promoted node's timeline starts at its switch point and
 * inherits the records below it from its parent (wal/timelines.ts), so the walk goes on into
 * the parent for records older than the switch point.
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { WalRecordView } from "../views";

export function recentRecords(sim: Sim, node: NodeRt, limit: number): WalRecordView[] {
  const out: WalRecordView[] = [];
  const w = sim.writes;
  let tl: NodeRt["timeline"] | null = node.timeline;
  // Only what this node's log holds: records of its timeline below its insert position.
  let below = node.insertLsn;
  while (tl && out.length < limit) {
    let i = tl.lowerBound(below) - 1;
    for (; i >= tl.base && out.length < limit; i--) {
      const id = tl.idAt(i);
      out.push({
        startLsn: tl.start(i), endLsn: w.lsnOf(id), writeId: id, key: sim.clients.keys[w.keyIdOf(id)]!, value: w.value(id),
        session: sim.clients.sessions[w.sessionIdOf(id)]!.name, timeline: tl.id,
      });
    }
    below = Math.min(below, tl.switchLsn);
    tl = tl.parent;
  }
  return out.reverse();
}
