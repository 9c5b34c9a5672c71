/*
 * Checks a commit block (the scenario's `commit`, or a configure action). The engine's rules
 * (src/engine/commit/settings.ts): a preset decides the mode and overrides the settings it
 * names (the engine warns about those); without one, a postgres block selects PostgreSQL, a
 * semiSync block semi-sync. Here: synchronous_standby_names must parse as PostgreSQL parses it,
 * and what is legal but probably not meant is said out loud.
 */
import { parseStandbyNames } from "../commit/standbyNames";
import type { PostgresPatch, Preset, SemiSyncPatch } from "./schema";
import { fail, warn, type Findings } from "./findings";

const STANDBY_FORMS = "e.g. 'FIRST 1 (s1, s2)', 'ANY 2 (s1, s2, s3)', 's1, s2' or '' for none";

export interface CommitChoice {
  preset?: Preset | undefined;
  postgres?: PostgresPatch | undefined;
  semiSync?: SemiSyncPatch | undefined;
}

export function checkCommitChoice(choice: CommitChoice, path: string, nodes: ReadonlySet<string>, out: Findings): void {
  const names = choice.postgres?.synchronous_standby_names;
  if (names !== undefined) checkStandbyNames(names, `${path}.postgres.synchronous_standby_names`, choice, nodes, out);
  if (choice.preset === undefined && choice.postgres !== undefined && choice.semiSync !== undefined) {
    warn(out, path, "both postgres and semiSync are given without a preset, so the postgres block decides the mode " +
      "(PostgreSQL); add \"preset\" to say which one you mean");
  }
}

function checkStandbyNames(text: string, path: string, choice: CommitChoice, nodes: ReadonlySet<string>, out: Findings): void {
  const parsed = parseStandbyNames(text);
  if (!parsed.ok) {
    fail(out, path, `'${text}' is not valid synchronous_standby_names (${parsed.error}); expected PostgreSQL's syntax, ${STANDBY_FORMS}`);
    return;
  }
  // Under "async" or "sync" the preset's own list is used, so this one cannot block anything.
  if (parsed.value === null || choice.preset === "async" || choice.preset === "sync") return;
  const lowerNodes = new Set([...nodes].map((n) => n.toLowerCase()));
  const strangers = parsed.value.names.filter((n) => n !== "*" && !lowerNodes.has(n.toLowerCase()));
  if (strangers.length > 0) {
    warn(out, path, `${strangers.map((n) => `"${n}"`).join(", ")} ${strangers.length === 1 ? "is" : "are"} no node ` +
      "of the cluster; a commit that needs such a standby waits until one with that application_name connects");
  }
}
