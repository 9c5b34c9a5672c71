/*
 * A sweep file's text checked, for the CLI and the page alike: JSON, shape and depth, the zod
 * schema, the number of runs, every vary path, the failure window, then every combination's
 * scenario by parseScenario (its first seed), so a bad value is reported with the settings that
 * make it before any run starts. Pure: the CLI reads the file, the page a text box or a file.
 */
import { parseScenario } from "../engine/scenario/validate";
import { checkInputShape } from "../engine/scenario/inputShape";
import { issuesToErrors } from "../engine/scenario/issueMessages";
import { parseJsonText } from "../cli/readJson";
import { memoryProblem } from "../cli/memoryCheck";
import { MAX_SWEEP_RUNS, sweepSchema, type SweepFile } from "./schema";
import { pathProblem, runCount, sweepPoints, type SweepPoint } from "./grid";

/** Bad input: the message names the source and what to fix. */
export class SweepInputError extends Error {}

export interface CheckedSweep {
  sweep: SweepFile;
  /** the scenario's warnings, once each, with the settings that raise them */
  warnings: string[];
}

/**
 * `source` names the input in messages (a file name, "the sweep box"); `workers` runs at once
 * must fit in `memoryBytes` together.
 */
export function checkSweepText(text: string, source: string, workers: number, memoryBytes: number): CheckedSweep {
  const json = parseJsonText(text);
  if (!json.ok) throw new SweepInputError(`${source}:${json.error.line}:${json.error.column}: not valid JSON: ${json.error.reason}`);
  if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
    const got = Array.isArray(json.value) ? "a list" : json.value === null ? "null" : `a ${typeof json.value}`;
    throw new SweepInputError(`${source}: a sweep file is a JSON object with scenario, vary and seeds (docs/formats.md#sweeps), got ${got}`);
  }
  const shape = checkInputShape(json.value);
  if (shape !== null) throw new SweepInputError(`${source}: ${shape.path === "" ? "" : `${shape.path}: `}${shape.message}`);
  const parsed = sweepSchema.safeParse(json.value);
  if (!parsed.success) {
    const errors = issuesToErrors(parsed.error.issues, sweepSchema, json.value).slice(0, 20);
    throw new SweepInputError([`${source} is not a valid sweep (${errors.length === 1 ? "1 problem" : `${errors.length} problems`}):`,
      ...errors.map((e) => `${source}: ${e.path === "" ? "" : `${e.path}: `}${e.message}`)].join("\n"));
  }
  const sweep = parsed.data;
  const runs = runCount(sweep);
  if (runs > MAX_SWEEP_RUNS) {
    throw new SweepInputError(`${source}: the sweep asks for ${runs.toLocaleString("en")} runs (every combination of vary's values × seeds.count); at most ${MAX_SWEEP_RUNS.toLocaleString("en")}`);
  }
  sweep.vary.forEach((v, i) => {
    const problem = pathProblem(sweep.scenario, v.path);
    if (problem !== null) throw new SweepInputError(`${source}: vary[${i}].path: ${problem} (got ${JSON.stringify(v.path)})`);
  });
  if (sweep.primaryFailure && sweep.primaryFailure.toMs < sweep.primaryFailure.fromMs) {
    throw new SweepInputError(`${source}: primaryFailure.toMs: expected a time ≥ fromMs (${sweep.primaryFailure.fromMs}), got ${sweep.primaryFailure.toMs}`);
  }
  return { sweep, warnings: checkEveryCombination(source, sweep, workers, memoryBytes) };
}

/** parseScenario on each combination (its first seed): the first bad one names its settings. */
function checkEveryCombination(source: string, sweep: SweepFile, workers: number, memoryBytes: number): string[] {
  const warnings: string[] = [];
  const warned = new Set<string>();
  for (const point of sweepPoints(sweep)) {
    if (point.seed !== sweep.seeds.from) continue;
    const result = parseScenario(point.scenario);
    const where = describeValues(sweep, point);
    if (!result.ok) {
      const shown = result.errors.slice(0, 5).map((e) => `${source}: ${e.path === "" ? "" : `${e.path}: `}${e.message}`);
      throw new SweepInputError([`${source}: the scenario with ${where} is not valid:`, ...shown].join("\n"));
    }
    for (const w of result.warnings) {
      if (!warned.has(w)) warnings.push(`${source}: warning (${where}): ${w}`);
      warned.add(w);
    }
    // Each worker holds one run at a time: the runs side by side must fit together.
    const tooBig = memoryProblem(result.scenario, memoryBytes / Math.max(1, workers));
    if (tooBig !== null) throw new SweepInputError(`${source}: with ${where}, ${workers} runs at once: ${tooBig}`);
  }
  return warnings;
}

export function describeValues(sweep: SweepFile, point: SweepPoint): string {
  return sweep.vary.map((v, i) => `${v.label ?? v.path} = ${JSON.stringify(point.values[i])}`).join(", ");
}
