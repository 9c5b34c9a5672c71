/*
 * Draws the WAL lanes' moving parts, every time a snapshot arrives: one strip per node, coloured
 * spans for what is replayed / flushed / written / on the wire, and a marker at each position.
 * The words (names, gap sizes, summaries) are on a second canvas, lanesText.ts, redrawn a few
 * times a second: text is the slow part of canvas drawing and nobody reads numbers at 60 Hz.
 */
import type { Lane, Marker, Stage } from "./lanes";
import { laneScale, visibleTicks, type LaneGeometry, type LaneX } from "./laneScale";
import type { Palette } from "./palette";

export const STAGE_COLOR: Record<Stage, (p: Palette) => string> = {
  insert: (p) => p.wal, flush: (p) => p.flush, sent: (p) => p.sent, write: (p) => p.write, replay: (p) => p.replay,
  oldest: (p) => p.muted,
};

/** Where a lane's strip sits inside its row. */
export function stripBox(g: LaneGeometry, row: number): { top: number; height: number } {
  const rowTop = g.axisH + row * g.rowH;
  return { top: rowTop + g.rowH * 0.22, height: g.rowH * 0.46 };
}

/**
 * The whole-pixel positions the strips would be drawn at: when they match the last drawing's,
 * the canvas is left alone (at low write rates most snapshots move nothing by a pixel).
 */
export function stripSignature(g: LaneGeometry, lanes: readonly Lane[], head: number, span: number): string {
  const x = laneScale(g, head, span);
  let sig = `${g.width}:${g.rowH}:${Math.round(span)}`;
  for (const l of lanes) {
    sig += `|${l.state}${l.streaming ? 1 : 0}`;
    for (const m of l.markers) sig += `,${Math.round(x(m.lsn))}`;
  }
  return sig;
}

export function drawLaneStrips(ctx: CanvasRenderingContext2D, g: LaneGeometry, lanes: readonly Lane[], head: number, span: number, p: Palette): void {
  const x = laneScale(g, head, span);
  drawGrid(ctx, g, x, lanes.length, p);
  lanes.forEach((lane, i) => drawStrip(ctx, g, x, lane, i, p));
  ctx.globalAlpha = 1;
}

function drawGrid(ctx: CanvasRenderingContext2D, g: LaneGeometry, x: LaneX, rows: number, p: Palette): void {
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.35;
  ctx.beginPath();
  for (const t of visibleTicks(x, g.fontPx * 4)) {
    const px = Math.round(x.distance(t)) + 0.5;
    ctx.moveTo(px, g.axisH - 4);
    ctx.lineTo(px, g.axisH + rows * g.rowH);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function drawStrip(ctx: CanvasRenderingContext2D, g: LaneGeometry, x: LaneX, lane: Lane, row: number, p: Palette): void {
  const { top, height } = stripBox(g, row);
  const [x0, x1] = x.range;
  const fade = lane.state === "down" ? 0.45 : 1;
  ctx.globalAlpha = fade;
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, top + 0.5, x1 - x0, height);

  const pos = (s: Stage) => lane.markers.find((m) => m.stage === s)?.lsn ?? 0;
  const spans: [number, number, string, number][] = lane.role === "primary"
    ? [[-Infinity, pos("flush"), p.wal, 0.35], [pos("flush"), pos("insert"), p.wal, 0.15]]
    : [[-Infinity, pos("replay"), p.muted, 0.28], [pos("replay"), pos("flush"), p.replay, 0.3], [pos("flush"), pos("write"), p.flush, 0.3],
      // Sent but not yet received: on the wire, the WAL dots of the cluster view.
      [pos("write"), lane.streaming ? pos("sent") : pos("write"), p.wal, 0.14]];
  for (const [a, b, color, alpha] of spans) {
    const xa = a === -Infinity ? x0 : x(a);
    const xb = x(b);
    if (xb <= xa) continue;
    ctx.globalAlpha = fade * alpha;
    ctx.fillStyle = color;
    ctx.fillRect(xa, top, xb - xa, height);
  }
  ctx.globalAlpha = fade;
  for (const m of lane.markers) drawMarker(ctx, x, m, top, height, p);
}

function drawMarker(ctx: CanvasRenderingContext2D, x: LaneX, m: Marker, top: number, height: number, p: Palette): void {
  const px = Math.round(x(m.lsn));
  const color = STAGE_COLOR[m.stage](p);
  if (m.stage === "oldest") {
    // The start of the WAL still on the primary's disk: a bracket, "[ kept from here".
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(px + 4, top - 3);
    ctx.lineTo(px, top - 3);
    ctx.lineTo(px, top + height + 3);
    ctx.lineTo(px + 4, top + height + 3);
    ctx.stroke();
    return;
  }
  ctx.fillStyle = color;
  if (m.stage === "sent") {
    // What the primary has sent: a small triangle above the strip.
    ctx.beginPath();
    ctx.moveTo(px - 4, top - 6);
    ctx.lineTo(px + 4, top - 6);
    ctx.lineTo(px, top - 1);
    ctx.fill();
    return;
  }
  ctx.fillRect(px - 1.5, top - 3, 3, height + 6);
}
