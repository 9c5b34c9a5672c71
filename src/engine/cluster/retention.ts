/*
 * WAL retention on the primary, as PostgreSQL does it at each checkpoint (KeepLogSeg and
 * InvalidateObsoleteReplicationSlots in xlog.c / slot.c): WAL is kept back to the oldest of the
 * checkpoint's redo point, every replication slot's restart_lsn (unless a slot lags more than
 * max_slot_wal_keep_size, which invalidates it: wal_status "lost"), and wal_keep_size behind the
 * current position. Whole segments older than that are removed. A standby that then asks for
 * removed WAL gets "requested WAL segment has already been removed" and needs a new base backup.
 * Simplified: max_wal_size and the "extended" wal_status are not modelled.
 */
import { EV_CHECKPOINT } from "../core/eventKinds";
import type { Sim } from "../simulation";
import type { SlotView } from "../views";
import type { NodeRt } from "./state";
import { msToUs } from "../core/units";
import { logicalSlotsKeepFrom } from "../logical/slots";

const MB = 1024 * 1024;

function settings(sim: Sim) {
  const p = sim.commit.postgres;
  return {
    segment: Math.max(1, Math.round(p.wal_segment_size_mb * MB)),
    keep: p.wal_keep_size_mb * MB,
    maxSlot: p.max_slot_wal_keep_size_mb < 0 ? Infinity : p.max_slot_wal_keep_size_mb * MB,
  };
}

/** Creates the slots a (new) primary keeps for the replicas that want one. */
export function createSlots(sim: Sim, primary: NodeRt, restartLsn: number): void {
  for (const n of sim.nodes) {
    if (n.removed || n === primary || !n.wantsSlot) continue;
    if (!primary.slots.has(n.idx)) primary.slots.set(n.idx, { standby: n.idx, restartLsn, lost: false });
  }
}

export function scheduleCheckpoint(sim: Sim, primary: NodeRt): void {
  sim.queue.push(sim.now + msToUs(sim.commit.postgres.checkpoint_timeout_ms), EV_CHECKPOINT, primary.idx, primary.epoch);
}

/** A standby confirmed it flushed up to `flush`: its slot may let go of older WAL. */
export function advanceSlot(primary: NodeRt, standby: number, flush: number): void {
  const slot = primary.slots.get(standby);
  if (slot && !slot.lost && flush > slot.restartLsn) slot.restartLsn = flush;
}

export function checkpoint(sim: Sim, primary: NodeRt): void {
  if (primary.state !== "up" || primary.role !== "primary") return;
  const { segment, keep, maxSlot } = settings(sim);
  const tip = primary.flushLsn;
  let keepFrom = tip;
  for (const slot of primary.slots.values()) {
    if (slot.lost) continue;
    if (tip - slot.restartLsn > maxSlot) {
      slot.lost = true;
      sim.log("disconnect", `slot of ${sim.nodes[slot.standby]!.name} invalidated: it held back ${tip - slot.restartLsn} bytes, ` +
        `more than max_slot_wal_keep_size (wal_status lost)`, sim.nodes[slot.standby]!.name);
      continue;
    }
    keepFrom = Math.min(keepFrom, slot.restartLsn);
  }
  keepFrom = Math.min(keepFrom, logicalSlotsKeepFrom(sim, primary, tip, maxSlot), tip - keep);
  const oldest = Math.max(primary.oldestLsn, Math.floor(Math.max(0, keepFrom) / segment) * segment);
  if (oldest > primary.oldestLsn) {
    sim.log("configure", `checkpoint on ${primary.name}: removed WAL segments before LSN ${oldest}`, primary.name);
    primary.oldestLsn = oldest;
  }
}

export function onCheckpointTimer(sim: Sim, primary: NodeRt): void {
  checkpoint(sim, primary);
  if (primary.state === "up" && primary.role === "primary") scheduleCheckpoint(sim, primary);
}

export function walRemovedError(primary: NodeRt, start: number): string | null {
  return start < primary.oldestLsn
    ? `requested WAL segment at LSN ${start} has already been removed (oldest kept: ${primary.oldestLsn}); a new base backup is needed`
    : null;
}

export function slotViews(sim: Sim, primary: NodeRt): SlotView[] {
  const { maxSlot } = settings(sim);
  const tip = primary.flushLsn;
  return [...primary.slots.values()].filter((s) => !sim.nodes[s.standby]!.removed).map((s) => ({
    name: sim.nodes[s.standby]!.name,
    restartLsn: s.restartLsn,
    walStatus: s.lost ? "lost" : tip - s.restartLsn > maxSlot ? "unreserved" : "reserved",
    retainedBytes: s.lost ? 0 : Math.max(0, tip - s.restartLsn),
  }));
}
