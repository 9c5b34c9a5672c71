/*
 * The second setting of a comparison: one change to a scenario — a commit preset, a
 * synchronous_commit level, a synchronous_standby_names, a semi-sync wait point, a routing policy,
 * an apply or network delay. Applied to the settings in force at the start (a preset is first
 * written out as its exact settings), then checked as any scenario is.
 */
import { Simulation } from "../engine/index";
import { parseScenario } from "../engine/scenario/validate";
import type { Scenario } from "../engine/scenario/schema";
import { variantText, type Variant } from "./variantText";

export type { Variant };

/** The scenario with the variant applied, or why it cannot be. */
export function applyVariant(base: Scenario, v: Variant): { ok: true; scenario: Scenario } | { ok: false; message: string } {
  const eff = new Simulation(base).snapshot(0, { omitInFlight: true }).commit;
  const raw = structuredClone(base) as Scenario & Record<string, unknown>;
  const postgres = { ...eff.postgres }, semiSync = { ...eff.semiSync };
  switch (v.kind) {
    case "preset": raw.commit = { ...base.commit, preset: v.value }; break;
    case "synchronous_commit": raw.commit = { preset: undefined, postgres: { ...postgres, synchronous_commit: v.value }, semiSync } as never; break;
    case "synchronous_standby_names":
      raw.commit = { preset: undefined, postgres: { ...postgres, synchronous_standby_names: v.value }, semiSync } as never; break;
    case "wait-point": raw.commit = { preset: undefined, semiSync: { ...semiSync, waitPoint: v.value } } as never; break;
    case "routing":
      raw.workload = { ...base.workload, readFrom: v.value };
      raw.sessions = Object.fromEntries(Object.entries(base.sessions).map(([k, s]) => [k, { ...s, routing: v.value }]));
      break;
    case "apply-delay": raw.cluster = { ...base.cluster, replicas: base.cluster.replicas.map((r) => ({ ...r, applyDelayMs: v.ms })) }; break;
    case "network-delay": {
      if (!base.cluster.replicas.some((r) => r.name === v.node)) return { ok: false, message: `no replica is named ${JSON.stringify(v.node)}` };
      raw.cluster = { ...base.cluster, replicas: base.cluster.replicas.map((r) => (r.name === v.node ? { ...r, networkDelayMs: v.ms } : r)) };
      break;
    }
  }
  const commit = raw.commit as Record<string, unknown>;
  if (commit.preset === undefined) delete commit.preset;
  const parsed = parseScenario(JSON.parse(JSON.stringify(raw)));
  if (!parsed.ok) return { ok: false, message: parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ") };
  return { ok: true, scenario: { ...parsed.scenario, name: `${base.name} — ${variantText(v)}` } };
}
