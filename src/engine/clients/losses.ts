/*
 * Lost acknowledged writes: a client was told "committed", and the history that survives does
 * not hold the write. Found at promotion (what the new primary never received), at a primary
 * crash (commits acknowledged before their WAL was flushed: synchronous_commit = off), for
 * writes an old primary acknowledged during a split brain, and when WAL is discarded by a
 * rewind or re-clone. Each is reported once, as a "lost" history event.
 *
 * Whether a write is lost is decided by the history that wins: a later promotion of a node whose
 * history holds a write declared lost brings it back (a "restored" history event), and reads
 * count against it again. Writes acknowledged but not yet flushed when a run ends are no loss
 * (no fault dropped them): the ledger keeps them apart, "at risk at the end".
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Timeline } from "../wal/timelines";
import { forEachOpen, holds } from "./ledger";
import { W_OK } from "./writeTable";

export class Losses {
  count = 0;
  private readonly crashTimes = new Map<number, number>();

  /** `clients` is told of every write found lost or back (an object, not callbacks: a checkpoint copies data, never functions) */
  constructor(private readonly sim: Sim, private readonly clients: { emitLost(id: number): void; emitRestored(id: number): void }) {}

  /**
   * The promoted node's history is now the one that counts: acknowledged writes it does not hold
   * are lost, and writes declared lost earlier that it does hold are back. RPO runs from the
   * oldest lost write's acknowledgement to the old primary's failure.
   */
  recordFailover(promoted: NodeRt, old: NodeRt, automatic: boolean): void {
    const sim = this.sim, w = sim.writes;
    let lost = 0, restored = 0, oldestAck = Infinity;
    const decide = (id: number): void => {
      if (w.statusOf(id) !== W_OK) return;
      const held = holds(sim, promoted, id, promoted.flushLsn);
      if (held && w.lostOf(id)) { this.restore(id); restored++; }
      if (held || w.lostOf(id)) return;
      this.mark(id);
      lost++;
      oldestAck = Math.min(oldestAck, w.completeUsOf(id));
    };
    // Rows the retention window dropped for good are acknowledged writes every node holds (or not
    // acknowledged): nothing to decide. Pinned rows whose fate may change come first, in id order.
    forEachOpen(w, decide);
    for (let id = w.base; id < w.count; id++) decide(id);
    const failedAt = old.state === "down" ? this.crashTimes.get(old.idx) ?? sim.now : sim.now;
    sim.failovers.push({ atUs: sim.now, promoted: promoted.name, from: old.name, automatic, lost, restored,
      rpoUs: lost > 0 ? Math.max(0, failedAt - oldestAck) : 0 });
    if (lost > 0) sim.log("lost-writes", `${lost} acknowledged write(s) lost on failover to ${promoted.name}`, promoted.name);
    if (restored > 0) {
      sim.log("writes-restored", `${restored} acknowledged write(s) declared lost earlier are back: ${promoted.name}'s history holds them`,
        promoted.name);
    }
  }

  recordCrash(node: NodeRt): void {
    const sim = this.sim, w = sim.writes;
    this.crashTimes.set(node.idx, sim.now);
    let lost = 0;
    // Below the retention window's base every acknowledged write not yet lost is flushed.
    for (let id = w.count - 1; id >= w.base; id--) {
      if (w.timelineOf(id) !== node.timeline.id || w.nodeOf(id) !== node.idx) continue;
      if (w.lsnOf(id) <= node.flushLsn) break;
      if (w.statusOf(id) === W_OK && !w.lostOf(id)) { this.mark(id); lost++; }
    }
    if (lost > 0) sim.log("lost-writes", `${lost} acknowledged write(s) never flushed were lost in the crash of ${node.name}`, node.name);
  }

  /**
   * An old primary acknowledged a write after another node was promoted: lost, unless its record
   * lies at or before the switch point (a commit that waited for the standby that was then
   * promoted): the new primary's history holds that one.
   */
  splitBrainAck(id: number): void {
    const sim = this.sim, entry = sim.splitBrains.find((b) => b.node === sim.writes.nodeOf(id));
    if (!entry) return;
    const p = sim.nodes[sim.primary]!;
    if (holds(sim, p, id, p.insertLsn)) return;
    entry.acknowledged++;
    this.mark(id);
  }

  /** Writes in [from, to) of a lineage whose WAL is being thrown away (rewind, re-clone). */
  discardRange(tl: Timeline, from: number, to: number): { writes: number; acknowledged: number } {
    const sim = this.sim, w = sim.writes;
    const cur = sim.wal.cursorAt(tl, from);
    let writes = 0, acknowledged = 0;
    while (sim.wal.settle(cur, tl) && cur.tl.start(cur.index) < to) {
      const id = cur.tl.idAt(cur.index);
      writes++;
      if (w.statusOf(id) === W_OK) {
        acknowledged++;
        if (!w.lostOf(id)) this.mark(id);
      }
      cur.index++;
    }
    return { writes, acknowledged };
  }

  private mark(id: number): void {
    this.sim.writes.setLost(id, 1);
    this.count++;
    this.clients.emitLost(id);
  }

  private restore(id: number): void {
    this.sim.writes.setLost(id, 0);
    this.count--;
    this.clients.emitRestored(id);
  }
}
