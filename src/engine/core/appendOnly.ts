/*
 * Tables whose typed-array columns only grow at the end (the write table, WAL timelines, the
 * checker's rows). Each says how many rows it uses and the lowest row changed since it was last
 * marked clean, so that a checkpoint can share the unchanged rows with the checkpoint before it
 * instead of copying them (src/engine/checkpoint).
 */

/** touchedFrom when no row has changed: above any row index (rows stay below 2^31) */
export const NO_ROW_TOUCHED = 0x7fffffff;

export interface AppendOnlyColumns {
  /**
   * the table's row index held at column index 0: rows below it were compacted away by the
   * retention window (src/engine/retention); 0 for a table that never drops rows
   */
  readonly rowBase: number;
  /** column rows in use (from rowBase on): past them a column holds nothing that is read before it is written again */
  readonly rowsUsed: number;
  /** the lowest column row changed since the last markClean; rows below it (and below rowsUsed then) are as they were */
  readonly touchedFrom: number;
  markClean(): void;
}
