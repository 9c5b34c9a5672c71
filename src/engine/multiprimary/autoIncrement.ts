/*
 * Generated keys on a multi-primary node: MySQL/MariaDB's AUTO_INCREMENT with
 * auto_increment_increment / auto_increment_offset, the settings that keep two primaries'
 * generated keys apart (increment = the number of primaries, a distinct offset on each).
 *
 * The rule (MySQL Reference Manual 8.0, 19.1.6.2 "Replication Source Options and Variables",
 * auto_increment_increment: https://dev.mysql.com/doc/refman/8.0/en/replication-options-source.html#sysvar_auto_increment_increment):
 * the values generated are the series offset + N × increment (N = 0, 1, 2, …) and "the next value
 * is the smallest in the series that is greater than the maximum existing value in the
 * AUTO_INCREMENT column"; when the offset is greater than the increment, the offset is ignored
 * (taken as 1). Both range over 1..65535.
 *
 * The counter follows every row the node takes in, its own and replicated ones alike: InnoDB
 * raises its auto-increment counter when a row is inserted with an explicit value above it (a row
 * a replica applies carries its value; MySQL Reference Manual 17.6.1.6 "AUTO_INCREMENT Handling
 * in InnoDB"), and since MySQL 8.0 the counter never goes back when rows are deleted. So a node's
 * counter is the highest whole-number key its table ever held; keys that are not whole numbers
 * take no part.
 */
import { AUTO_INCREMENT_MAX } from "./schema";
import type { MpNodeRt } from "./state";

/** the largest key the counter follows (beyond it, keys stay exact as JavaScript integers no longer would) */
const COUNTER_MAX = Number.MAX_SAFE_INTEGER - 2 * AUTO_INCREMENT_MAX;

/** A whole-number key's value ("42"; not "042", "4.2" or "x"), or -1. */
export function keyNumber(key: string): number {
  if (!/^(0|[1-9]\d{0,15})$/.test(key)) return -1;
  const n = Number(key);
  return n <= COUNTER_MAX ? n : -1;
}

/** The node took in a row of `table` with this key: its counter follows. */
export function noteKey(node: MpNodeRt, table: string, key: string): void {
  const n = keyNumber(key);
  if (n > (node.autoIncMax.get(table) ?? 0)) node.autoIncMax.set(table, n);
}

/** The key the node generates next for an insert into `table`, by MySQL's rule above. */
export function nextKey(node: MpNodeRt, table: string): string {
  return String(nextInSeries(node.autoIncMax.get(table) ?? 0, node.autoIncrementIncrement, node.autoIncrementOffset));
}

/** the smallest offset + N × increment greater than max (an offset above the increment counts as 1) */
export function nextInSeries(max: number, increment: number, offset: number): number {
  const start = offset > increment ? 1 : offset;
  if (max < start) return start;
  return start + (Math.floor((max - start) / increment) + 1) * increment;
}
