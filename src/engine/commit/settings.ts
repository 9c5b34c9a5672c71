/*
 * Turns the scenario's `commit` block (or a `configure` action) into the exact settings in force.
 * A preset is only a name for settings (DESIGN.md): the UI and the report always show these.
 */
import type { CommitConfig, PostgresSettings, Preset, SemiSyncSettings } from "../scenario/schema";
import { postgresSettingsSchema, semiSyncSettingsSchema } from "../scenario/schema";
import type { EffectiveCommit } from "../views";
import { formatStandbyNames, parseStandbyNames } from "./standbyNames";

export const DEFAULT_POSTGRES: PostgresSettings = postgresSettingsSchema.parse({});
export const DEFAULT_SEMI_SYNC: SemiSyncSettings = semiSyncSettingsSchema.parse({});

/** A name PostgreSQL reads back as the same identifier: quote anything but a plain lower-case one. */
function quoteName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function syncPresetStandbyNames(replicas: readonly string[]): string {
  return replicas.length === 0 ? "" : `FIRST ${replicas.length} (${replicas.map(quoteName).join(", ")})`;
}

/**
 * Applies `change` on top of `current`. The mode follows what the change names: a preset decides
 * it, else a postgres block means PostgreSQL, a semiSync block means semi-sync. Returns warnings
 * for settings a preset overrode, so that no setting is dropped silently.
 */
export function applyCommitChange(
  current: EffectiveCommit,
  change: CommitConfig,
  replicas: readonly string[],
): { commit: EffectiveCommit; warnings: string[] } {
  const warnings: string[] = [];
  const postgres: PostgresSettings = { ...current.postgres, ...stripUndefined(change.postgres ?? {}) };
  const semiSync: SemiSyncSettings = { ...current.semiSync, ...stripUndefined(change.semiSync ?? {}) };
  let mode = current.mode;
  let preset: Preset | null = current.preset;
  if (change.preset) {
    preset = change.preset;
    mode = change.preset === "semi-sync" ? "semiSync" : "postgres";
    if (change.preset !== "semi-sync") {
      const names = change.preset === "sync" ? syncPresetStandbyNames(replicas) : "";
      overrideWarn(warnings, change, "synchronous_commit", "on", change.preset);
      overrideWarn(warnings, change, "synchronous_standby_names", names, change.preset);
      postgres.synchronous_commit = "on";
      postgres.synchronous_standby_names = names;
    }
  } else if (change.postgres) {
    mode = "postgres";
    preset = null;
  } else if (change.semiSync) {
    mode = "semiSync";
    preset = null;
  }
  const commit: EffectiveCommit = {
    preset, mode, postgres, semiSync,
    semiSyncActive: mode === "semiSync" ? current.semiSyncActive || current.mode !== "semiSync" : true,
    summary: "",
  };
  commit.summary = describeCommit(commit);
  return { commit, warnings };
}

function overrideWarn(warnings: string[], change: CommitConfig, key: "synchronous_commit" | "synchronous_standby_names",
  value: string, preset: string): void {
  const given = change.postgres?.[key];
  if (given !== undefined && given !== value) {
    warnings.push(`commit.preset "${preset}" sets ${key} = '${value}'; the given '${given}' is not used`);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function initialCommit(config: CommitConfig, replicas: readonly string[]): { commit: EffectiveCommit; warnings: string[] } {
  const base: EffectiveCommit = {
    preset: null, mode: "postgres", postgres: { ...DEFAULT_POSTGRES }, semiSync: { ...DEFAULT_SEMI_SYNC },
    semiSyncActive: true, summary: "",
  };
  const change = config.preset || config.postgres || config.semiSync ? config : { ...config, preset: "async" as const };
  return applyCommitChange(base, change, replicas);
}

/** When replicas come and go, the "sync" preset keeps meaning "every replica". */
export function refreshPreset(commit: EffectiveCommit, replicas: readonly string[]): EffectiveCommit {
  if (commit.preset !== "sync") return commit;
  const next = { ...commit, postgres: { ...commit.postgres, synchronous_standby_names: syncPresetStandbyNames(replicas) } };
  next.summary = describeCommit(next);
  return next;
}

const LEVEL_WORDS = { remote_write: "written (not yet fsynced)", on: "flushed to disk", remote_apply: "replayed (visible to reads)" } as const;

export function describeCommit(c: EffectiveCommit): string {
  if (c.mode === "semiSync") {
    const s = c.semiSync;
    return `Semi-sync: a commit waits (${s.waitPoint}) until ${s.waitForCount} replica${s.waitForCount > 1 ? "s" : ""} ` +
      `ACK receipt of its binlog events (written to the relay log, not applied); after ${s.timeoutMs} ms without ` +
      `enough ACKs the primary falls back to async until a replica catches up.` + (c.semiSyncActive ? "" : " Now OFF (async).");
  }
  const p = c.postgres;
  const parsed = parseStandbyNames(p.synchronous_standby_names);
  const names = parsed.ok ? parsed.value : null;
  if (p.synchronous_commit === "off") {
    return "synchronous_commit = off: a commit returns before its WAL is flushed even locally; a crash can lose it.";
  }
  if (p.synchronous_commit === "local" || !names) {
    return `synchronous_commit = ${p.synchronous_commit}, synchronous_standby_names = ${formatStandbyNames(names)}: ` +
      "a commit waits for the local WAL flush only; replicas follow asynchronously.";
  }
  const one = names.num === 1;
  const who = names.method === "first"
    ? `the ${one ? "highest-priority connected standby" : `${names.num} highest-priority connected standbys`} of (${names.names.join(", ")})`
    : `any ${names.num} of (${names.names.join(", ")})`;
  return `synchronous_commit = ${p.synchronous_commit}: a commit waits until ${who} ${one ? "reports" : "report"} its WAL ` +
    `${LEVEL_WORDS[p.synchronous_commit]}.`;
}
