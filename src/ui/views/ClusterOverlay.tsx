/*
 * Text around the cluster picture: the commits waiting at the primary (with the standbys each
 * waits for), the legend of dots, and a sentence for screen readers. Refreshed a few times a
 * second, which is as fast as anyone reads.
 */
import type { WaitingCommitView } from "../../engine/views";
import { countDots } from "./messages";
import { formatDurationUs } from "./format";
import { useThrottledLab } from "./hooks";

const SHOWN = 2;

interface WaitingState {
  nowUs: number;
  commits: WaitingCommitView[];
}

const sameWaiting = (a: WaitingState, b: WaitingState) => a.nowUs === b.nowUs && a.commits === b.commits;

export function WaitingCommits() {
  const w = useThrottledLab<WaitingState>(
    (s) => ({ nowUs: s.snapshot?.nowUs ?? 0, commits: s.snapshot?.waitingCommits ?? [] }), 250, sameWaiting);
  const n = w.commits.length;
  const oldest = [...w.commits].sort((a, b) => a.sinceUs - b.sinceUs).slice(0, SHOWN);
  return (
    <section className={`rl-waiting${n > 0 ? " rl-waiting--some" : ""}`} aria-label="Commits waiting at the primary">
      <h3 className="rl-waiting__title">
        {n === 0 ? "No commit waiting at the primary" : `${n} commit${n === 1 ? "" : "s"} waiting at the primary${n > SHOWN ? `, the oldest ${SHOWN}:` : ":"}`}
      </h3>
      {oldest.length > 0 && (
        <ul className="rl-waiting__list">
          {oldest.map((c) => (
            <li key={c.writeId}>
              <span className="rl-waiting__age">{formatDurationUs(w.nowUs - c.sinceUs)}</span>
              <span className="rl-waiting__what">#{c.writeId} {c.session} {c.key}</span>
              <span className="rl-waiting__for">waits for {c.standbys.length > 0 ? c.standbys.join(", ") : "—"}</span>
              <span className="rl-waiting__detail">{c.waitsFor}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClusterLegend({ compact }: { compact: boolean }) {
  const counts = useThrottledLab((s) => countDots(s.snapshot?.inFlight ?? []), 500,
    (a, b) => a.wal === b.wal && a.ack === b.ack && a.keepalive === b.keepalive);
  return (
    <div className="rl-legend" role="note" aria-label="Legend">
      <span className="rl-legend__item"><i className="rl-key rl-key--wal" />WAL record ({counts.wal})</span>
      <span className="rl-legend__item" title="An ACK reports the replica's write, flush and replay positions; coloured by the furthest one it moved forward">
        ACK ({counts.ack}) moved:
      </span>
      <span className="rl-legend__item"><i className="rl-key rl-key--write" />write</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--flush" />flush</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--replay" />replay</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--none" />nothing new</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--keepalive" />keepalive ({counts.keepalive})</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--cut" />cut link</span>
      <span className="rl-legend__item"><i className="rl-key rl-key--down" />crashed</span>
      {compact && (
        <span className="rl-legend__item"><b className="rl-node__badge rl-node__badge--key">−N</b>acknowledged writes a promotion now would lose</span>
      )}
    </div>
  );
}
