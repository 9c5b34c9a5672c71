/*
 * copy_data: the table sync worker copies the published tables' rows as of the slot's snapshot
 * (the publisher's WAL up to the LSN where the slot was created); changes after it stream
 * through the slot (docs: logical-replication-architecture, "Initial Snapshot").
 * Where we simplify: one snapshot for all tables (PostgreSQL runs a sync worker and a slot per
 * table, then hands over to the apply worker).
 */
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import { K_DELETE, K_NONE, type RowModel } from "./rows";
import type { SubscriptionRt } from "./state";
import { tableData } from "./worker";

export function copySnapshot(sim: Sim, rows: RowModel, s: SubscriptionRt, p: NodeRt, upTo: number): { rows: number; bytes: number } {
  const w = sim.writes, keys = sim.clients.keys;
  const latest = new Map<number, number>();
  const cur = sim.wal.cursorAt(p.timeline, 0);
  while (sim.wal.settle(cur, p.timeline)) {
    const id = cur.tl.idAt(cur.index);
    if (w.lsnOf(id) > upTo) break;
    cur.index++;
    const kind = id < rows.kind.length ? rows.kind[id]! : K_NONE;
    if (kind !== K_NONE && s.tables.has(rows.tableOf(w.keyIdOf(id)))) latest.set(w.keyIdOf(id), id);
  }
  let copied = 0, bytes = 0;
  for (const [keyId, id] of latest) {
    if (rows.kind[id] === K_DELETE) continue;
    const table = rows.tableOf(keyId), key = rows.ownKey(keyId, keys[keyId]!), value = w.value(id);
    tableData(s, table).set(key, value);
    copied++;
    bytes += key.length + value.length;
  }
  return { rows: copied, bytes };
}
