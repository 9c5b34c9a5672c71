/*
 * Text around the cluster picture: the commits waiting at the primary (with the standbys each
 * waits for), the legend of dots, and a sentence for screen readers. Refreshed a few times a
 * second, which is as fast as anyone reads.
 */
import type { WaitingCommitView } from "../../engine/views";
import { countDots } from "./messages";
import { formatDurationUs } from "./format";
import { useThrottledLab } from "./hooks";
import { useSystem } from "./settings";
import { Term } from "./glossary";
import { plural } from "../../text/plural";

const SHOWN = 2;

interface WaitingState {
  nowUs: number;
  commits: WaitingCommitView[];
}

const sameWaiting = (a: WaitingState, b: WaitingState) => a.nowUs === b.nowUs && a.commits === b.commits;

/** `quietWhenNone`: the client in the picture already says that nothing waits; say nothing here. */
export function WaitingCommits({ quietWhenNone }: { quietWhenNone: boolean }) {
  const w = useThrottledLab<WaitingState>(
    (s) => ({ nowUs: s.snapshot?.nowUs ?? 0, commits: s.snapshot?.waitingCommits ?? [] }), 250, sameWaiting);
  const n = w.commits.length;
  const oldest = [...w.commits].sort((a, b) => a.sinceUs - b.sinceUs).slice(0, SHOWN);
  if (n === 0 && quietWhenNone) return null;
  return (
    <section className={`rl-waiting${n > 0 ? " rl-waiting--some" : ""}`} aria-label="Commits waiting at the primary">
      <h3 className="rl-waiting__title">
        {n === 0 ? "No commit waiting at the primary" : `${plural(n, "commit")} waiting at the primary${n > SHOWN ? `, the oldest ${SHOWN}:` : ":"}`}
      </h3>
      {oldest.length > 0 && (
        <ul className="rl-waiting__list">
          {oldest.map((c) => (
            <li key={c.writeId}>
              <span className="rl-waiting__age">{formatDurationUs(w.nowUs - c.sinceUs)}</span>
              <span className="rl-waiting__what">#{c.writeId} {c.session} {c.key}</span>
              <span className="rl-waiting__for">waits for {c.standbys.length > 0 ? c.standbys.join(", ") : "—"}</span>
              {/FIRST|ANY/.test(c.waitsFor)
                ? <span className="rl-waiting__detail" data-term="synchronous-standby-names" tabIndex={0}>{c.waitsFor}</span>
                : <span className="rl-waiting__detail">{c.waitsFor}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClusterLegend({ compact, tapes }: { compact: boolean; tapes: boolean }) {
  const counts = useThrottledLab((s) => ({ ...countDots(s.snapshot?.inFlight ?? []), semi: s.snapshot?.commit.mode === "semiSync" }), 500,
    (a, b) => a.wal === b.wal && a.ack === b.ack && a.keepalive === b.keepalive && a.semi === b.semi);
  const mysql = useSystem() === "mysql";
  return (
    <div className="rl-legend" role="note" aria-label="Legend">
      {mysql ? (
        // A MySQL/MariaDB replica acknowledges a transaction once its events are written to its
        // relay log and sends nothing else back; its source sends heartbeats when idle (MySQL
        // reference manual, "Semisynchronous Replication"; src/engine/mysql/replies.ts).
        <>
          <span className="rl-legend__item"><i className="rl-key rl-key--wal" /><Term id="binlog">binlog events</Term> ({counts.wal})</span>
          <span className="rl-legend__item"><i className="rl-key rl-key--write" /><Term id="semi-sync-ack">ACK (relay log written)</Term> ({counts.ack})</span>
          <span className="rl-legend__item"><i className="rl-key rl-key--keepalive" /><Term id="heartbeat">heartbeat</Term> ({counts.keepalive})</span>
          {!counts.semi && (
            <span className="rl-legend__item rl-legend__note" data-testid="mysql-async-replies-simplified"
              title="In an asynchronous run the model's replicas send PostgreSQL's replies (write, flush, apply, status); a MySQL / MariaDB replica without semi-sync sends its source nothing back.">
              simplified: async, a MySQL replica sends nothing back
            </span>
          )}
        </>
      ) : (
        <>
          <span className="rl-legend__item"><i className="rl-key rl-key--wal" /><Term id="record">WAL record</Term> ({counts.wal})</span>
          <span className="rl-legend__item"><Term id="ack">ACK</Term> ({counts.ack}) sent after:</span>
          <span className="rl-legend__item"><i className="rl-key rl-key--write" /><Term id="write">write</Term></span>
          <span className="rl-legend__item"><i className="rl-key rl-key--flush" /><Term id="flush">flush</Term></span>
          <span className="rl-legend__item"><i className="rl-key rl-key--replay" /><Term id="replay">apply</Term></span>
          <span className="rl-legend__item"><i className="rl-key rl-key--none" /><Term id="status-reply">status</Term></span>
          <span className="rl-legend__item"><i className="rl-key rl-key--keepalive" /><Term id="keepalive">keepalive</Term> ({counts.keepalive})</span>
        </>
      )}
      <span className="rl-legend__item"><i className="rl-key rl-key--cut" />cut link</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--down" />crashed</span>
      {tapes && (
        <span className="rl-legend__item"><Term id="tape">tape</Term>: <i className="rl-key rl-tape__cell--applied" />applied <i className="rl-key rl-tape__cell--flushed" />flushed
          {" "}<i className="rl-key rl-tape__cell--received" />received <i className="rl-key rl-tape__cell--missing" />not yet</span>
      )}
      {compact && (
        <span className="rl-legend__item"><b className="rl-node__badge rl-node__badge--key">−N</b>acknowledged writes a promotion now would lose</span>
      )}
    </div>
  );
}
