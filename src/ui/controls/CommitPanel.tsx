/*
 * Commit mode: the three beginner presets as a radio group, the one-line summary of what a
 * commit waits for under the settings in force, and the Advanced panel with those settings.
 */
import { useId, useState } from "react";
import type { Preset } from "../../engine/scenario/schema";
import { useCommand, useDerived, useDraft } from "./hooks";
import { AdvancedSettings } from "./AdvancedSettings";

const PRESETS: { value: Preset; hint: string }[] = [
  { value: "async", hint: "commit on the primary's disk only" },
  { value: "semi-sync", hint: "wait for one replica's receipt, with a timeout" },
  { value: "sync", hint: "every replica has it on disk" },
];

export function CommitPanel() {
  const commit = useDerived((s) => {
    const c = s.snapshot?.commit;
    return c ? { preset: c.preset, mode: c.mode, summary: c.summary, semiSyncActive: c.semiSyncActive } : null;
  });
  const { send, error } = useCommand();
  const [chosen, setChosen] = useDraft<Preset | null>(commit?.preset ?? null);
  const [open, setOpen] = useState(false);
  const advancedId = useId();
  // A rejected preset falls back to what is in force.
  const shown = error ? (commit?.preset ?? null) : chosen;

  return (
    <section className="panel stack" aria-labelledby="commit-heading">
      <h2 id="commit-heading">Commit mode</h2>
      <div role="radiogroup" aria-label="Commit mode" className="segmented">
        {PRESETS.map((p) => (
          <label key={p.value} title={p.hint}>
            <input
              type="radio"
              name="commit-mode"
              value={p.value}
              checked={shown === p.value}
              onChange={() => {
                setChosen(p.value);
                send({ op: "configure", preset: p.value });
              }}
            />
            {p.value}
          </label>
        ))}
      </div>
      {commit && commit.preset === null && <p className="muted small" style={{ margin: 0 }}>Custom settings (no preset).</p>}
      {error && <p className="error-text" role="alert">{error}</p>}
      <p className="summary" data-testid="commit-summary" style={{ margin: 0 }}>
        <span className="muted">In force: </span>{commit?.summary ?? "…"}
        {commit?.mode === "semiSync" && !commit.semiSyncActive && (
          <span className="warn-text"> Semi-sync is OFF (timed out, commits are async until a replica catches up).</span>
        )}
      </p>
      <div>
        <button type="button" aria-expanded={open} aria-controls={advancedId} onClick={() => setOpen(!open)}>
          Advanced
        </button>
      </div>
      <div id={advancedId} hidden={!open}>
        {open && <AdvancedSettings />}
      </div>
    </section>
  );
}
