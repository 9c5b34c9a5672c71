/*
 * One event-log line, said as what happened and why, in the words of the database the page
 * speaks for: "s1 connected to db1 and streams WAL from 0/D2 — its walreceiver asks for the WAL
 * after the end of its own".
 *
 * The engine writes each log line once, as a plain fact with raw byte offsets (its tests and the
 * page's parsers read those texts: src/ui/views/lostWritesModel.ts, logKinds.ts). This module is
 * the one place that words them for a person, at presentation time: the page's Event log, the
 * blockage panel, Step (src/narrate/stepNarration.ts) and the CLI's log all call narrateLog. It is
 * pure and deterministic: the same entry gives the same line.
 *
 * Every kind of line has its rules (RULES is a Record over every LogKind: a new kind without one
 * does not compile). A rule matches one of the engine's texts and says it again with its cause;
 * a text no rule knows still gets its kind's general reason (GENERAL), and the unit test
 * (test/narrate/logNarration.test.ts) runs real scenarios and fails when any line falls back.
 */
import type { LogEntry, LogKind } from "../engine/views";
import { formatPosition, positionsIn, type LogWords } from "../text/position";
import { plural } from "../text/plural";

interface Words {
  mysql: boolean;
  /** a raw offset from the engine's text, as the database prints positions */
  pos: (raw: string) => string;
}

interface Rule {
  test: RegExp;
  say: (m: RegExpExecArray, w: Words) => string;
}

const at = (w: Words, raw: string) => w.pos(raw);

const RULES: Record<LogKind, Rule[]> = {
  connect: [
    { test: /^(\S+) connected to (\S+) \(streaming from LSN (\d+)\)$/, say: (m, w) => w.mysql
      ? `${m[1]}'s I/O thread connected to ${m[2]} and reads its binary log from ${at(w, m[3]!)} — it asks for the events after the last one in its relay log`
      : `${m[1]} connected to ${m[2]} and streams WAL from ${at(w, m[3]!)} — its walreceiver asks for the WAL after the end of its own` },
    { test: /^(\S+) added from a base backup of (\S+) at LSN (\d+)$/, say: (m, w) => w.mysql
      ? `${m[1]} was added from a backup of ${m[2]} taken at ${at(w, m[3]!)} — a new replica starts as a copy of the source's data and replicates what came after`
      : `${m[1]} was added from a base backup of ${m[2]} taken at ${at(w, m[3]!)} — a new standby starts as a copy of the primary's data and streams the WAL that came after` },
    { test: /^subscription "(.+)": apply worker started, streaming from LSN (\d+)$/, say: (m, w) =>
      `subscription "${m[1]}": its apply worker started and streams from ${at(w, m[2]!)} — it resumes after the last transaction the subscriber confirmed` },
    { test: /^subscription "(.+)" created: replication slot "(.+)" on (\S+) at LSN (\d+)(, copying the published tables)?$/, say: (m, w) =>
      `CREATE SUBSCRIPTION ${m[1]} made replication slot "${m[2]}" on ${m[3]} at ${at(w, m[4]!)}${m[5] ?? ""} — ` +
      `the slot makes ${m[3]} keep the WAL the subscriber has not confirmed` },
    { test: /^subscription "(.+)": initial copy done \((\d+) rows\); streaming starts$/, say: (m) =>
      `subscription "${m[1]}" copied ${plural(Number(m[2]), "row")} and starts streaming — the copy saw the tables as of the slot's position, so the changes since then come by streaming` },
    { test: /^multi-primary \((.+)\): (.+) all accept writes$/, say: (m) =>
      `multi-primary (${m[1]}): ${m[2]} all accept writes — each is a source for the others and a replica of them` },
  ],
  disconnect: [
    { test: /^(\S+): (\S+) disconnected: (.+)$/, say: (m, w) =>
      `${m[1]} dropped its connection to ${m[2]} (${w.mysql ? mysqlReason(m[3]!) : m[3]}) — ${m[2]} gets no more ${w.mysql ? "binary log events" : "WAL"} until it reconnects, ` +
      `and commits waiting for its ${w.mysql ? "ACK" : "confirmation"} wait on` },
    { test: /^(\S+): terminating walreceiver due to timeout \(wal_receiver_timeout = (\d+) ms\)$/, say: (m, w) => w.mysql
      ? `${m[1]}'s I/O thread gave up on its source after ${m[2]} ms of silence — no event and no heartbeat came (the model's wal_receiver_timeout plays slave_net_timeout); it reconnects`
      : `${m[1]}: terminating walreceiver due to timeout (wal_receiver_timeout = ${m[2]} ms) — nothing came from its primary for that long, not even a keepalive; it reconnects` },
    { test: /^(\S+): could not stream from (\S+): (.+)$/, say: (m, w) =>
      `${m[1]} could not ${w.mysql ? "replicate" : "stream"} from ${m[2]}: ${positionsIn(m[3]!, w.mysql ? "mysql" : "postgres")} — ` +
      `${m[2]} refused what ${m[1]} asked for; it cannot catch up until that is fixed` },
    { test: /^(\S+): connection to (\S+) closed \((.+)\)$/, say: (m, w) =>
      `${m[1]}'s connection to ${m[2]} closed (${m[3]}) — the other end went away; ${m[1]} tries again ${w.mysql ? "after its connect retry interval" : "after wal_retrieve_retry_interval"}` },
    { test: /^(?:logical )?slot (?:of (\S+)|"(.+)") invalidated: it held back (\d+) bytes, more than max_slot_wal_keep_size \(wal_status lost\)$/, say: (m) =>
      `the replication slot of ${m[1] ?? `"${m[2]}"`} was invalidated: it held back ${m[3]} bytes, more than max_slot_wal_keep_size allows — ` +
      "the primary removes that WAL rather than fill its disk, so this reader can no longer catch up by streaming" },
    { test: /^(\S+) removed from the cluster$/, say: (m) =>
      `${m[1]} was removed from the cluster — the scenario or the controls removed it; its connection and slot go with it` },
    { test: /^(\S+): (.+)$/, say: (m, w) =>
      `${m[1]} stopped ${w.mysql ? "replicating" : "streaming"}: ${positionsIn(m[2]!, w.mysql ? "mysql" : "postgres")} — it cannot follow the primary until that is fixed` },
  ],
  crash: [
    { test: /^(\S+) lost power \(.*\)$/, say: (m, w) =>
      `${m[1]} lost power — a fault the scenario or the controls injected: what it had not flushed to disk is gone, and its peers are not told` +
      (w.mysql ? " (its binary log and relay log keep only what was synced)" : "") },
    { test: /^(\S+) crashed \(process; .*\)$/, say: (m) =>
      `${m[1]} crashed — a fault the scenario or the controls injected: its process died, what reached the OS survives, and its peers see the connection close` },
    { test: /^(\S+) hung \(.*\)$/, say: (m) =>
      `${m[1]} hung (stopped answering) — a fault the scenario or the controls injected: it keeps its data and may resume; its peers notice only by timeouts` },
    { test: /^(\S+) fenced \((.+)\) so that only one primary takes writes$/, say: (m) =>
      `${m[1]} was fenced (${m[2]}) — another node was promoted, and fencing makes sure only one primary takes writes` },
    { test: /^(\S+) \(subscriber\) crashed; (.+)$/, say: (m) =>
      `${m[1]} (subscriber) crashed — a fault the scenario or the controls injected; ${m[2]}` },
    { test: /^(\S+) crashed: its connections to the other primaries dropped$/, say: (m) =>
      `${m[1]} crashed — a fault the scenario or the controls injected; its connections to the other primaries dropped, so its writes stop reaching them` },
  ],
  restart: [
    { test: /^(\S+) restarted: crash recovery replayed WAL to (\d+)$/, say: (m, w) => w.mysql
      ? `${m[1]} restarted; crash recovery brought it to ${at(w, m[2]!)} — a source comes back with every transaction its binary log had synced`
      : `${m[1]} restarted; crash recovery replayed its WAL to ${at(w, m[2]!)} — a primary comes back with everything it had flushed` },
    { test: /^(\S+) restarted; replaying from (\d+), streaming from (\d+)$/, say: (m, w) => w.mysql
      ? `${m[1]} restarted: its SQL thread applies from ${at(w, m[2]!)} and its I/O thread reads from ${at(w, m[3]!)} — a replica resumes where its relay log ends`
      : `${m[1]} restarted: it replays from ${at(w, m[2]!)} and streams from ${at(w, m[3]!)} — a standby resumes after the WAL on its disk` },
    { test: /^(\S+) resumed after hanging$/, say: (m) =>
      `${m[1]} resumed after hanging — the hang ended and it carries on from where it stopped` },
    { test: /^(\S+) restarted as an old primary whose WAL has diverged from (\S+)'s: (.+)$/, say: (m, w) =>
      `${m[1]} restarted as an old primary whose ${w.mysql ? "binary log" : "WAL"} has diverged from ${m[2]}'s (${positionsIn(m[3]!, w.mysql ? "mysql" : "postgres")}) — ` +
      `it has writes ${m[2]} never received, so it cannot follow ${m[2]} until it is ${w.mysql ? "re-cloned" : "rewound or re-cloned"}` },
    { test: /^(\S+) restarted and follows the new primary (\S+)$/, say: (m, w) =>
      `${m[1]} restarted and follows the new ${w.mysql ? "source" : "primary"} ${m[2]} — a failover happened while it was down` },
    { test: /^(\S+) rewound to LSN (\d+) on timeline (\d+)(?:; (\d+) write\(s\) in its diverged WAL discarded)?$/, say: (m, w) =>
      `${m[1]} was rewound to ${at(w, m[2]!)} on timeline ${m[3]}${m[4] ? ` and discarded ${plural(Number(m[4]), "write")}` : ""} — ` +
      (w.mysql ? "its diverged transactions are undone to where the new source's history began (the model's pg_rewind; MySQL/MariaDB usually re-clone)"
        : "pg_rewind threw away its WAL past the switch point, so it can follow the new timeline") },
    { test: /^(\S+) re-cloned from a base backup of (\S+) at LSN (\d+)(?:; (\d+) write\(s\) in its old WAL discarded)?$/, say: (m, w) =>
      `${m[1]} was re-cloned from a backup of ${m[2]} taken at ${at(w, m[3]!)}${m[4] ? ` and discarded ${plural(Number(m[4]), "write")}` : ""} — ` +
      `a fresh copy of ${m[2]}'s data replaced its own, diverged history` },
    { test: /^(\S+) \(subscriber\) restarted$/, say: (m) =>
      `${m[1]} (subscriber) restarted — it reconnects and resumes from what its slot on the publisher confirmed` },
    { test: /^(\S+) restarted and reconnects to the other primaries$/, say: (m) =>
      `${m[1]} restarted and reconnects to the other primaries — it fetches what they wrote while it was down` },
  ],
  promote: [
    { test: /^automatic failover: (\S+) down for (\d+) ms; promoting (\S+) \(timeline (\d+), highest flush LSN (\d+)\)$/, say: (m, w) =>
      `automatic failover promotes ${m[3]} (timeline ${m[4]}, the most ${w.mysql ? "binary log" : "WAL"} on disk: ${at(w, m[5]!)}) — ` +
      `${m[1]} had been down ${m[2]} ms, the time failover waits before it believes a primary is gone` },
    { test: /^(\S+) promoting: replaying all received WAL \(to (\d+)\) first$/, say: (m, w) => w.mysql
      ? `${m[1]} is being promoted: it applies its whole relay log (to ${at(w, m[2]!)}) first — so no transaction it received is lost`
      : `${m[1]} is being promoted: it replays all the WAL it received (to ${at(w, m[2]!)}) first — so no commit it received is lost` },
    { test: /^(\S+) is the primary on timeline (\d+) \(switch point (\d+)\)$/, say: (m, w) => w.mysql
      ? `${m[1]} is the source now (the model's timeline ${m[2]}, from ${at(w, m[3]!)}) — its promotion is complete: writes go to ${m[1]}`
      : `${m[1]} is the primary on timeline ${m[2]} (switch point ${at(w, m[3]!)}) — its promotion is complete: a new timeline starts where its WAL ended` },
  ],
  partition: [
    { test: /^link (\S+) (→|–|↔) (\S+) cut$/, say: (m) =>
      `the network link ${m[1]} ${m[2]} ${m[3]} was cut — a fault the scenario or the controls injected: messages on it are lost until it heals` },
  ],
  heal: [
    { test: /^link (\S+) (→|–|↔) (\S+) healed$/, say: (m) =>
      `the network link ${m[1]} ${m[2]} ${m[3]} healed — messages get through again; connections recover by their timeouts and reconnects` },
  ],
  configure: [
    { test: /^commit settings: (.+)$/, say: (m, w) =>
      `commit settings changed: ${positionsIn(m[1]!, w.mysql ? "mysql" : "postgres")} — commits from now on wait as these settings say` },
    { test: /^workload: (.+)$/, say: (m) => `the workload changed: ${m[1]} — new writes and reads follow these rates` },
    { test: /^failover: (.+)$/, say: (m) => `failover settings changed: ${m[1]} — they decide what happens when the primary goes down` },
    { test: /^(\d+) waiting commit\(s\) cancelled: (.+)$/, say: (m, w) =>
      `${m[1]} waiting commit(s) cancelled: ${m[2]} — the commit was already on the ${w.mysql ? "source's disk; only the wait for the ACK ended" : "primary's disk; only the wait for the standby ended"}, ` +
      "so a replica may never have it" },
    { test: /^checkpoint on (\S+): removed WAL segments before LSN (\d+)$/, say: (m, w) => w.mysql
      ? `${m[1]} purged binary log before ${at(w, m[2]!)} — no replica still needs it (the model's WAL retention plays binlog expiry)`
      : `a checkpoint on ${m[1]} removed WAL segments before ${at(w, m[2]!)} — no slot and no wal_keep_size needs them any more` },
    { test: /^subscription "(.+)": skipped the transaction finished at LSN (\d+)$/, say: (m, w) =>
      `subscription "${m[1]}" skipped the transaction that ended at ${at(w, m[2]!)} — ALTER SUBSCRIPTION … SKIP asked for it; its changes never reach the subscriber` },
    { test: /^subscription "(.+)" has been disabled because of an error$/, say: (m) =>
      `subscription "${m[1]}" has been disabled because of an error — disable_on_error = true stops the apply worker instead of retrying` },
    { test: /^(ALTER SUBSCRIPTION \S+ (?:DISABLE|ENABLE|SET \(.*\)))$/, say: (m) => `${m[1]} — a command the scenario or the controls ran` },
    { test: /^ALTER SUBSCRIPTION (\S+) SKIP \(lsn = (\d+)\)$/, say: (m, w) =>
      `ALTER SUBSCRIPTION ${m[1]} SKIP (lsn = ${at(w, m[2]!)}) — a command the scenario or the controls ran: the failing transaction will be skipped` },
    { test: /^(DROP SUBSCRIPTION \S+): (.+)$/, say: (m) => `${m[1]} — a command the scenario or the controls ran; ${m[2]}` },
    { test: /^(\S+): (SET GLOBAL sql_slave_skip_counter = 1; START SLAVE|START SLAVE) \(channel from (\S+)\): (.+)$/, say: (m) =>
      `${m[1]}: ${m[2]} (channel from ${m[3]}) — a command the scenario or the controls ran to restart the stopped SQL thread: ${m[4]}` },
  ],
  set: [
    { test: /^link (\S+) ↔ (\S+): (\S+) ms one way$/, say: (m) =>
      `link ${m[1]} ↔ ${m[2]}: ${m[3]} ms one way — the link's delay changed; what is already on its way arrives as it would have` },
    { test: /^(\S+): (.+)$/, say: (m) => `${m[1]}: ${m[2]} — a setting of the node changed; it applies from now on` },
  ],
  "stall-start": [
    { test: /^write stall: commits have waited (\S+) ms for (.+)$/, say: (m, w) =>
      `write stall: a commit has waited ${m[1]} ms for ${positionsIn(m[2]!, w.mysql ? "mysql" : "postgres")} — ` +
      (w.mysql ? "the source cannot return it before a replica ACKs (or rpl_semi_sync_master_timeout runs out)"
        : "the primary cannot return it before the standbys synchronous_standby_names lists confirm") },
  ],
  "stall-end": [
    { test: /^write stall over after (\S+) ms$/, say: (m, w) =>
      `write stall over after ${m[1]} ms — the commits that waited were released: ${w.mysql ? "a replica ACKed, or semi-sync switched OFF" : "the standbys confirmed"}, or the wait was cancelled` },
  ],
  "semi-sync-off": [
    { test: /^semi-sync switched OFF after waiting (\d+) ms for an ACK: commits are now async$/, say: (m) =>
      `semi-sync switched OFF (Rpl_semi_sync_master_status = OFF) — no replica ACKed within rpl_semi_sync_master_timeout = ${m[1]} ms, ` +
      "so the source stopped waiting: commits are now async" },
  ],
  "semi-sync-on": [
    { test: /^semi-sync switched ON: a replica caught up and ACKed$/, say: () =>
      "semi-sync switched ON (Rpl_semi_sync_master_status = ON) — a replica caught up and ACKed, so commits wait for an ACK again" },
  ],
  "lost-writes": [
    { test: /^(\d+) acknowledged write\(s\) lost on failover to (\S+)$/, say: (m, w) =>
      `${m[1]} acknowledged write(s) lost on failover to ${m[2]} — ${m[2]} had not received them when it was promoted, yet their clients had been told "committed"` +
      (w.mysql ? " (semi-sync was OFF or they were async)" : "") },
    { test: /^(\d+) acknowledged write\(s\) never flushed were lost in the crash of (\S+)$/, say: (m) =>
      `${m[1]} acknowledged write(s) lost in the crash of ${m[2]} — they were acknowledged before they reached its disk, and the power loss erased them` },
    { test: /^split brain: (\S+) still runs as a primary without fencing; (.+)$/, say: (m) =>
      `split brain: ${m[1]} still runs as a primary — fencing is off, so nothing stopped it; ${m[2]}, and those writes are not in the new primary's history` },
  ],
  "writes-restored": [
    { test: /^(\d+) acknowledged write\(s\) declared lost earlier are back: (\S+)'s history holds them$/, say: (m) =>
      `${m[1]} acknowledged write(s) counted lost earlier are back — ${m[2]}, promoted now, has them in its history` },
  ],
  error: [
    { test: /^actions\[(\d+)\]: (.+)$/, say: (m) => `the scenario's action ${m[1]} could not run: ${m[2]} — the run goes on without it` },
    { test: /^automatic failover: (\S+) is down and no standby is up to take over$/, say: (m) =>
      `automatic failover found no standby up to promote — ${m[1]} is down and every standby is too, so the cluster has no primary until one comes back` },
    { test: /^subscription "(.+)": ERROR: (.+)$/, say: (m) =>
      `subscription "${m[1]}": ERROR: ${m[2]} — its apply worker stops at the change it cannot apply and retries it (or is disabled, with disable_on_error)` },
    { test: /^(\S+): replication from (\S+) stopped \(Slave_SQL_Running: No\): (.+)$/, say: (m) =>
      `${m[1]}: replication from ${m[2]} stopped (Slave_SQL_Running: No): ${m[3]} — the SQL thread stops at the first event it cannot apply; ` +
      "nothing after it is applied until START SLAVE" },
  ],
  "write-ok": [
    { test: /^(\S+) (writes .+ = .*|deletes .+) on (\S+)$/, say: (m, w) =>
      `${m[1]} ${m[2]} on ${m[3]} — a scripted write: ${m[3]} puts it in its ${w.mysql ? "binary log" : "WAL"}, and its commit waits as the commit settings say` },
    { test: /^(\S+ (?:inserts|updates|upserts|deletes) .+?) on (subscriber )?(\S+)( \(no row changed\))?$/, say: (m, w) =>
      `${m[1]} on ${m[2] ?? ""}${m[3]}${m[4] ?? ""} — it commits on ${m[3]} first; ${m[2] ? "the subscriber's own write, which no replication checks"
        : `${w.mysql ? "its binary log" : "replication"} takes it to the others`}` },
    { test: /^(.+) on (\S+): no such row \(UPDATE 0 \/ DELETE 0\)$/, say: (m) =>
      `${m[1]} on ${m[2]}: no such row (UPDATE 0 / DELETE 0) — the row did not exist there, so nothing changed` },
  ],
  "write-failed": [
    { test: /^write (.+) failed: (.+)$/, say: (m) => `write ${m[1]} failed: ${m[2]} — the client got an error, so the write is not acknowledged` },
    { test: /^(\S+ .+ on (?:subscriber )?\S+): (.+)$/, say: (m) => `${m[1]} failed: ${m[2]} — the client got an error, so the write is not acknowledged` },
  ],
  read: [
    { test: /^read (.+) on (\S+) failed: (.+)$/, say: (m) => `read ${m[1]} on ${m[2]} failed: ${m[3]} — the client got an error, not a value` },
    { test: /^(\S+) reads (.+) on (subscriber )?(\S+): (.*)$/, say: (m, w) =>
      `${m[1]} reads ${m[2]} on ${m[3] ?? ""}${m[4]}: ${m[5]} — ${m[4]} answers from what it has ${w.mysql ? "applied" : "replayed"}` },
  ],
  "stale-read": [
    { test: /^(\S+) reads (.+) on (\S+): (.*) — STALE$/, say: (m, w) =>
      `${m[1]} reads ${m[2]} on ${m[3]}: ${m[4]} — STALE: ${m[3]} had not yet ${w.mysql ? "applied" : "replayed"} a newer committed write of ${m[2]}` },
  ],
  "ryw-violation": [
    { test: /^(\S+) reads (.+) on (\S+): (.*) — STALE: misses the session's own write \(read-your-writes violation\)$/, say: (m, w) =>
      `${m[1]} reads ${m[2]} on ${m[3]}: ${m[4]} — STALE: ${m[3]} had not yet ${w.mysql ? "applied" : "replayed"} the session's own committed write ` +
      "(a read-your-writes violation)" },
  ],
  "monotonic-violation": [
    { test: /^(\S+) reads (.+) on (\S+): (.*) — went back in time \(monotonic-read violation\)$/, say: (m) =>
      `${m[1]} reads ${m[2]} on ${m[3]}: ${m[4]} — went back in time: ${m[3]} is behind the node the session read a newer value from ` +
      "(a monotonic-read violation)" },
  ],
};

/** Why a line of each kind is there, for a text no rule knows (the unit test fails if a real run needs it). */
const GENERAL: Record<LogKind, string> = {
  connect: "a connection was made", disconnect: "a connection was lost", crash: "a fault the scenario or the controls injected",
  restart: "a node came back", promote: "a standby is taking over as primary", partition: "a fault the scenario or the controls injected",
  heal: "the network fault ended", configure: "a setting or command changed how the cluster runs", set: "a node's setting changed",
  "stall-start": "a commit waits longer than it should", "stall-end": "the waiting commits were released",
  "semi-sync-off": "semi-sync's timeout ran out", "semi-sync-on": "a replica ACKed again", "lost-writes": "acknowledged writes are gone",
  "writes-restored": "the promoted node has them", error: "something could not be done", "write-ok": "a scripted write",
  "write-failed": "the client got an error", read: "a scripted read", "stale-read": "the node had not caught up",
  "ryw-violation": "the node had not caught up with the session's own write", "monotonic-violation": "the node is behind one read before",
};

export interface NarratedLog {
  line: string;
  /** false when no rule knew the text and the kind's general reason was used */
  known: boolean;
}

/** An entry said as what + why, and whether a rule knew it. */
export function narrateLogEntry(e: Pick<LogEntry, "kind" | "text">, words: LogWords): NarratedLog {
  const w: Words = { mysql: words === "mysql", pos: (raw) => formatPosition(Number(raw), words) };
  for (const rule of RULES[e.kind]) {
    const m = rule.test.exec(e.text);
    if (m) return { line: oneLine(rule.say(m, w)), known: true };
  }
  return { line: oneLine(`${positionsIn(e.text, words)} — ${GENERAL[e.kind]}`), known: false };
}

/** The one line the Event log, Step, the blockage panel and the CLI show for an entry. */
export function narrateLog(e: Pick<LogEntry, "kind" | "text">, words: LogWords): string {
  return narrateLogEntry(e, words).line;
}

/** Every kind of log line (for the tests: each has rules and a general reason). */
export const LOG_KINDS = Object.keys(GENERAL) as LogKind[];

/** One line: no line breaks or control characters from any text the engine carried (user names, errors). */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** The engine's reasons for a dropped connection, in MySQL's words (its replica, its dump thread, its I/O thread). */
function mysqlReason(reason: string): string {
  return reason.replace(/\bstandby\b/g, "replica").replace(/walsender process/g, "dump thread").replace(/walreceiver/g, "replica's I/O thread");
}
