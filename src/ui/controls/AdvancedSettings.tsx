/*
 * The exact settings behind the presets, under their real names: PostgreSQL's
 * synchronous_commit / synchronous_standby_names / timeouts and MySQL's semi-sync variables.
 * A value the engine refuses (say, a malformed synchronous_standby_names) shows its error inline
 * and the setting in force stays as it was.
 */
import { useState, type FormEvent } from "react";
import type { PostgresSettings, SemiSyncSettings } from "../../engine/scenario/schema";
import { useCommand, useDerived, useDraft } from "./hooks";

// The UI may not import engine values (only types); these mirror the schema's enums, and the
// `satisfies` checks keep them in step with it.
const SYNCHRONOUS_COMMIT_LEVELS = ["off", "local", "remote_write", "on", "remote_apply"] as const satisfies readonly PostgresSettings["synchronous_commit"][];
const WAIT_POINTS = ["AFTER_SYNC", "AFTER_COMMIT"] as const satisfies readonly SemiSyncSettings["waitPoint"][];

const NOT_A_NUMBER = "Every field needs a number (0 or more).";
const allNumbers = (...values: number[]) => values.every((v) => Number.isFinite(v) && v >= 0);

export function AdvancedSettings() {
  const commit = useDerived((s) => {
    const c = s.snapshot?.commit;
    return c ? { mode: c.mode, postgres: c.postgres, semiSync: c.semiSync } : null;
  });
  if (!commit) return <p className="muted">Waiting for the simulation…</p>;
  return (
    <div className="stack">
      <p className="small muted" style={{ margin: 0 }}>
        In force: {commit.mode === "postgres" ? "PostgreSQL synchronous replication" : "MySQL/MariaDB semi-sync"} settings.
      </p>
      <PostgresFields settings={commit.postgres} active={commit.mode === "postgres"} />
      <WalRetentionFields settings={commit.postgres} />
      <SemiSyncFields settings={commit.semiSync} active={commit.mode === "semiSync"} />
    </div>
  );
}

function PostgresFields({ settings, active }: { settings: PostgresSettings; active: boolean }) {
  const level = useCommand();
  const names = useCommand();
  const timeouts = useCommand();
  const [timeoutsInvalid, setTimeoutsInvalid] = useState(false);
  const [standbys, setStandbys] = useDraft(settings.synchronous_standby_names);
  const [sender, setSender] = useDraft(settings.wal_sender_timeout_ms);
  const [receiver, setReceiver] = useDraft(settings.wal_receiver_timeout_ms);
  const [status, setStatus] = useDraft(settings.wal_receiver_status_interval_ms);

  const applyNames = (e: FormEvent) => {
    e.preventDefault();
    names.send({ op: "configure", postgres: { synchronous_standby_names: standbys } });
  };
  const applyTimeouts = (e: FormEvent) => {
    e.preventDefault();
    setTimeoutsInvalid(!allNumbers(sender, receiver, status));
    if (!allNumbers(sender, receiver, status)) return;
    timeouts.send({ op: "configure", postgres: {
      wal_sender_timeout_ms: sender, wal_receiver_timeout_ms: receiver, wal_receiver_status_interval_ms: status,
    } });
  };

  return (
    <fieldset>
      <legend>PostgreSQL{active ? " (in force)" : ""}</legend>
      <div className="stack">
        <label className="field">
          synchronous_commit
          <select
            value={settings.synchronous_commit}
            onChange={(e) => level.send({ op: "configure", postgres: { synchronous_commit: e.target.value as PostgresSettings["synchronous_commit"] } })}
          >
            {SYNCHRONOUS_COMMIT_LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        {level.error && <p className="error-text" role="alert">{level.error}</p>}
        <form className="stack" onSubmit={applyNames}>
          <label className="field">
            synchronous_standby_names
            <input
              type="text"
              className="mono"
              value={standbys}
              placeholder="'' (none), FIRST 1 (s1), ANY 2 (s1, s2)"
              aria-invalid={names.error ? true : undefined}
              aria-describedby={names.error ? "standby-names-error" : undefined}
              onChange={(e) => { setStandbys(e.target.value); names.clear(); }}
            />
          </label>
          {names.error && <p id="standby-names-error" className="error-text" role="alert">{names.error}</p>}
          <div><button type="submit">Apply synchronous_standby_names</button></div>
        </form>
        <form className="stack" onSubmit={applyTimeouts}>
          <div className="stack">
            <NumberField label="wal_sender_timeout (ms)" value={sender} onChange={setSender} />
            <NumberField label="wal_receiver_timeout (ms)" value={receiver} onChange={setReceiver} />
            <NumberField label="wal_receiver_status_interval (ms)" value={status} onChange={setStatus} />
          </div>
          {(timeoutsInvalid || timeouts.error) && <p className="error-text" role="alert">{timeoutsInvalid ? NOT_A_NUMBER : timeouts.error}</p>}
          <div><button type="submit">Apply timeouts</button></div>
        </form>
      </div>
    </fieldset>
  );
}

/**
 * How much WAL the primary keeps for standbys: wal_keep_size (kept whatever the standbys confirmed)
 * and max_slot_wal_keep_size (the most a replication slot may hold back; -1, the default, is no
 * limit). https://www.postgresql.org/docs/15/runtime-config-replication.html#GUC-MAX-SLOT-WAL-KEEP-SIZE
 * Seed 002's prevention for a slot that fills the disk.
 */
function WalRetentionFields({ settings }: { settings: PostgresSettings }) {
  const cmd = useCommand();
  const [invalid, setInvalid] = useState(false);
  const [keep, setKeep] = useDraft(settings.wal_keep_size_mb);
  const [slotMax, setSlotMax] = useDraft(settings.max_slot_wal_keep_size_mb);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const ok = allNumbers(keep) && Number.isFinite(slotMax) && (slotMax >= 0 || slotMax === -1);
    setInvalid(!ok);
    if (ok) cmd.send({ op: "configure", postgres: { wal_keep_size_mb: keep, max_slot_wal_keep_size_mb: slotMax } });
  };
  return (
    <fieldset>
      <legend>WAL kept for standbys</legend>
      {/* noValidate: our own message (in words, announced) rather than the browser's bubble */}
      <form className="stack" onSubmit={apply} noValidate>
        <div className="stack">
          <NumberField label="wal_keep_size (MB)" value={keep} onChange={setKeep} step="any" />
          <NumberField label="max_slot_wal_keep_size (MB)" value={slotMax} onChange={setSlotMax} step="any" min={-1}
            title="The most WAL a replication slot may hold back; -1 (the default) is no limit" />
        </div>
        <p className="small muted" style={{ margin: 0 }}>max_slot_wal_keep_size −1 means no limit. A slot over the limit is invalidated at the next checkpoint.</p>
        {(invalid || cmd.error) && <p className="error-text" role="alert">{invalid ? "wal_keep_size needs a number (0 or more); max_slot_wal_keep_size a number (0 or more) or −1." : cmd.error}</p>}
        <div><button type="submit">Apply WAL retention</button></div>
      </form>
    </fieldset>
  );
}

function SemiSyncFields({ settings, active }: { settings: SemiSyncSettings; active: boolean }) {
  const cmd = useCommand();
  const [invalid, setInvalid] = useState(false);
  const [count, setCount] = useDraft(settings.waitForCount);
  const [point, setPoint] = useDraft(settings.waitPoint);
  const [timeout, setTimeoutMs] = useDraft(settings.timeoutMs);
  const [noReplica, setNoReplica] = useDraft(settings.waitNoReplica);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setInvalid(!allNumbers(count, timeout));
    if (!allNumbers(count, timeout)) return;
    cmd.send({ op: "configure", semiSync: { waitForCount: count, waitPoint: point, timeoutMs: timeout, waitNoReplica: noReplica } });
  };

  return (
    <fieldset>
      <legend>MySQL semi-sync{active ? " (in force)" : ""}</legend>
      <form className="stack" onSubmit={apply}>
        <div className="stack">
          <NumberField label="wait_for_replica_count" value={count} onChange={setCount} />
          <NumberField label="timeout (ms)" value={timeout} onChange={setTimeoutMs} />
          <label className="field setting-row">
            wait_point
            <select value={point} onChange={(e) => setPoint(e.target.value as SemiSyncSettings["waitPoint"])}>
              {WAIT_POINTS.map((w) => <option key={w} value={w}>{w}</option>)}
            </select>
          </label>
          <label className="field" style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
            <input type="checkbox" checked={noReplica} onChange={(e) => setNoReplica(e.target.checked)} />
            wait_no_replica
          </label>
        </div>
        {(invalid || cmd.error) && <p className="error-text" role="alert">{invalid ? NOT_A_NUMBER : cmd.error}</p>}
        <div><button type="submit">Apply semi-sync settings</button></div>
      </form>
    </fieldset>
  );
}

function NumberField({ label, value, onChange, step, min = 0, title }: { label: string; value: number; onChange: (v: number) => void;
  step?: string; min?: number; title?: string }) {
  return (
    <label className="field setting-row" title={title}>
      <span>{breakable(label)}</span>
      <input
        type="number"
        min={min}
        step={step}
        value={Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
      />
    </label>
  );
}

/** A setting's name may wrap after its underscores (max_slot_wal_keep_size), never inside a word. */
function breakable(name: string) {
  const parts = name.split("_");
  return parts.map((part, i) => (i < parts.length - 1 ? <span key={i}>{part}_<wbr /></span> : <span key={i}>{part}</span>));
}
