/*
 * The WAL lanes' words, on their own canvas above the strips: axis labels, each node's name and
 * state, the size of each gap (bytes, and pg_stat_replication's lag for it) where there is room,
 * and a summary per lane: how far behind it is and the offset it asks the primary to resume from.
 */
import { formatBytes, formatDurationUs } from "./format";
import { binlogPos, formatPosition, type LogWords } from "../../text/position";
import type { Gap, Lane } from "./lanes";
import { font, laneScale, visibleTicks, type LaneGeometry, type LaneX } from "./laneScale";
import { stripBox } from "./lanesCanvas";
import type { Palette } from "./palette";

export function drawLaneText(ctx: CanvasRenderingContext2D, g: LaneGeometry, lanes: readonly Lane[], head: number, span: number, p: Palette, warnLagUs: number,
  words: LogWords = "postgres"): void {
  const x = laneScale(g, head, span);
  drawAxisLabels(ctx, g, x, p, words);
  lanes.forEach((lane, i) => {
    const rowTop = g.axisH + i * g.rowH;
    const { top, height } = stripBox(g, i);
    drawLabel(ctx, g, lane, rowTop, p, words);
    drawGapLabels(ctx, g, x, lane.gaps, top + height, p);
    drawClamped(ctx, g, x, lane, top + height / 2, p);
    drawSummary(ctx, g, lane, rowTop, p, warnLagUs, words);
  });
}

/** Ticks are distances back from the head ("−10 kB"): what the gaps mean. */
function drawAxisLabels(ctx: CanvasRenderingContext2D, g: LaneGeometry, x: LaneX, p: Palette, words: LogWords): void {
  ctx.font = font(g, 0.75);
  ctx.fillStyle = p.muted;
  ctx.textBaseline = "middle";
  ctx.textAlign = "center";
  for (const t of visibleTicks(x, g.fontPx * 4)) {
    ctx.fillText(t === 0 ? "newest" : `−${formatBytes(t)}`, Math.round(x.distance(t)), g.axisH / 2);
  }
  ctx.textAlign = "left";
  ctx.fillText("node", 4, g.axisH / 2);
  ctx.textAlign = "right";
  // MySQL: the position in the binary log file (the file is named under the lanes' title).
  ctx.fillText(words === "mysql" ? `head pos ${binlogPos(x.head)}` : `head ${formatPosition(x.head, words)}`, g.width - 4, g.axisH / 2);
}

function drawLabel(ctx: CanvasRenderingContext2D, g: LaneGeometry, lane: Lane, top: number, p: Palette, words: LogWords): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.font = font(g, 0.9, 700);
  ctx.fillStyle = lane.state === "down" ? p.muted : lane.role === "primary" ? p.accent : p.fg;
  ctx.fillText(lane.name, 4, top + g.rowH * 0.32, g.labelW - 8);
  ctx.font = font(g, 0.7);
  // MySQL: whether the replica's I/O thread is connected and reading the source's binary log.
  const link = words === "mysql" ? (lane.streaming ? "I/O reading" : "I/O stopped") : lane.streaming ? "streaming" : "not streaming";
  const state = lane.state === "up" ? (lane.role === "primary" ? (words === "mysql" ? "source" : "primary") : link) : lane.state;
  ctx.fillStyle = lane.state === "diverged" ? p.bad : p.muted;
  ctx.fillText(`${state} · TL ${lane.timeline}`, 4, top + g.rowH * 0.72, g.labelW - 8);
}

function drawGapLabels(ctx: CanvasRenderingContext2D, g: LaneGeometry, x: LaneX, gaps: readonly Gap[], y: number, p: Palette): void {
  ctx.font = font(g, 0.66);
  ctx.textBaseline = "top";
  ctx.textAlign = "center";
  ctx.fillStyle = p.muted;
  for (const gap of gaps) {
    if (gap.bytes <= 0) continue;
    const xa = x(gap.fromLsn);
    const xb = x(gap.toLsn);
    // Cheap test first: measuring text is the costly part of canvas text.
    if (xb - xa < g.fontPx * 3) continue;
    const text = gap.lagUs !== null ? `${formatBytes(gap.bytes)} · ${formatDurationUs(gap.lagUs)}` : formatBytes(gap.bytes);
    if (xb - xa < ctx.measureText(text).width + 6) continue; // the summary column has it
    ctx.fillText(text, (xa + xb) / 2, y + 2);
  }
}

/** A replica further back than the window: say how far, beside its clamped replay marker. */
function drawClamped(ctx: CanvasRenderingContext2D, g: LaneGeometry, x: LaneX, lane: Lane, y: number, p: Palette): void {
  const replay = lane.markers.find((m) => m.stage === "replay");
  if (!replay || replay.lsn >= x.head - x.span) return;
  ctx.font = font(g, 0.68, 700);
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = p.replay;
  ctx.fillText(`◀ ${formatBytes(x.head - replay.lsn)}`, x.range[0] + 6, y);
}

function drawSummary(ctx: CanvasRenderingContext2D, g: LaneGeometry, lane: Lane, top: number, p: Palette, warnLagUs: number, words: LogWords): void {
  const left = g.width - g.summaryW + 4;
  const maxW = g.summaryW - 8;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  if (lane.role === "primary") {
    ctx.font = font(g, 0.75);
    ctx.fillStyle = p.muted;
    ctx.fillText(`unflushed ${formatBytes(lane.gaps[0]?.bytes ?? 0)}`, left, top + g.rowH * 0.32, maxW);
    if (lane.retainedBytes !== null) {
      ctx.font = font(g, 0.68);
      ctx.fillText(`keeps ${formatBytes(lane.retainedBytes)} of ${words === "mysql" ? "binary log" : "WAL"} on disk`, left, top + g.rowH * 0.72, maxW);
    }
    return;
  }
  // Two quantities, named apart: the replica's own gap (what a read there sees now) and the gap
  // the primary has been told about (pg_stat_replication), which trails it by one reply.
  ctx.font = font(g, 0.8, 600);
  ctx.fillStyle = lane.state === "down" ? p.muted : lane.replayLagUs !== null && lane.replayLagUs > warnLagUs && lane.ownGapBytes > 0 ? p.warn : p.fg;
  if (words === "mysql") {
    // The replica's own numbers only (SHOW REPLICA STATUS): its source is told nothing but ACKs.
    ctx.fillText(`own gap ${formatBytes(lane.ownGapBytes)}`, left, top + g.rowH * 0.32, maxW);
    ctx.font = font(g, 0.68);
    ctx.fillStyle = p.muted;
    // The I/O thread asks the source for the events from its read position on (Read_Source_Log_Pos).
    const behind = lane.replayLagUs === null ? "NULL" : String(Math.floor(lane.replayLagUs / 1e6));
    ctx.fillText(`Seconds_Behind_Source ${behind} · reads from pos ${binlogPos(lane.resumeAfter ?? 0)}`, left, top + g.rowH * 0.72, maxW);
    return;
  }
  const reported = lane.reportedGapBytes === null ? "not connected" : `reported ${formatBytes(lane.reportedGapBytes)}`;
  ctx.fillText(`own gap ${formatBytes(lane.ownGapBytes)} · ${reported}`, left, top + g.rowH * 0.32, maxW);
  ctx.font = font(g, 0.68);
  ctx.fillStyle = p.muted;
  const lag = lane.replayLagUs === null ? "" : `replay_lag ${formatDurationUs(lane.replayLagUs)} · `;
  ctx.fillText(`${lag}asks for WAL after ${formatPosition(lane.resumeAfter ?? 0, words)}`, left, top + g.rowH * 0.72, maxW);
}
