/*
 * Commit mode: first the database (PostgreSQL or MySQL/MariaDB), then its commit modes as a radio
 * group (PostgreSQL: async, sync; MySQL/MariaDB: async, semi-sync), the one-line summary of what a
 * commit waits for under the settings in force, in that database's words, and the Advanced panel.
 */
import { useId, useState } from "react";
import type { Preset } from "../../engine/scenario/schema";
import { useCommand, useDerived, useDraft } from "./hooks";
import { AdvancedSettings } from "./AdvancedSettings";
import { useSystem, viewSettings, type DatabaseSystem } from "../views/settings";

const PRESETS: { value: Preset; hint: string; systems: DatabaseSystem[] }[] = [
  { value: "async", hint: "commit on the primary's disk only", systems: ["postgres", "mysql"] },
  { value: "semi-sync", hint: "wait for one replica's receipt (relay log), with a timeout", systems: ["mysql"] },
  { value: "sync", hint: "every replica has it on disk", systems: ["postgres"] },
];

const SYSTEMS: { value: DatabaseSystem; label: string }[] = [
  { value: "postgres", label: "PostgreSQL" },
  { value: "mysql", label: "MySQL / MariaDB" },
];

/** MySQL without semi-sync, in its own words (the engine's summary speaks PostgreSQL's). */
const MYSQL_ASYNC = "rpl_semi_sync_master_enabled = OFF: a commit waits for the binlog on the source's disk only; replicas follow asynchronously.";

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
  const system = useSystem();
  const chooseSystem = (next: DatabaseSystem) => {
    viewSettings.getState().setSystem(next);
    // A waiting mode has its counterpart in the other database; async stays async.
    const preset = commit?.preset === "sync" && next === "mysql" ? "semi-sync"
      : commit?.mode === "semiSync" && next === "postgres" ? "sync" : null;
    if (preset) {
      setChosen(preset);
      send({ op: "configure", preset });
    }
  };
  const summary = system === "mysql" && commit?.mode === "postgres" && commit.preset === "async" ? MYSQL_ASYNC : commit?.summary;

  return (
    <section className="panel stack" aria-labelledby="commit-heading">
      <h2 id="commit-heading">Commit mode</h2>
      <div role="radiogroup" aria-label="Database" className="segmented" data-testid="database">
        {SYSTEMS.map((d) => (
          <label key={d.value}>
            <input type="radio" name="database" value={d.value} checked={system === d.value} onChange={() => chooseSystem(d.value)} />
            {d.label}
          </label>
        ))}
      </div>
      <div role="radiogroup" aria-label="Commit mode" className="segmented">
        {PRESETS.filter((p) => p.systems.includes(system)).map((p) => (
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
        <span className="muted">In force: </span>{summary ?? "…"}
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
