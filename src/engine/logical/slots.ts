/*
 * Logical slots in the publisher's WAL retention (KeepLogSeg, InvalidateObsoleteReplicationSlots):
 * a slot keeps WAL from its restart_lsn; one more than max_slot_wal_keep_size behind is
 * invalidated at a checkpoint (wal_status lost), and its walsender is terminated. wal_status as
 * pg_replication_slots shows it (GetWALAvailability, xlog.c): reserved while within max_wal_size,
 * extended beyond it while still kept, unreserved past max_slot_wal_keep_size (removed at the
 * next checkpoint), lost once removed.
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Logical } from "./logical";
import type { LogicalSlot } from "./state";
import { fail } from "./worker";

export type WalStatus = "reserved" | "extended" | "unreserved" | "lost";

/** The oldest LSN the publisher's logical slots still need (Infinity: none); invalidates those past the limit. */
export function logicalSlotsKeepFrom(sim: Sim, primary: NodeRt, tip: number, maxSlotBytes: number): number {
  const lg = sim.logical;
  if (lg === null) return Infinity;
  let keep = Infinity;
  for (const s of lg.subs) {
    const slot = s.slot;
    if (slot === null || slot.lost || s.publisher !== primary.idx) continue;
    if (tip - slot.restartLsn > maxSlotBytes) {
      invalidate(lg, s.idx, slot, tip);
      continue;
    }
    keep = Math.min(keep, slot.restartLsn);
  }
  return keep;
}

function invalidate(lg: Logical, idx: number, slot: LogicalSlot, tip: number): void {
  const s = lg.subs[idx]!;
  slot.lost = true;
  lg.sim.log("disconnect", `logical slot "${slot.name}" invalidated: it held back ${tip - slot.restartLsn} bytes, more than ` +
    "max_slot_wal_keep_size (wal_status lost)", s.name);
  if (s.state === "streaming" || s.state === "connecting") {
    fail(lg, s, "could not receive data from WAL stream: terminating connection due to administrator command", true);
  }
}

export function walStatus(slot: LogicalSlot, tip: number, maxSlotBytes: number, maxWalBytes: number): WalStatus {
  if (slot.lost) return "lost";
  const behind = tip - slot.restartLsn;
  if (behind > maxSlotBytes) return "unreserved";
  return behind > maxWalBytes ? "extended" : "reserved";
}
