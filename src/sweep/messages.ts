/*
 * The messages between a sweep's pool and its workers (Node's worker threads and the page's Web
 * Workers alike), and the checks each side makes of what it receives: a job is a point's index
 * and its scenario (the worker checks the scenario itself, as a scenario file); an answer is an
 * index and either the run's figures or a message.
 */
import { METRIC_NAMES, type RunMetrics } from "./metrics";
import type { PointResult } from "./runPoint";

export interface PointJob { index: number; scenario: unknown }
export interface PointAnswer { index: number; result: PointResult }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

export function checkJob(d: unknown): PointJob | null {
  return isObj(d) && isIndex(d.index) && isObj(d.scenario) ? { index: d.index, scenario: d.scenario } : null;
}

/** An answer for one of `total` points, or null. */
export function checkAnswer(d: unknown, total: number): PointAnswer | null {
  if (!isObj(d) || !isIndex(d.index) || d.index >= total || !isObj(d.result)) return null;
  const r = d.result;
  if (r.ok === false) return typeof r.message === "string" ? { index: d.index, result: { ok: false, message: r.message.slice(0, 2000) } } : null;
  if (r.ok !== true || !isObj(r.metrics)) return null;
  const m = r.metrics;
  if (!METRIC_NAMES.every((k) => typeof m[k] === "number" && Number.isFinite(m[k]))) return null;
  const metrics = Object.fromEntries(METRIC_NAMES.map((k) => [k, m[k]])) as unknown as RunMetrics;
  return { index: d.index, result: { ok: true, metrics } };
}
