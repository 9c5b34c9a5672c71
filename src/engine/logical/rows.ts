/*
 * Rows and tables on the physical side. A row is a key of a table; the physical WAL, the
 * standbys and the checker know it by one key name: the key itself in table "t" (so every
 * scenario written before tables existed runs as it did), `table.key` in any other table.
 *
 * The primary resolves each write against the rows it holds, in WAL order (what a row lock
 * gives PostgreSQL): an insert of an existing key fails with a unique violation, an update or a
 * delete of a missing row changes nothing and writes no WAL (UPDATE 0 / DELETE 0: a transaction
 * without an xid writes no commit record), an upsert becomes an insert or an update — which is
 * what logical decoding sees (INSERT … ON CONFLICT DO UPDATE is decoded as the change it made).
 * An UPDATE or DELETE on a published table without a replica identity is refused, even when it
 * matches no row (REAL-BEHAVIOUR.md; CheckCmdReplicaIdentity in executor/execReplication.c:
 * "cannot update table … because it does not have a replica identity and publishes updates").
 */
import { grown } from "../core/grown";
import { DEFAULT_TABLE, type RowKind, type TableConfig } from "./schema";

export const K_NONE = 0, K_INSERT = 1, K_UPDATE = 2, K_DELETE = 3, K_UPSERT = 4;
const KIND_CODES: Record<RowKind, number> = { insert: K_INSERT, update: K_UPDATE, delete: K_DELETE, upsert: K_UPSERT };
export const kindCode = (k: RowKind | undefined): number => (k === undefined ? K_UPSERT : KIND_CODES[k]);
export const KIND_NAMES = ["none", "insert", "update", "delete", "upsert"] as const;

/** The key name the physical side uses for a row of `table`. */
export function rowKeyName(table: string | undefined, key: string): string {
  return table === undefined || table === DEFAULT_TABLE ? key : `${table}.${key}`;
}

/** What the primary decided for a write: append it, refuse it, or acknowledge it unchanged. */
export type Resolution = { append: true } | { append: false; error: string | null };
const APPEND: Resolution = { append: true };

export class RowModel {
  /** table names by id (0 is "t") and their ids */
  readonly tables: string[] = [DEFAULT_TABLE];
  private readonly tableIds = new Map<string, number>([[DEFAULT_TABLE, 0]]);
  private readonly config = new Map<string, TableConfig>();
  /** tables some publication on the primary names */
  readonly published = new Set<string>();
  /** by physical key id, for keys outside table "t": the table id and the row's own key */
  private readonly keyTable = new Map<number, number>();
  private readonly keyOwn = new Map<number, string>();
  /** by write id: the change the primary made (K_INSERT / K_UPDATE / K_DELETE), K_NONE when none */
  kind = new Uint8Array(1024);
  /** by write id, scripted writes only: the change asked for (absent: upsert) and bulk row counts */
  private readonly requested = new Map<number, number>();
  private readonly bulkRows = new Map<number, number>();
  /** by physical key id: 1 while the row exists on the primary (in WAL order) */
  present = new Uint8Array(64);

  constructor(tables: readonly TableConfig[], published: Iterable<string>) {
    for (const t of tables) this.config.set(t.name, t);
    for (const t of published) this.published.add(t);
  }

  tableId(name: string): number {
    let id = this.tableIds.get(name);
    if (id === undefined) {
      id = this.tables.length;
      this.tables.push(name);
      this.tableIds.set(name, id);
    }
    return id;
  }

  /** A physical key id names this row (called as the key is made). */
  noteKey(keyId: number, table: string | undefined, key: string): void {
    if (table === undefined || table === DEFAULT_TABLE) return;
    this.keyTable.set(keyId, this.tableId(table));
    this.keyOwn.set(keyId, key);
  }

  tableOf(keyId: number): string {
    return this.tables[this.keyTable.get(keyId) ?? 0]!;
  }

  /** the row's key within its table, given the physical key's name */
  ownKey(keyId: number, physicalName: string): string {
    return this.keyOwn.get(keyId) ?? physicalName;
  }

  hasPrimaryKey(table: string): boolean {
    return this.config.get(table)?.primaryKey ?? true;
  }

  /** REPLICA IDENTITY DEFAULT means the primary key; FULL the whole row; NOTHING none */
  hasReplicaIdentity(table: string): boolean {
    const c = this.config.get(table);
    if (!c) return true;
    return c.replicaIdentity === "full" || (c.replicaIdentity === "default" && c.primaryKey);
  }

  noteRequest(writeId: number, kind: number, rows: number): void {
    if (kind !== K_UPSERT) this.requested.set(writeId, kind);
    if (rows > 1) this.bulkRows.set(writeId, rows);
  }

  rows(writeId: number): number {
    return this.bulkRows.size === 0 ? 1 : this.bulkRows.get(writeId) ?? 1;
  }

  isDelete(writeId: number): boolean {
    return writeId < this.kind.length && this.kind[writeId] === K_DELETE;
  }

  /** The row exists on the primary (the model made mid-run learns what the primary shows). */
  markPresent(keyId: number): void {
    if (keyId >= this.present.length) this.present = grown(this.present, Math.max(keyId + 1, this.present.length * 2));
    this.present[keyId] = 1;
  }

  /** The primary takes write `writeId` on row `keyId`: what it does, in WAL order. */
  resolve(writeId: number, keyId: number): Resolution {
    const asked = this.requested.size === 0 ? K_UPSERT : this.requested.get(writeId) ?? K_UPSERT;
    if (keyId >= this.present.length) this.present = grown(this.present, Math.max(keyId + 1, this.present.length * 2));
    const exists = this.present[keyId] === 1, table = this.tableOf(keyId);
    const changes = asked === K_UPDATE || asked === K_DELETE || (asked === K_UPSERT && exists);
    if (changes && this.published.has(table) && !this.hasReplicaIdentity(table)) {
      const verb = asked === K_DELETE ? "delete from" : "update";
      const what = asked === K_DELETE ? "deletes" : "updates";
      return { append: false, error: `cannot ${verb} table "${table}" because it does not have a replica identity and publishes ${what}` };
    }
    let kind: number;
    if (asked === K_INSERT) {
      if (exists && this.hasPrimaryKey(table)) {
        return { append: false, error: `duplicate key value violates unique constraint "${table}_pkey"` };
      }
      kind = K_INSERT;
    } else if (asked === K_UPDATE || asked === K_DELETE) {
      if (!exists) return { append: false, error: null };
      kind = asked;
    } else kind = exists ? K_UPDATE : K_INSERT;
    this.present[keyId] = kind === K_DELETE ? 0 : 1;
    this.setKind(writeId, kind);
    return APPEND;
  }

  private setKind(writeId: number, kind: number): void {
    if (writeId >= this.kind.length) this.kind = grown(this.kind, Math.max(writeId + 1, this.kind.length * 2));
    this.kind[writeId] = kind;
  }
}
