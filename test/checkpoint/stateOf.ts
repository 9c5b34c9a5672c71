/*
 * A simulation's whole state as a flat list of lines, for tests that hold two simulations equal
 * inside, not only in what they report: every object reached from it (in field order, with
 * shared references as back-references), every Map, Set and typed array. Of the append-only
 * tables' columns only the rows in use count (past them a column holds nothing read before it
 * is written again, and a restored column's tail need not hold the same leftovers). Left out:
 * the bookkeeping for checkpoints: the tables' `touchedFrom` (what changed since the last one)
 * and NameIds' `shared` (whether a checkpoint shares its entries).
 */
import { AckIndex } from "../../src/engine/checker/ackIndex";
import { PinnedRows } from "../../src/engine/clients/pinnedRows";
import { WriteTable } from "../../src/engine/clients/writeTable";
import { NameIds } from "../../src/engine/core/nameIds";
import { Timeline } from "../../src/engine/wal/timelines";

function rowsUsed(owner: unknown): number | null {
  if (owner instanceof WriteTable) return owner.rowsUsed;
  if (owner instanceof Timeline) return owner.rowsUsed;
  if (owner instanceof PinnedRows) return owner.size;
  if (owner instanceof AckIndex) return owner.size;
  return null;
}

export function stateOf(root: object, skip: ReadonlySet<string> = new Set(["options", "scenario"])): string[] {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const visit = (v: unknown, path: string, owner: unknown, key: string): void => {
    if (typeof v === "function") { out.push(`${path} = function`); return; }
    if (typeof v !== "object" || v === null) { out.push(`${path} = ${Object.is(v, -0) ? "-0" : String(v)}`); return; }
    const seen = ids.get(v);
    if (seen !== undefined) { out.push(`${path} -> #${seen}`); return; }
    ids.set(v, ids.size);
    if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      const used = owner instanceof AckIndex && key === "heads" ? a.length : rowsUsed(owner) ?? a.length;
      out.push(`${path} = ${v.constructor.name}[${Array.prototype.slice.call(a, 0, used).join(",")}]`);
      return;
    }
    out.push(`${path} = #${ids.get(v)} ${(v as object).constructor?.name ?? "null-proto"}`);
    if (v instanceof Map) { let i = 0; for (const [k, x] of v) { visit(k, `${path}<k${i}>`, v, "key"); visit(x, `${path}<v${i++}>`, v, "value"); } return; }
    if (v instanceof Set) { let i = 0; for (const x of v) visit(x, `${path}<${i++}>`, v, "item"); return; }
    for (const k of Object.keys(v)) {
      if ((path === "sim" && skip.has(k)) || k === "touchedFrom" || (k === "shared" && v instanceof NameIds)) continue;
      visit((v as Record<string, unknown>)[k], `${path}.${k}`, v, k);
    }
  };
  visit(root, "sim", null, "");
  return out;
}
