/*
 * Node names that differ only in case. PostgreSQL matches synchronous_standby_names to a
 * standby's application_name case-insensitively (SyncRepGetStandbyPriority uses pg_strcasecmp;
 * docs: runtime-config-replication, synchronous_standby_names), so two standbys named apart only
 * by case cannot be told apart there. The engine matches with toLowerCase (commit/standbyNames.ts),
 * which folds every cased letter where pg_strcasecmp folds ASCII and single-byte ones: the check
 * uses the engine's fold, so whatever the engine would confuse is refused.
 * One check for the cluster a file starts with, a file's add-replica actions and the page's
 * add-replica commands.
 */

/** A name among `names` equal to `name` but for case (not equal outright), or undefined. */
export function sameButCase(name: string, names: Iterable<string>): string | undefined {
  const folded = name.toLowerCase();
  for (const other of names) if (other !== name && other.toLowerCase() === folded) return other;
  return undefined;
}

export function caseClashMessage(name: string, other: string): string {
  return `"${name}" differs from "${other}" only in case; PostgreSQL matches standby names ` +
    "case-insensitively, so give every node a name of its own";
}
