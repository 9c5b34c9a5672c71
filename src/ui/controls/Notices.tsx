/*
 * What went wrong, where the user looks: the worker's failure (with Restart, which replays the
 * command log so nothing the user set is lost), a run stopped at the history limit, problems in a
 * loaded scenario file, and toasts for commands the engine refused.
 */
import { useEffect, useState } from "react";
import { labStore, useLab } from "../store";
import { reset, restart } from "./lab";

export function FailureBanner() {
  const status = useLab((s) => s.status);
  const error = useLab((s) => s.error);
  const commands = useLab((s) => s.commands.length);
  const atS = useLab((s) => (s.snapshot?.nowUs ?? 0) / 1e6);
  if (status !== "failed") return null;
  return (
    <div className="banner" role="alert">
      <h2>The simulation stopped</h2>
      <p className="mono small">{error ?? "unknown error"}</p>
      <p className="small">
        Restart starts a new simulation and replays the scenario and your {commands} command{commands === 1 ? "" : "s"} to
        t = {atS.toFixed(3)} s, paused. Nothing you set is lost.
      </p>
      <button type="button" className="primary" onClick={restart}>Restart</button>
    </div>
  );
}

/** The run holds as many writes as the page keeps (worker/historyLimit.ts): it stays paused. */
export function HistoryFullNotice() {
  const full = useLab((s) => s.historyFull);
  const status = useLab((s) => s.status);
  if (!full || status !== "running") return null;
  return (
    <div className="banner warn" role="alert">
      <h2>The run is stopped: it holds {full.writes.toLocaleString("en")} writes</h2>
      <p className="small">
        The simulator keeps every write, so that the totals, the anomaly checks and the writes a failover loses stay
        exact. This page lets a run hold {full.limit.toLocaleString("en")} of them (60 to 80 bytes each), so that the tab
        does not run out of memory. Everything on screen is as the run left it: look around, copy the scenario, or
        Reset to start again with the same settings.
      </p>
      <button type="button" className="primary" onClick={() => reset()}>Reset</button>
    </div>
  );
}

export function ScenarioProblems() {
  const errors = useLab((s) => s.scenarioErrors);
  const warnings = useLab((s) => s.scenarioWarnings);
  const source = useLab((s) => s.scenarioErrorSource);
  const fromAddress = source !== "file";
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className={`banner${errors.length === 0 ? " warn" : ""}`} role={errors.length ? "alert" : "status"}>
      {errors.length > 0 && (
        <>
          <h2>{source === "link" ? "The scenario in the link was not loaded" : fromAddress ? "The scenario in the page address (?scenario=) was not loaded" : "The scenario file was not loaded"}</h2>
          <p className="small" style={{ margin: "0.25rem 0" }}>
            {source === "link" ? "Nothing from the link was run. Fix these and open it again:"
              : fromAddress ? "The built-in scenario runs instead. Fix these and open the address again:" : "The current run goes on. Fix these and load it again:"}
          </p>
          <ul className="small" data-testid="scenario-errors">
            {errors.map((e, i) => <li key={i}><span className="mono">{e.path || "(top level)"}</span>: {e.message}</li>)}
          </ul>
        </>
      )}
      {warnings.length > 0 && (
        <ul className="small warn-text">{warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
      )}
      <button type="button" onClick={() => labStore.setState({ scenarioErrors: [], scenarioWarnings: [] })}>Dismiss</button>
    </div>
  );
}

const TOAST_MS = 8000;

/** Refused commands as toasts. They fade from here after a while; `failures` keeps them for the
 *  error shown next to the control that sent them. */
export function Toasts() {
  const failures = useLab((s) => s.failures);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [now, setNow] = useState(() => performance.now());
  const shown = failures.filter((f) => !hidden.has(f.id) && now - f.atWall < TOAST_MS);

  useEffect(() => {
    // Wake when the next live toast should go; expired ones are ignored, so this settles.
    const t = performance.now();
    const live = failures.map((f) => f.atWall + TOAST_MS).filter((end) => end > t);
    if (live.length === 0) return;
    const timer = setTimeout(() => setNow(performance.now()), Math.min(...live) - t + 1);
    return () => clearTimeout(timer);
  }, [failures, now]);

  return (
    <div className="toasts" role="status" aria-live="polite">
      {shown.map((f) => (
        <div key={f.id} className="toast">
          <p><strong>{f.op}</strong> refused: {f.message}</p>
          <button type="button" className="link" aria-label="Dismiss message" onClick={() => setHidden(new Set([...hidden, f.id]))}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
