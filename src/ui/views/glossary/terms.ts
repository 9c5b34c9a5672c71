/*
 * The glossary: every term the page shows, explained in a sentence or two for someone who never
 * heard of a WAL. One source of truth: the page's tooltips (<Term>) and its Glossary panel read
 * this list, and docs/glossary.md is written from it (`npm run glossary`; a unit test checks that
 * the file matches). Wording follows the databases' own documentation.
 */

export type TermFamily = "general" | "postgres" | "mysql";

export interface GlossaryTerm {
  /** stable id: the tooltip's anchor (#glossary-<id>) and the key other code uses */
  id: string;
  /** the word as it appears on screen */
  term: string;
  family: TermFamily;
  /** what it means, in one or two plain sentences */
  text: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { id: "wal", term: "WAL", family: "postgres",
    text: "Write-ahead log: every change is first appended to this log and flushed to disk, then applied. Replicas receive a copy of the log and replay it." },
  { id: "lsn", term: "LSN (0/1A0)", family: "postgres",
    text: "Log sequence number: a byte offset in the WAL. PostgreSQL writes it as two hexadecimal halves, high/low: 0/1A0 is byte 416 of the log. A larger LSN is later in the log." },
  { id: "record", term: "WAL record", family: "postgres",
    text: "One entry in the log (here: one write of one key), stored at its offset. Drawn as a block on each node's tape." },
  { id: "timeline", term: "TL (timeline)", family: "postgres",
    text: "A numbered history of the WAL. A promotion starts a new timeline (TL 1 → TL 2) at the switch point, so the old and new histories can be told apart." },
  { id: "switch-point", term: "switch point", family: "postgres",
    text: "The LSN where a new timeline branches off the old one: everything before it is shared history; an old primary with WAL after it has diverged." },
  { id: "primary", term: "primary", family: "general",
    text: "The node that accepts writes. A role, not a name: after a failover another node becomes primary." },
  { id: "replica", term: "replica / standby", family: "general",
    text: "A node that receives the primary's log and replays it; reads may go to it. PostgreSQL says standby, MySQL says replica." },
  { id: "write", term: "write (received)", family: "postgres",
    text: "The replica has written the WAL it received to its operating system (write_lsn). A process crash keeps it; a power loss may not." },
  { id: "flush", term: "flush", family: "postgres",
    text: "The WAL is on disk (fsync done, flush_lsn): it survives a power loss." },
  { id: "replay", term: "replay (apply)", family: "postgres",
    text: "The replica has applied the WAL (replay_lsn): only now does a read on it see the change." },
  { id: "ack", term: "ACK (write / flush / apply)", family: "general",
    text: "The replica's reply telling the primary how far it has written, flushed and applied. PostgreSQL calls it a standby status update; MySQL semi-sync sends one ACK when the event is in the relay log. In the picture each ACK is labelled with why the replica sent it: after writing received WAL (write), after fsyncing it (flush), after applying a commit that a remote_apply commit waits for (apply), or on a timer (status)." },
  { id: "keepalive", term: "keepalive", family: "postgres",
    text: "A small message the primary sends when it has no new WAL, so that each side knows the other is still there (wal_sender_timeout)." },
  { id: "status-reply", term: "status (reply on a timer)", family: "postgres",
    text: "A reply the replica sends every wal_receiver_status_interval (10 s by default), when the primary asks for one in a keepalive, or when streaming starts. It repeats the replica's positions whether they moved or not." },
  { id: "tape", term: "tape (a node's log)", family: "general",
    text: "The picture draws each node's log as a strip of records, each at its offset (its LSN, above) with what it holds (x=3, below). Solid: applied, a read there sees it. Striped: flushed to disk. Outlined: received, in memory. Dashed: not there yet. On the primary: solid once flushed." },
  { id: "nothing-new", term: "nothing new", family: "postgres",
    text: "A reply from a replica that moves none of its positions (it answers a keepalive, or reports on a timer)." },
  { id: "replica-gap", term: "replica's own gap", family: "general",
    text: "How much WAL the replica itself has not replayed yet: the primary's flush position minus the replica's own replay position. It is what a read on the replica sees now." },
  { id: "reported-gap", term: "reported gap", family: "postgres",
    text: "What the primary believes: its flush position minus the replay_lsn the replica last reported. It trails the replica's own gap by one reply (a round trip), so it can be larger." },
  { id: "pg-stat-replication", term: "pg_stat_replication", family: "postgres",
    text: "PostgreSQL's view, on the primary, of each connected standby: its state, positions, lags and sync_state." },
  { id: "write-lag", term: "write_lag / flush_lag / replay_lag", family: "postgres",
    text: "Time from a commit on the primary until the standby reported it written / flushed / replayed. NULL once the standby has reported everything for a while." },
  { id: "sync-state", term: "sync_state", family: "postgres",
    text: "async: not listed in synchronous_standby_names. sync: chosen, commits wait for it. potential: listed but not chosen now. quorum: one of an ANY n list." },
  { id: "potential", term: "potential", family: "postgres",
    text: "Listed in synchronous_standby_names but not chosen: either higher-priority standbys are chosen, or it is still catching up. PostgreSQL only chooses a standby that is streaming and has reported its flush position (syncrep.c), so one that has just reconnected shows potential while a commit may already wait for it; it turns sync at its first reply." },
  { id: "synchronous-standby-names", term: "FIRST 2 (s1, s2)", family: "postgres",
    text: "synchronous_standby_names: FIRST n (a, b, …) makes each commit wait for the n listed standbys of highest priority that are streaming; ANY n (…) for any n of them. Fewer than n connected: commits wait." },
  { id: "synchronous-commit", term: "synchronous_commit", family: "postgres",
    text: "How far a commit waits: off (not even the local flush), local (local flush), remote_write (standby wrote it), on (standby flushed it), remote_apply (standby replayed it)." },
  { id: "walsender-state", term: "state (streaming / catchup)", family: "postgres",
    text: "The walsender's state: catchup while the standby is receiving old WAL after connecting, streaming once it has caught up." },
  { id: "restart-lsn", term: "restart_lsn", family: "postgres",
    text: "The oldest WAL a replication slot still needs: the primary keeps everything from there on." },
  { id: "slot", term: "replication slot", family: "postgres",
    text: "A named promise on the primary to keep WAL until one standby has received it, even while that standby is down." },
  { id: "wal-keep-size", term: "wal_keep_size", family: "postgres",
    text: "WAL the primary keeps on disk for standbys even without slots. A standby that falls further behind needs a new base backup." },
  { id: "max-slot-wal-keep-size", term: "max_slot_wal_keep_size", family: "postgres",
    text: "The most WAL a slot may hold back; past it the slot becomes unreserved, then lost." },
  { id: "wal-status", term: "wal_status", family: "postgres",
    text: "reserved: the slot's WAL is kept. unreserved: past max_slot_wal_keep_size, removed at the next checkpoint. lost: removed; the standby cannot catch up." },
  { id: "checkpoint", term: "checkpoint", family: "postgres",
    text: "Writes changed data to the data files; afterwards WAL nobody needs (no slot, beyond wal_keep_size) is removed." },
  { id: "promote", term: "promote / failover", family: "general",
    text: "Make a replica the new primary (after the primary fails). It replays what it has, then starts a new timeline. Writes it never received are lost." },
  { id: "lost-write", term: "lost write", family: "general",
    text: "A write the client was told succeeded (acknowledged) that the new primary does not have after a failover." },
  { id: "loss-window", term: "loss window", family: "general",
    text: "The time between the first and the last lost acknowledged write: how much of the past a failover erased (the RPO)." },
  { id: "stale-read", term: "stale read", family: "general",
    text: "A read that misses a write acknowledged before the read began (for example on a lagging replica, or after that write was lost)." },
  { id: "fencing", term: "fencing", family: "general",
    text: "Shutting the old primary down when another node is promoted, so that two primaries never accept writes (split brain)." },
  { id: "rewind", term: "rewind", family: "postgres",
    text: "pg_rewind: cut a diverged node's WAL back to the switch point and make it follow the new primary, keeping its data files." },
  { id: "reclone", term: "re-clone", family: "general",
    text: "Throw the node's data away and copy it anew from the primary (a base backup); needed when its WAL cannot be rewound or was removed." },
  { id: "diverged", term: "diverged", family: "general",
    text: "The node holds WAL the current primary never had (it was primary, or received more than the promoted node): it may not follow until rewound or re-cloned." },
  { id: "stall", term: "commit waiting (stall)", family: "general",
    text: "The primary has written the commit but does not answer the client until enough replicas confirm it." },
  { id: "cancel-waiting", term: "Cancel waiting commits", family: "postgres",
    text: "What cancelling the waiting backend does in PostgreSQL: the client gets success with a WARNING that the transaction committed locally but might not have been replicated." },
  { id: "semi-sync", term: "semi-sync", family: "mysql",
    text: "MySQL/MariaDB: a commit waits until one replica (rpl_semi_sync_master_wait_for_slave_count) has the transaction in its relay log, or until the timeout, then falls back to async." },
  { id: "wait-point", term: "AFTER_SYNC / AFTER_COMMIT", family: "mysql",
    text: "The wait point: AFTER_SYNC waits for the ACK before the commit is visible to others (MySQL 8's default); AFTER_COMMIT waits after the storage engine commit, so others may read a row that a failover can still lose (MariaDB's default)." },
  { id: "binlog", term: "binlog position", family: "mysql",
    text: "The binary log is MySQL's replication log; a position is a file name and byte offset of an event in it, as in mysql-bin.000001:4567 (or a GTID). The page maps its one log to these: the first event of a file at 4, a new file every 1 GiB." },
  { id: "relay-log", term: "relay log", family: "mysql",
    text: "The replica's copy of the source's binlog events, written by its I/O thread and applied by its SQL thread." },
  { id: "gtid", term: "GTID", family: "mysql",
    text: "Global transaction id (domain-server-sequence in MariaDB, uuid:n in MySQL): names a transaction on every server." },
  { id: "show-replica-status", term: "SHOW REPLICA STATUS", family: "mysql",
    text: "The replica's own view: Read_Master_Log_Pos (received), Exec_Master_Log_Pos (applied), Seconds_Behind_Source." },
  { id: "seconds-behind-source", term: "Seconds_Behind_Source", family: "mysql",
    text: "Computed on the replica: its clock minus the source's timestamp of the event its SQL thread is applying, in whole seconds; 0 once it has applied its whole relay log; NULL when it has and its I/O thread is not connected. The source never sees it." },
  { id: "semi-sync-ack", term: "semi-sync ACK", family: "mysql",
    text: "The only thing a MySQL/MariaDB replica sends its source: the binlog file and position of the events it has just written to its relay log (not applied). The source learns no flush or apply position and no lag from it; SHOW REPLICA STATUS is computed on the replica." },
  { id: "heartbeat", term: "heartbeat", family: "mysql",
    text: "An event the source sends a replica when it has had nothing to send for a while (MASTER_HEARTBEAT_PERIOD, half of slave_net_timeout by default), so the replica's I/O thread knows the connection still works. The replica does not answer it." },
  { id: "io-sql-threads", term: "I/O thread / SQL thread", family: "mysql",
    text: "A replica's two workers: the I/O thread connects to the source, reads its binary log and writes the events to the relay log (Replica_IO_Running: Yes / Connecting / No); the SQL thread applies the relay log (Exec_Source_Log_Pos)." },
  { id: "binlog-kept", term: "binary log kept", family: "mysql",
    text: "Binary log the source still has on disk. MySQL purges binary logs by age (binlog_expire_logs_seconds), not for replicas; the model keeps them as its retention settings say, up to the positions replicas ACKed." },
  { id: "semi-sync-status", term: "Rpl_semi_sync_master_status", family: "mysql",
    text: "ON while commits wait for ACKs; OFF after a timeout fell back to async (it turns ON again once a replica catches up)." },
  { id: "semi-sync-yes-no", term: "Rpl_semi_sync_master_yes_tx / _no_tx", family: "mysql",
    text: "Commits a replica acknowledged (yes_tx), and commits that returned without an acknowledgement (no_tx): made while semi-sync was OFF, or released when its timeout ran out." },
  { id: "semi-sync-clients", term: "Rpl_semi_sync_master_clients", family: "mysql",
    text: "How many semi-sync replicas are connected now." },
  { id: "semi-sync-timeout", term: "rpl_semi_sync_master_timeout", family: "mysql",
    text: "How long (ms) a commit waits for an ACK before semi-sync switches OFF and the commit succeeds without one." },
];

const BY_ID = new Map(GLOSSARY.map((t) => [t.id, t]));

export function glossaryTerm(id: string): GlossaryTerm {
  const t = BY_ID.get(id);
  if (!t) throw new Error(`no glossary term "${id}"`);
  return t;
}

const FAMILY_TITLES: Record<TermFamily, string> = {
  general: "Replication in general",
  postgres: "PostgreSQL",
  mysql: "MySQL / MariaDB",
};

/** docs/glossary.md, written from the list above (scripts/write-glossary.ts). */
export function glossaryMarkdown(): string {
  const out = [
    "# Glossary",
    "",
    "Every term the page shows, explained. The page shows the same text when a term is hovered or",
    "focused, and in its Glossary panel. Generated from `src/ui/views/glossary/terms.ts` by",
    "`npm run glossary`: edit that file, not this one.",
  ];
  for (const family of ["general", "postgres", "mysql"] as const) {
    out.push("", `## ${FAMILY_TITLES[family]}`, "");
    for (const t of GLOSSARY.filter((g) => g.family === family)) out.push(`- **${t.term}**: ${t.text}`);
  }
  return out.join("\n") + "\n";
}

export { FAMILY_TITLES };
