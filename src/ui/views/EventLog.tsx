/*
 * What happened, newest first. Findings (stale reads, read-your-writes violations, stalls, lost
 * writes) stand out with a word badge and the warning colours; routine writes and reads are
 * hidden unless asked for, since at 2,000 writes/s they would bury everything else.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { LogEntry } from "../../engine/views";
import { badgeOf, passes, weightOf, type LogFilter } from "./logKinds";
import { formatClockUs } from "./format";
import { useThrottledLab } from "./hooks";
import { useLab } from "../store";
import { stepSaidStore, type StepSaid } from "../step/stepSaid";
import { selectEvent, useSelectedEvent } from "../selection";
import { logLineFor } from "./logSelection";
import { narrateLog } from "../../narrate/logNarration";
import { useSystem, type DatabaseSystem } from "./settings";

const SHOWN = 200;

export function EventLog() {
  const log = useThrottledLab((s) => s.log, 250);
  const [filter, setFilter] = useState<LogFilter>("notable");
  const id = useId();
  const steps = useStepsShown(filter);
  const selected = useSelectedEvent();
  const system = useSystem();
  const shown: (LogEntry | StepSaid)[] = [];
  // Newest first: the engine's lines and the Steps taken, merged by time (a step after the line
  // its event wrote: the step's words repeat that line and say what else the event did).
  let k = steps.length - 1;
  for (let i = log.length - 1; i >= 0 && shown.length < SHOWN; i--) {
    const e = log[i]!;
    while (k >= 0 && steps[k]!.atUs >= e.atUs && shown.length < SHOWN) shown.push(steps[k--]!);
    if (passes(e, filter) && shown.length < SHOWN) shown.push(e);
  }
  while (k >= 0 && shown.length < SHOWN) shown.push(steps[k--]!);
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
          {(() => {
            // the line of the event selected in the diagram or on the timeline (selection.ts) stands out
            const mark = logLineFor(shown.filter((e): e is LogEntry => "seq" in e), selected);
            return shown.map((e) => ("seq" in e ? <Entry key={e.seq} e={e} selected={e.seq === mark} system={system} />
              : <StepEntry key={`step-${e.events}`} s={e} />));
          })()}
          {shown.length === 0 && <li className="rl-empty">Nothing yet.</li>}
        </ol>
      </div>
    </section>
  );
}

/** The Steps taken up to the moment shown (a seek back hides later ones); not among the findings. */
function useStepsShown(filter: LogFilter): readonly StepSaid[] {
  const steps = stepSaidStore((s) => s.steps);
  // How many are shown, not the event count itself: the log re-renders when that number changes,
  // not on every snapshot.
  const upTo = useLab((s) => {
    let last = -1;
    for (const st of steps) if (st.events <= s.events) last = Math.max(last, st.events);
    return last;
  });
  return useMemo(() => (filter === "findings" ? [] : steps.filter((st) => st.events <= upTo)), [steps, upTo, filter]);
}

/** A Step's line: what its event did and why. */
function StepEntry({ s }: { s: StepSaid }) {
  return (
    <li className="rl-log__entry rl-log__entry--change rl-log__kind--step" data-testid="log-step">
      <span className="rl-log__time rl-num">{formatClockUs(s.atUs)}</span>
      <span className="rl-log__badge">step</span>
      <span className="rl-log__text">{s.text}</span>
    </li>
  );
}

/** An engine line, said as what happened and why in the words of the database shown (src/narrate/logNarration.ts). */
function Entry({ e, selected, system }: { e: LogEntry; selected: boolean; system: DatabaseSystem }) {
  const weight = weightOf(e.kind);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  return (
    <li ref={ref} className={`rl-log__entry rl-log__entry--${weight} rl-log__kind--${e.kind}${selected ? " is-selected" : ""}`}
      aria-current={selected ? "true" : undefined}>
      {/* its time selects the event: the space-time diagram and the Timeline show its moment */}
      <button type="button" className="rl-log__time rl-log__pick rl-num" aria-pressed={selected}
        aria-label={`Select the event at ${formatClockUs(e.atUs)}`} title="Select this event: the space-time diagram and the Timeline show its moment"
        onClick={() => selectEvent(selected ? null : { atUs: e.atUs, op: null, logSeq: e.seq, source: "log" })}>{formatClockUs(e.atUs)}</button>
      <span className="rl-log__badge">{badgeOf(e)}</span>
      {e.node && <span className="rl-log__node">{e.node}</span>}
      <span className="rl-log__text" data-testid="log-text">{narrateLog(e, system)}</span>
    </li>
  );
}
