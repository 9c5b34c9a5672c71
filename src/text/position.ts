/*
 * A position in the log, in the words of the database the page speaks for.
 *
 * The engine keeps one model of the log for both databases: a byte offset from the start of the
 * primary's log (src/engine/wal). PostgreSQL prints such an offset as an LSN ("0/1F0",
 * src/text/lsn.ts). MySQL/MariaDB name a place in the source's binary log by its file and the byte
 * position in that file ("mysql-bin.000001:4567"), which is what SHOW REPLICA STATUS shows as
 * Source_Log_File / Read_Source_Log_Pos / Exec_Source_Log_Pos, and what SHOW BINARY LOG STATUS
 * (SHOW MASTER STATUS) shows on the source:
 *   https://mariadb.com/kb/en/show-replica-status/ and https://mariadb.com/kb/en/show-binlog-events/
 *
 * The mapping, and where it simplifies:
 *  - every binary log file starts with the 4-byte magic number 0xfe 'b' 'i' 'n', so the first
 *    event of a file is at position 4 (https://mariadb.com/kb/en/binlog-event-header/); the model
 *    puts the log's first byte there. A real file also starts with a Format_description event
 *    (and in MariaDB Gtid_list and Binlog_checkpoint events), so real positions are a few hundred
 *    bytes larger than these.
 *  - the server rotates to the next file once one exceeds max_binlog_size (default 1 GiB,
 *    https://mariadb.com/kb/en/replication-and-binary-log-system-variables/#max_binlog_size);
 *    here file n holds offsets [(n-1) GiB, n GiB) exactly.
 *  - after a failover the new source writes its own binary log files, with positions of its own;
 *    the model keeps one log, so positions continue across a failover. MariaDB's GTIDs (0-1-42:
 *    domain, server_id, sequence number) are what survive a failover; the model does not show them.
 */
import { formatLsn } from "./lsn";

export const BINLOG_BASENAME = "mysql-bin";
/** max_binlog_size's default: 1 GiB */
const FILE_BYTES = 2 ** 30;
/** the magic number at the start of every binary log file */
const MAGIC_BYTES = 4;

export type LogWords = "postgres" | "mysql";

/** "mysql-bin.000001": the binary log file an offset falls in. */
export function binlogFile(offset: number): string {
  return `${BINLOG_BASENAME}.${String(Math.floor(offset / FILE_BYTES) + 1).padStart(6, "0")}`;
}

/** The byte position within its file: what Read_Source_Log_Pos and Exec_Source_Log_Pos show. */
export function binlogPos(offset: number): number {
  return (offset % FILE_BYTES) + MAGIC_BYTES;
}

/** "mysql-bin.000001:4567" */
export function binlogPosition(offset: number): string {
  return `${binlogFile(offset)}:${binlogPos(offset)}`;
}

/** An offset as the database prints it: "0/1F0" (PostgreSQL) or "mysql-bin.000001:500" (MySQL/MariaDB). */
export function formatPosition(offset: number, words: LogWords): string {
  return words === "mysql" ? binlogPosition(offset) : formatLsn(offset);
}

/** Positions inside a text the engine wrote ("flush ≥ 1234 on s1", "LSN 1234", "forked … at 1234"), as the database prints them. */
export function positionsIn(text: string, words: LogWords): string {
  const said = words === "mysql" ? text.replace(/\bthe WAL\b/g, "the binary log") : text;
  // "≥ n", "LSN n", "at n", "point n": the engine's ways of naming an offset (never a time: "at 600 ms" stays)
  return said.replace(/(≥ |LSN |\bat |\bpoint )(\d+)(?![\d.]|\s*ms)/g, (_m, pre: string, n: string) =>
    `${words === "mysql" && pre === "LSN " ? "" : pre}${formatPosition(Number(n), words)}`);
}
