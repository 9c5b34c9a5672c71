/*
 * What SHOW REPLICA STATUS shows, computed where MySQL/MariaDB computes it: on the replica, from
 * its own I/O thread (the relay log it has written) and SQL thread (what it has applied). The
 * source learns none of this: a MySQL replica sends its source nothing but the semi-sync ACK
 * (mysql/replies.ts).
 *
 * Seconds_Behind_Source (MySQL reference manual, "SHOW REPLICA STATUS"; MariaDB KB,
 * "SHOW REPLICA STATUS"): the replica's clock minus the timestamp the source wrote into the
 * event the SQL thread is processing, which is when the statement began on the source; 0 when
 * the SQL thread has executed the whole relay log and waits for the I/O thread; NULL when the
 * SQL thread has consumed the relay log and the I/O thread is not running (not connected). A
 * delayed replica (MASTER_DELAY) counts its delay in, as here.
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";

/** Seconds_Behind_Source in µs (MySQL shows whole seconds: floor it), null for NULL or not a running replica. */
export function secondsBehindSourceUs(sim: Sim, n: NodeRt): number | null {
  if (n.role !== "replica" || n.state !== "up" || n.removed) return null;
  const ioRunning = n.recvState === "streaming";
  if (n.replayLsn >= n.writeLsn) return ioRunning ? 0 : null;
  // The event under the SQL thread: the first record at or after what it has applied (read, not moved: views never change the run).
  const tl = sim.wal.owner(n.timeline, n.replayLsn);
  const i = tl.lowerBound(n.replayLsn);
  if (i < tl.base || i >= tl.count) return ioRunning ? 0 : null;
  return Math.max(0, sim.now - sim.writes.invokeUsOf(tl.idAt(i)));
}
