/*
 * Failover: the settings in force (automatic failover, its detection time, fencing), changed
 * while the run goes on with set-failover, and what promoting each standby now would lose. The
 * controls always show the snapshot's settings; a refused change shows its error inline and the
 * setting in force stays as it was.
 */
import { useSystem } from "../views/settings";
import { useId, useState, type FormEvent } from "react";
import { formatCount } from "../views/format";
import { useCommand, useDerived, useDraft, useThrottledDerived } from "./hooks";
import { InfoTip } from "./InfoTip";

/** The detection times the panel offers (the scenario file may go further). */
const DETECT_MIN_MS = 100;
const DETECT_MAX_MS = 60_000;

export function FailoverPanel() {
  const failover = useDerived((s) => s.snapshot?.failover ?? null);
  return (
    <section className="panel stack" aria-labelledby="failover-heading">
      <div className="row">
        <h2 id="failover-heading">Failover</h2>
        <InfoTip topic="automatic failover">
          <p><strong>Simplification:</strong> the failover monitor sees each node&apos;s state directly: no consensus
            among monitors and no network view of its own, so a partition alone never triggers a failover.</p>
        </InfoTip>
      </div>
      {failover && <FailoverSettings failover={failover} />}
      <PromotionCandidates />
    </section>
  );
}

function FailoverSettings({ failover }: { failover: { auto: boolean; detectMs: number; fencing: boolean } }) {
  const mysql = useSystem() === "mysql";
  const id = useId();
  const cmd = useCommand();
  const [detect, setDetect] = useDraft(failover.detectMs);
  const [invalid, setInvalid] = useState(false);

  const applyDetect = (e: FormEvent) => {
    e.preventDefault();
    const ok = Number.isFinite(detect) && detect >= DETECT_MIN_MS && detect <= DETECT_MAX_MS;
    setInvalid(!ok);
    if (!ok || detect === failover.detectMs) return;
    cmd.send({ op: "set-failover", detectMs: detect });
  };

  return (
    <div className="stack" data-testid="failover-settings">
      <SettingCheck
        id={`${id}-auto`}
        label="Automatic failover"
        checked={failover.auto}
        onChange={(on) => { setInvalid(false); cmd.send({ op: "set-failover", auto: on }); }}
        note={failover.auto
          ? mysql ? `on: once the source has been down ${formatMs(failover.detectMs)}, the most advanced replica (the most of the binary log on its disk) is promoted`
            : `on: once the primary has been down ${formatMs(failover.detectMs)}, the most advanced standby (newest timeline, then highest flush LSN) is promoted`
          : `off: a person promotes a ${mysql ? "replica" : "standby"}`}
      />
      <form className="row detect-form" noValidate onSubmit={applyDetect}>
        <label className="field setting-row">
          Detect after (ms)
          <input
            type="number"
            min={DETECT_MIN_MS}
            max={DETECT_MAX_MS}
            step={100}
            value={Number.isFinite(detect) ? detect : ""}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? `${id}-detect-error` : undefined}
            onChange={(e) => { setDetect(e.currentTarget.value === "" ? Number.NaN : Number(e.currentTarget.value)); setInvalid(false); }}
          />
        </label>
        <button type="submit">Set detection time</button>
      </form>
      <SettingCheck
        id={`${id}-fencing`}
        label="Fencing (shut the old primary down at promotion)"
        checked={failover.fencing}
        onChange={(on) => { setInvalid(false); cmd.send({ op: "set-failover", fencing: on }); }}
        note={failover.fencing
          ? "on: a promotion shuts the old primary down"
          : "off: clients still connected to the old primary keep writing to it (split brain)"}
        warn={!failover.fencing}
      />
      {(invalid || cmd.error) && (
        <p id={`${id}-detect-error`} className="error-text" role="alert" style={{ margin: 0 }}>
          {invalid ? `The detection time is ${DETECT_MIN_MS} to ${DETECT_MAX_MS} ms.` : cmd.error}
        </p>
      )}
    </div>
  );
}

/** A checkbox with a note under it saying what the setting in force means. */
function SettingCheck({ id, label, checked, onChange, note, warn = false }: {
  id: string; label: string; checked: boolean; onChange: (on: boolean) => void; note: string; warn?: boolean;
}) {
  return (
    <div>
      <label className="check">
        <input type="checkbox" checked={checked} aria-describedby={id} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      <p id={id} className={`small check-note ${warn ? "warn-text" : "muted"}`}>{note}</p>
    </div>
  );
}

/** Every standby that could be promoted now, with the acknowledged writes it does not hold. */
function PromotionCandidates() {
  const candidates = useThrottledDerived((s) =>
    (s.snapshot?.nodes ?? []).filter((n) => n.wouldLose !== null).map((n) => ({ name: n.name, lose: n.wouldLose ?? 0 })));
  if (candidates.length === 0) return <p className="small warn-text" style={{ margin: 0 }}>No standby could be promoted now.</p>;
  return (
    <div className="small">
      <p style={{ margin: 0 }}>Promoting now would lose:</p>
      <ul className="candidates" data-testid="promotion-candidates">
        {candidates.map((c) => (
          <li key={c.name} className={c.lose > 0 ? "warn-text" : "ok-text"}>
            <strong>{c.name}</strong>: {c.lose > 0 ? `${formatCount(c.lose)} acknowledged write${c.lose === 1 ? "" : "s"}` : "nothing (safe)"}
          </li>
        ))}
      </ul>
    </div>
  );
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
