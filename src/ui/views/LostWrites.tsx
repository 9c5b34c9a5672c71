/*
 * "Which writes did that failover lose?": shown under the totals once a failover (or a crash)
 * lost acknowledged writes. Each failover with its count and loss window, the lost writes with
 * key, value, session and when they were acknowledged, and the later stale reads they caused.
 */
import { useMemo } from "react";
import { consequences, lossWindowUs } from "./lostWritesModel";
import { formatClockUs, formatCount, formatDurationUs } from "./format";
import { Term } from "./glossary";
import { useThrottledLab } from "./hooks";

const SHOWN = 12;

export function LostWrites() {
  const losses = useThrottledLab((s) => s.snapshot?.losses ?? null, 250);
  const log = useThrottledLab((s) => s.log, 500);
  const caused = useMemo(() => (losses ? consequences(losses, log) : []), [losses, log]);
  if (!losses || losses.total === 0) return null;
  const shown = losses.writes.slice(-SHOWN);
  return (
    <section className="panel rl-panel rl-lost" aria-labelledby="rl-lost-title" data-testid="lost-writes">
      <div className="rl-panel__head">
        <h2 id="rl-lost-title"><Term id="lost-write">Lost acknowledged writes</Term>: {formatCount(losses.total)}</h2>
        <span className="rl-panel__note">
          the client was told &quot;committed&quot;; the history that won does not hold them
        </span>
      </div>
      <ul className="rl-lost__failovers">
        {losses.failovers.filter((f) => f.lost > 0).map((f) => (
          <li key={f.atUs}>
            Failover {f.from} → {f.promoted} at {formatClockUs(f.atUs)} lost {formatCount(f.lost)} acknowledged write{f.lost === 1 ? "" : "s"};{" "}
            RPO {formatDurationUs(f.rpoUs)} (oldest lost acknowledgement to {f.from}&apos;s failure)
          </li>
        ))}
      </ul>
      <p className="rl-lost__window" data-testid="loss-window">
        <Term id="loss-window">Loss window</Term>: <strong>{(lossWindowUs(losses.writes) / 1000).toFixed(1)} ms</strong>{" "}
        between the first and the last lost acknowledgement{losses.writes.length < losses.total ? ` (of the newest ${losses.writes.length})` : ""}.
      </p>
      <div className="rl-repl__scroll">
        <table className="rl-table">
          <thead>
            <tr><th scope="col">key</th><th scope="col">value</th><th scope="col">session</th><th scope="col">acknowledged by</th><th scope="col">at</th></tr>
          </thead>
          <tbody>
            {shown.map((w) => (
              <tr key={w.writeId} data-lost-key={w.key}>
                <th scope="row">{w.key}</th><td>{w.value}</td><td>{w.session}</td><td>{w.node}</td>
                <td className="rl-num">{formatClockUs(w.ackUs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {losses.writes.length > SHOWN && <p className="rl-panel__note">the newest {SHOWN} of {formatCount(losses.total)} shown</p>}
      {caused.length > 0 && (
        <div data-testid="loss-consequences">
          <h3>Consequence: later reads return the value from before the loss (a <Term id="stale-read">stale read</Term> as the client sees it)</h3>
          <ul>
            {caused.slice(-5).map((c) => (
              <li key={c.entry.seq}>
                {formatClockUs(c.entry.atUs)}: {c.entry.text} — old value, because {c.key} = {c.lost.value} (acknowledged at{" "}
                {formatClockUs(c.lost.ackUs)}) was lost
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
