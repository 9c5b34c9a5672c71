/*
 * Geometry of the WAL lanes: row sizes from the text size, and the x axis. The axis is the
 * distance back from the newest byte on a d3 symlog scale: linear for the last few hundred
 * bytes, logarithmic beyond, so a gap of 200 B and one of 200 MB are both visible on one strip.
 */
import { scaleSymlog, type ScaleSymLog } from "d3";
import { distanceTicks } from "./lanes";

export interface LaneGeometry {
  width: number;
  rowH: number;
  axisH: number;
  labelW: number;
  summaryW: number;
  fontPx: number;
}

export function laneGeometry(width: number, fontPx: number): LaneGeometry {
  return { width, rowH: Math.round(fontPx * 2.3), axisH: Math.round(fontPx * 1.6), labelW: Math.round(fontPx * 7.5),
    summaryW: Math.round(fontPx * 15), fontPx };
}

export function lanesHeight(g: LaneGeometry, rows: number): number {
  return g.axisH + rows * g.rowH + 4;
}

/** Bytes below which the axis is linear. */
const LINEAR_BYTES = 512;

/** Maps an LSN to x: the head at the right, `span` bytes back at the left. */
export interface LaneX {
  (lsn: number): number;
  head: number;
  span: number;
  distance: ScaleSymLog<number, number>;
  range: [number, number];
}

export function laneScale(g: LaneGeometry, head: number, span: number): LaneX {
  const range: [number, number] = [g.labelW + 8, g.width - g.summaryW - 8];
  const distance = scaleSymlog().constant(LINEAR_BYTES).domain([span, 0]).range(range).clamp(true);
  const x = ((lsn: number) => distance(Math.max(0, head - lsn))) as LaneX;
  x.head = head;
  x.span = span;
  x.distance = distance;
  x.range = range;
  return x;
}

/** Tick distances that are at least `minGapPx` apart (they crowd near the head on a log axis). */
export function visibleTicks(x: LaneX, minGapPx: number): number[] {
  const out: number[] = [];
  let lastPx = Infinity;
  for (const t of distanceTicks(x.span)) {
    const px = x.distance(t);
    if (lastPx - px < minGapPx) continue;
    lastPx = px;
    out.push(t);
  }
  return out;
}

export function font(g: LaneGeometry, scale: number, weight = 400): string {
  return `${weight} ${Math.round(g.fontPx * scale)}px system-ui, sans-serif`;
}
