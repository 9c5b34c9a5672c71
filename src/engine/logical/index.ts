/* Logical replication's room: what the rest of the engine may use. */
import type { Scenario } from "../scenario/schema";

export { Logical } from "./logical";
export { rowKeyName } from "./rows";
export type { ConflictView, DivergentKeyView, LogicalView, SubscriptionView } from "./views";

/** A run needs the room from the start when it has subscribers, declares tables, or a write names a table or kind. */
export function needsLogical(scenario: Scenario): boolean {
  if ((scenario.cluster.subscribers?.length ?? 0) > 0 || (scenario.cluster.tables?.length ?? 0) > 0) return true;
  return scenario.actions.some((a) => (a.op === "write" && (a.table !== undefined || a.kind !== undefined || a.rows !== undefined))
    || (a.op === "read" && a.table !== undefined));
}
