/* Runs a multi-primary scenario to its end (the physical tests' helpers know one primary). */
import { parseScenario, Simulation } from "../../src/engine";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import type { Report } from "../../src/engine/views";
import type { MpConflictView, MultiPrimaryReport } from "../../src/engine/multiprimary";

/** A multi-primary run's report: its conflicts (top-level) are all between primaries. */
export type MpReport = Omit<Report, "multiPrimary" | "conflicts"> & { multiPrimary: MultiPrimaryReport; conflicts: MpConflictView[] };

export function runMp(input: ScenarioInput): MpReport {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = new Simulation(parsed.scenario);
  sim.runUntil(parsed.scenario.durationMs * 1000);
  const r = sim.finish();
  if (r.multiPrimary === undefined) throw new Error("no multiPrimary in the report");
  if (r.conflicts === undefined || r.conflicts.some((c) => !("write" in c))) throw new Error("a multi-primary report's conflicts are its primaries'");
  return r as MpReport;
}

type Mode = "circular" | "lww" | "certification";
type Node = { name: string; networkDelayMs?: number; clockSkewMs?: number };

/** A cluster of the given primaries; `actions` as in a scenario file. */
export function mpScenario(mode: Mode, nodes: Node[], actions: NonNullable<ScenarioInput["actions"]>,
  extra: Partial<{ durationMs: number; execMode: "STRICT" | "IDEMPOTENT"; links: { between: [string, string]; delayMs: number }[] }> = {}): ScenarioInput {
  return { name: `multi-primary ${mode}`, seed: 1, durationMs: extra.durationMs ?? 2000,
    cluster: { multiPrimary: { mode, nodes, ...(extra.execMode ? { execMode: extra.execMode } : {}), ...(extra.links ? { links: extra.links } : {}) } },
    actions };
}

/** Each node's value of key k in table t, in node order. */
export function valuesOf(r: MpReport, key: string, table = "t"): (string | null)[] {
  const row = r.multiPrimary.rows.find((x) => x.table === table && x.key === key);
  return row ? row.values : r.multiPrimary.nodes.map(() => null);
}
