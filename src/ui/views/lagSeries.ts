/*
 * Per-replica replay lag over time, from the store's lag samples (one per snapshot), as the
 * series a line chart draws. NULL lags (PostgreSQL shows NULL once a standby has caught up and
 * no WAL flows) become gaps, not zeros.
 */
import type { LagSample } from "../store";

export interface LagPoint {
  atUs: number;
  lagUs: number | null;
}

export interface LagSeries {
  name: string;
  points: LagPoint[];
  /** the newest sample's lag (null: NULL or not connected) */
  lastUs: number | null;
  maxUs: number;
}

/** `of`: which lag, pg_stat_replication's replay_lag (the default) or each replica's Seconds_Behind_Source. */
export function lagSeries(history: readonly LagSample[], of: "replayLagUs" | "behindUs" = "replayLagUs"): LagSeries[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const s of history) {
    for (const name of s[of].keys()) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const last = history.at(-1);
  return names.map((name) => {
    let maxUs = 0;
    const points = history.map((s) => {
      const lagUs = s[of].get(name) ?? null;
      if (lagUs !== null && lagUs > maxUs) maxUs = lagUs;
      return { atUs: s.atUs, lagUs };
    });
    return { name, points, lastUs: last?.[of].get(name) ?? null, maxUs };
  });
}

/** Which series get a name at their end: the worst few, so 16 labels do not pile up. */
export function labelled(series: readonly LagSeries[], max = 4): Set<string> {
  const ranked = series.filter((s) => s.lastUs !== null).sort((a, b) => (b.lastUs ?? 0) - (a.lastUs ?? 0));
  return new Set(ranked.slice(0, max).map((s) => s.name));
}

/** Tick values for a symlog lag axis: 0 and the decades that fit, in µs, at least `minGapPx` apart. */
export function lagTicks(maxUs: number, y: (us: number) => number, minGapPx = 14): number[] {
  const ticks = [0];
  for (let t = 1000; t <= maxUs * 1.0001; t *= 10) {
    if (Math.abs(y(t) - y(ticks.at(-1)!)) >= minGapPx) ticks.push(t);
  }
  return ticks;
}

/**
 * End-of-line labels pushed apart so none overlaps: ys sorted, each at least `gap` below the
 * previous, then the whole stack shifted back up if it ran past `maxY`. Returns ys in input order.
 */
export function spreadLabels(ys: readonly number[], gap: number, maxY = Infinity): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) order[k]!.y = Math.max(order[k]!.y, order[k - 1]!.y + gap);
  const overflow = (order.at(-1)?.y ?? 0) - maxY;
  if (overflow > 0) for (const o of order) o.y -= overflow;
  const out = new Array<number>(ys.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}

/**
 * Labels for time ticks (µs) in seconds, with as many decimals as the step between ticks needs,
 * so that no two labels read the same (ticks 0.12 s and 0.14 s were both "0.1 s").
 */
export function secondsLabels(ticksUs: readonly number[]): (us: number) => string {
  let step = Infinity;
  for (let i = 1; i < ticksUs.length; i++) step = Math.min(step, ticksUs[i]! - ticksUs[i - 1]!);
  const decimals = Number.isFinite(step) && step > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(step / 1e6) - 1e-9))) : 1;
  return (us) => `${(us / 1e6).toFixed(decimals)} s`;
}

/** Count ticks: whole numbers only (a count of 0.2 writes, "200m" in SI notation, means nothing). */
export function countTicks(ticks: readonly number[]): number[] {
  return ticks.filter((t) => Number.isInteger(t));
}
