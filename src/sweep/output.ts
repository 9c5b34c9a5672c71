/*
 * A sweep's output: one row per run (the varied values, the seed, the failure time, the
 * metrics), then per combination of values the median, minimum and maximum of each metric over
 * its seeds. CSV by default: one table, its first column `row` says which kind a row is
 * (run | median | min | max), so a spreadsheet can filter it. JSON with --json.
 */
import { METRIC_NAMES, type RunMetrics } from "./metrics";
import type { SettingValue, SweepPoint } from "./grid";

export interface RunRow { values: SettingValue[]; seed: number; failureAtMs: number | null; metrics: RunMetrics }
export interface SummaryRow { values: SettingValue[]; runs: number; median: RunMetrics; min: RunMetrics; max: RunMetrics }

export function runRows(points: readonly SweepPoint[], results: readonly (RunMetrics | null)[]): RunRow[] {
  return points.flatMap((p) => {
    const metrics = results[p.index];
    return metrics ? [{ values: p.values, seed: p.seed, failureAtMs: p.failureAtMs, metrics }] : [];
  });
}

/** Median (the lower middle for an even count, so it is one of the runs), min and max per combination. */
export function summarize(rows: readonly RunRow[]): SummaryRow[] {
  const groups = new Map<string, RunRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(row.values);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const pick = (f: (xs: number[]) => number) =>
      Object.fromEntries(METRIC_NAMES.map((m) => [m, f(group.map((r) => r.metrics[m]).sort((a, b) => a - b))])) as unknown as RunMetrics;
    return { values: group[0]!.values, runs: group.length, median: pick((xs) => xs[Math.floor((xs.length - 1) / 2)]!),
      min: pick((xs) => xs[0]!), max: pick((xs) => xs.at(-1)!) };
  });
}

/** A CSV field: quoted when it must be; a text value a spreadsheet would take for a formula starts with ' (OWASP's advice). */
function field(value: SettingValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(labels: readonly string[], rows: readonly RunRow[], summary: readonly SummaryRow[]): string {
  const header = ["row", ...labels, "seed", "failureAtMs", ...METRIC_NAMES];
  const lines = [header.map(field).join(",")];
  for (const r of rows) lines.push(["run", ...r.values, r.seed, r.failureAtMs, ...METRIC_NAMES.map((m) => r.metrics[m])].map(field).join(","));
  for (const s of summary) {
    for (const kind of ["median", "min", "max"] as const) {
      lines.push([kind, ...s.values, null, null, ...METRIC_NAMES.map((m) => s[kind][m])].map(field).join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

export function toJson(name: string, labels: readonly string[], rows: readonly RunRow[], summary: readonly SummaryRow[],
  complete: boolean): string {
  const settings = (values: readonly SettingValue[]) => Object.fromEntries(labels.map((l, i) => [l, values[i]]));
  return `${JSON.stringify({
    sweep: name,
    settings: labels,
    complete,
    runs: rows.map((r) => ({ settings: settings(r.values), seed: r.seed, failureAtMs: r.failureAtMs, ...r.metrics })),
    summary: summary.map((s) => ({ settings: settings(s.values), runs: s.runs, median: s.median, min: s.min, max: s.max })),
  })}\n`;
}
