/*
 * The top bar: run controls (play/pause, step, speed, the virtual clock and whether the engine
 * keeps up), the run itself (seed, Reset, Load scenario, Copy scenario) and the display options.
 */
import { useEffect, useRef, useState } from "react";
import { SPEED_PRESETS } from "../../worker/pacing";
import { labStore, useLab, virtualNowUs } from "../store";
import { currentScenarioJson, loadScenarioFile, reset, setPaused, setSpeed, stepOnce } from "./lab";
import { ScenarioDialog } from "./ScenarioDialog";
import { useThrottledLab } from "../views/hooks";
import { REFRESH_MS } from "./hooks";
import { SpaceTimeButton } from "../spacetime/SpaceTimePanel";
import { CompareButton } from "../compare/ComparePanel";
import { SweepButton } from "../sweep/SweepPanel";

export function TopBar() {
  const paused = useLab((s) => s.paused);
  const speed = useLab((s) => s.speed);
  const status = useLab((s) => s.status);
  const theme = useLab((s) => s.theme);
  const largeText = useLab((s) => s.largeText);
  const running = status === "running";
  // A run holding its limit of writes cannot go on (the notice under the bar says why).
  const full = useLab((s) => s.historyFull !== null);
  const fullTitle = full ? "The run holds as many writes as the page keeps: Reset to start again" : undefined;

  return (
    <>
      <h1>Replication Lab</h1>
      <div className="row" role="group" aria-label="Run">
        <button type="button" onClick={() => setPaused(!paused)} disabled={!running || full} title={fullTitle}>{paused ? "Play" : "Pause"}</button>
        <button type="button" onClick={stepOnce} disabled={!running || full} title={fullTitle ?? "Pause and run to the next event"}>Step</button>
        <label className="row small">
          <span className="muted">Speed</span>
          <select value={String(speed)} onChange={(e) => setSpeed(Number(e.target.value))}>
            {speedOptions(speed).map((s) => <option key={s} value={String(s)}>{s}×</option>)}
          </select>
        </label>
        <Clock />
        <StatusPill />
      </div>
      <span className="spacer" />
      <div className="row" role="group" aria-label="Views">
        <SpaceTimeButton />
        <CompareButton />
        <SweepButton />
      </div>
      <RunControls />
      <div className="row" role="group" aria-label="Display">
        <button type="button" aria-pressed={theme === "dark"} onClick={() => labStore.setState({ theme: theme === "dark" ? "light" : "dark" })}>
          Dark theme
        </button>
        <button type="button" aria-pressed={largeText} onClick={() => labStore.setState({ largeText: !largeText })}>
          Large text
        </button>
      </div>
    </>
  );
}

/** Running, paused, behind or stopped at the history limit. Its own component: while behind, the
 *  achieved rate changes with every snapshot, and only this pill should re-render for it (four
 *  times a second at most). */
function StatusPill() {
  const paused = useLab((s) => s.paused);
  const speed = useLab((s) => s.speed);
  const status = useLab((s) => s.status);
  const behind = useLab((s) => s.behind && !s.paused);
  const full = useLab((s) => s.historyFull !== null);
  // Rounded so the status does not re-render for every tiny change.
  const rate = useThrottledLab((s) => Math.round(s.rate * 10) / 10, REFRESH_MS);
  return (
    <span className={`status-pill${behind ? " behind" : ""}`}
      title={behind ? "The simulation cannot keep up with this speed: virtual time runs slower than asked" : undefined}>
      {/* Only the state word is announced; the achieved rate changes too often for a live region. */}
      <span role="status">{status !== "running" ? status : full ? "stopped: history full" : behind ? "behind" : paused ? "paused" : "running"}</span>
      {status === "running" && behind && <span>: {rate.toFixed(1)}× of {speed}×</span>}
    </span>
  );
}

/** The presets, plus the speed in force if a scenario or a test set another. */
function speedOptions(speed: number): number[] {
  const list: number[] = [...SPEED_PRESETS];
  if (!list.includes(speed)) list.push(speed);
  return list.sort((a, b) => a - b);
}

/** Virtual time, redrawn every frame without React: it changes 60 times a second. */
function Clock() {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const draw = () => {
      const el = ref.current;
      const text = `t = ${(virtualNowUs(labStore.getState(), performance.now()) / 1e6).toFixed(3)} s`;
      // Writing the same text still dirties layout: skip it while paused.
      if (el && el.textContent !== text) el.textContent = text;
      raf = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(raf);
  }, []);
  return <span ref={ref} className="clock mono" aria-label="Virtual time">t = 0.000 s</span>;
}

function RunControls() {
  const seed = useLab((s) => s.seed);
  const [seedText, setSeedText] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ text: string; copied: boolean } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const shownSeed = seedText ?? (seed === null ? "" : String(seed));
  const seedValid = /^\d+$/.test(shownSeed) && Number(shownSeed) <= 2 ** 31 - 1;

  const onReset = () => {
    reset(seedValid ? Number(shownSeed) : undefined);
    setSeedText(null);
  };

  // Copy, and show what was copied: a teacher sees what they are about to share.
  const onCopy = async () => {
    const text = currentScenarioJson();
    if (!text) return;
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      // No clipboard permission (or an insecure origin): the dialog lets one copy by hand.
    }
    setDialog({ text, copied });
  };

  return (
    <div className="row" role="group" aria-label="Scenario">
      <label className="row small">
        <span className="muted">Seed</span>
        <input
          type="text" inputMode="numeric" className="seed-input mono" value={shownSeed}
          aria-invalid={seedValid ? undefined : true}
          onChange={(e) => setSeedText(e.target.value)}
          onKeyDown={(e) => { if (e.key === "Enter") onReset(); }}
        />
      </label>
      <button type="button" onClick={onReset} title="New run with the same settings (and this seed)">Reset</button>
      <button type="button" onClick={() => fileRef.current?.click()}>Load scenario</button>
      <input
        ref={fileRef} type="file" accept=".json,application/json" className="sr-only" tabIndex={-1}
        aria-label="Scenario file"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) await loadScenarioFile(file);
        }}
      />
      <button type="button" onClick={onCopy}>Copy scenario</button>
      {dialog && <ScenarioDialog text={dialog.text} copied={dialog.copied} onClose={() => setDialog(null)} />}
    </div>
  );
}
