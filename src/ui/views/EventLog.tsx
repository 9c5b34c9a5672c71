/*
 * What happened, newest first. Findings (stale reads, read-your-writes violations, stalls, lost
 * writes) stand out with a word badge and the warning colours; routine writes and reads are
 * hidden unless asked for, since at 2,000 writes/s they would bury everything else.
 */
import { useId, useState } from "react";
import type { LogEntry } from "../../engine/views";
import { badgeOf, passes, weightOf, type LogFilter } from "./logKinds";
import { formatClockUs } from "./format";
import { useThrottledLab } from "./hooks";

const SHOWN = 200;

export function EventLog() {
  const log = useThrottledLab((s) => s.log, 250);
  const [filter, setFilter] = useState<LogFilter>("notable");
  const id = useId();
  const shown: LogEntry[] = [];
  for (let i = log.length - 1; i >= 0 && shown.length < SHOWN; i--) {
    const e = log[i]!;
    if (passes(e, filter)) shown.push(e);
  }
  return (
    <section className="panel rl-panel rl-log" aria-labelledby={`${id}-title`}>
      <div className="rl-panel__head">
        <h2 id={`${id}-title`}>Event log</h2>
        <label className="rl-log__filter">
          show{" "}
          <select value={filter} onChange={(e) => setFilter(e.target.value as LogFilter)}>
            <option value="findings">findings only</option>
            <option value="notable">findings and changes</option>
            <option value="all">everything</option>
          </select>
        </label>
      </div>
      {/* A log region (not announced: at 2,000 writes/s it would never stop talking; the
          alerts are announced instead), scrollable and so focusable by keyboard. */}
      <div className="rl-log__scroll" role="log" aria-live="off" aria-labelledby={`${id}-title`} tabIndex={0}>
        <ol className="rl-log__list">
          {shown.map((e) => <Entry key={e.seq} e={e} />)}
          {shown.length === 0 && <li className="rl-empty">Nothing yet.</li>}
        </ol>
      </div>
    </section>
  );
}

function Entry({ e }: { e: LogEntry }) {
  const weight = weightOf(e.kind);
  return (
    <li className={`rl-log__entry rl-log__entry--${weight} rl-log__kind--${e.kind}`}>
      <span className="rl-log__time rl-num">{formatClockUs(e.atUs)}</span>
      <span className="rl-log__badge">{badgeOf(e)}</span>
      {e.node && <span className="rl-log__node">{e.node}</span>}
      <span className="rl-log__text">{e.text}</span>
    </li>
  );
}
