/*
 * The space-time diagram's SVG, drawn imperatively once a frame (outside React): time runs
 * across, one lane per node and per session. Only what the window shows is drawn (geometry.ts
 * finds it by binary search); arrows of one kind share one <path>, so 2,000 messages cost a few
 * elements, not thousands. d3-zoom pans and zooms the time axis; while the view follows "now"
 * the window's right edge stays at the run's present.
 *
 * While the run is live, the arrows and the operation bars (thousands of segments, redrawn every
 * frame) are painted on a <canvas> under the SVG instead (drawFigure's `canvas`): setting a
 * path's `d` of thousands of segments made the browser parse and rasterise the whole path each
 * frame. Everything else (lanes, bands, marks, the chosen message and pins, labels, axis, minimap)
 * stays in the SVG, which is the accessible figure and takes the clicks; a still figure (paused)
 * and every export draw the arrows and bars in the SVG as well (canvasDraw.ts paints the same
 * groups).
 *
 * Colours are written as attributes from the palette (not CSS variables), so an exported SVG
 * looks the same outside the page. Every text is set with textContent: user text is data.
 */
import * as d3 from "d3";
import type { TraceBook } from "../../spacetime/book";
import { diagramOf, type ArrowKind, type Diagram, type SpanGeom } from "../../spacetime/geometry";
import { palette, type Palette } from "../views/palette";
import type { Highlight } from "../../spacetime/highlight";
import { placeLabels, textWidth, type LabelWish } from "./labelPlacement";
import { arrowStyle, paintCanvas } from "./canvasDraw";
import "./putAttr";

export const LABEL_W = 96;
const AXIS_H = 22;
const NODE_LANE_H = 34;
const SESSION_LANE_H = 24;
const MINIMAP_H = 34;
const MINIMAP_GAP = 10;
/** arrows get their own text labels only when this few are on screen */
const LABEL_ARROWS_MAX = 40;
/** spans get text labels only when this few are on screen */
const LABEL_SPANS_MAX = 60;

export interface View {
  fromUs: number;
  toUs: number;
  nowUs: number;
  showKeepalives: boolean;
  highlight: Highlight;
  /** the moment of the event the page selected (selection.ts), drawn as a line across the lanes; null when none */
  cursorUs?: number | null;
}

export interface LaneLayout { y: number[]; h: number[]; plotH: number; }

export function laneLayout(d: Diagram): LaneLayout {
  const y: number[] = [], h: number[] = [];
  let at = AXIS_H;
  for (const l of d.lanes) {
    const lh = l.kind === "node" ? NODE_LANE_H : SESSION_LANE_H;
    y.push(at + lh / 2);
    h.push(lh);
    at += lh;
  }
  return { y, h, plotH: at };
}

export function figureHeight(lanes: LaneLayout): number {
  return lanes.plotH + MINIMAP_GAP + MINIMAP_H + 18;
}

function arrowColour(p: Palette, k: ArrowKind): string {
  switch (k) {
    case "wal": return p.wal;
    case "ack-write": return p.write;
    case "ack-flush": return p.flush;
    case "ack-apply": return p.replay;
    case "control": return p.warn;
    default: return p.sent;
  }
}

function bandColour(p: Palette, kind: string): string {
  if (kind === "cut" || kind === "hang") return p.warn;
  if (kind === "no-sync-standby" || kind === "semi-sync-off") return p.accent;
  return p.bad;
}

const BAND_WORDS: Record<string, string> = {
  crash: "crashed", "power-loss": "power lost", hang: "hung", cut: "link cut", stall: "commits stalled",
  "semi-sync-off": "semi-sync OFF", "no-sync-standby": "no sync standby",
};

/**
 * Draws one frame into `svg` (its groups are made on first use). With a `canvas` (the live
 * figure), the arrows and bars are painted there and the SVG's are emptied; without one, all is
 * SVG (and a canvas passed before is left to the caller to clear: clearCanvas). Returns the
 * diagram drawn.
 */
export function drawFigure(svgEl: SVGSVGElement, book: TraceBook, v: View, width: number, canvas: HTMLCanvasElement | null = null): Drawn & { segments: number } {
  const p = palette();
  const d = diagramOf(book, { fromUs: v.fromUs, toUs: v.toUs, nowUs: v.nowUs, showKeepalives: v.showKeepalives });
  const lanes = laneLayout(d);
  const plotW = Math.max(50, width - LABEL_W - 8);
  const x = d3.scaleLinear().domain([v.fromUs, v.toUs]).range([LABEL_W, LABEL_W + plotW]);
  const svg = d3.select(svgEl);
  const height = figureHeight(lanes);
  svg.put("width", width).put("height", height).put("viewBox", `0 0 ${width} ${height}`)
    .put("font-family", p.fontFamily).put("font-size", 12);
  const g = (cls: string) => {
    let sel = svg.select<SVGGElement>(`g.${cls}`);
    if (sel.empty()) sel = svg.append("g").put("class", cls);
    return sel;
  };
  // Order of the groups is the order of painting.
  const bg = g("st-bg"), bandsG = g("st-bands"), lanesG = g("st-lanes"), arrowsG = g("st-arrows"), spansG = g("st-spans"),
    marksG = g("st-marks"), hiG = g("st-highlight"), axisG = g("st-axis"), labelsG = g("st-labels"), miniG = g("st-minimap");
  const clipId = ensureClip(svg, `${svgEl.id || "st"}-clip`, LABEL_W, 0, plotW, lanes.plotH);
  for (const c of [bandsG, arrowsG, spansG, marksG, hiG]) c.put("clip-path", `url(#${clipId})`);

  drawLanes(lanesG, labelsG, d, lanes, p, width);
  drawBands(bandsG, d, lanes, x, p, v);
  const arrows = arrowGroups(d, lanes, x, v);
  const bars = spanGroups(d, lanes, x, p, v);
  // the canvas covers the lanes only (what it paints): a smaller bitmap to hand to the compositor each frame
  const onCanvas = canvas !== null && paintCanvas(canvas, { width, height: lanes.plotH, plot: { x: LABEL_W, y: 0, w: plotW, h: lanes.plotH }, background: p.panel,
    arrows: arrows.groups.map((gr) => ({ ...gr, colour: arrowColour(p, gr.kind) })), bars: bars.groups });
  // on the live figure the canvas under the SVG paints the background
  bg.selectAll("rect").data([0]).join("rect").put("x", 0).put("y", 0).put("width", width).put("height", height)
    .put("fill", onCanvas ? "none" : p.panel);
  drawArrows(arrowsG, onCanvas ? [] : arrows.groups, p);
  drawSpans(spansG, onCanvas ? [] : bars.groups, bars.outline, p);
  const segments = arrows.segments;
  drawMarks(marksG, d, lanes, x, p);
  const pins = drawHighlight(hiG, book, d, lanes, x, p, v);
  drawTexts({ arrowsG, spansG, hiG }, d, pins, lanes, x, p, v, { left: LABEL_W, right: LABEL_W + plotW });
  drawAxis(axisG, x, Math.max(2, Math.floor(plotW / 90)), p);
  drawMinimap(miniG, book, v, lanes.plotH + MINIMAP_GAP, plotW, p);
  return { diagram: d, lanes, x, segments };
}

const secondsFormat = d3.format(".4~f");

/**
 * The time axis along the top, as d3.axisTop draws it (a tick line and its seconds per tick, the
 * domain path), but with the ticks keyed by their time: while the window slides, a tick keeps its
 * element and its text and only moves (d3's axis keys ticks by position, so every frame
 * replaced all of them, text included, and the figure was laid out again).
 */
function drawAxis(axisG: G, x: d3.ScaleLinear<number, number>, count: number, p: Palette): void {
  const [r0, r1] = x.range() as [number, number];
  axisG.put("transform", `translate(0,${AXIS_H - 2})`).put("fill", "none").put("font-size", 10).put("text-anchor", "middle");
  axisG.selectAll("path.domain").data([0]).join("path").put("class", "domain")
    .put("stroke", p.border).put("d", `M${r0 + 0.5},-6V0.5H${r1 + 0.5}V-6`);
  const ticks = axisG.selectAll<SVGGElement, number>("g.tick").data(x.ticks(count), (t) => String(t)).join((e) => {
    const gg = e.append("g").put("class", "tick");
    gg.append("line").put("y2", -6);
    gg.append("text").put("y", -9).put("dy", "0em").putText((t) => `${secondsFormat(t / 1e6)} s`);
    return gg;
  });
  ticks.put("transform", (t) => `translate(${Math.round(x(t)) + 0.5},0)`);
  ticks.select("line").put("stroke", p.border);
  ticks.select("text").put("fill", p.muted);
}

/** A clip path for the plot; its id is the figure's own (several figures share a page). */
function ensureClip(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, id: string, x: number, y: number, w: number, h: number): string {
  let defs = svg.select<SVGDefsElement>("defs");
  if (defs.empty()) defs = svg.insert("defs", ":first-child");
  defs.selectAll("clipPath").data([0]).join("clipPath").put("id", id)
    .selectAll("rect").data([0]).join("rect").put("x", x).put("y", y).put("width", w).put("height", h);
  return id;
}

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

function drawLanes(lanesG: G, labelsG: G, d: Diagram, L: LaneLayout, p: Palette, width: number): void {
  lanesG.selectAll("line").data(d.lanes).join("line")
    .put("x1", LABEL_W).put("x2", width - 8).put("y1", (_, i) => L.y[i]!).put("y2", (_, i) => L.y[i]!)
    .put("stroke", (l) => (l.kind === "node" ? p.muted : p.border)).put("stroke-width", (l) => (l.kind === "node" ? 1.5 : 1));
  labelsG.selectAll("text").data(d.lanes).join("text")
    .put("x", LABEL_W - 8).put("y", (_, i) => L.y[i]! + 4).put("text-anchor", "end")
    .put("fill", (l) => (l.kind === "node" ? p.fg : p.muted)).put("font-weight", (l) => (l.kind === "node" ? 600 : 400))
    .putText((l) => (l.kind === "node" ? l.name : `session ${l.name}`).slice(0, 16));
}

function drawBands(bandsG: G, d: Diagram, L: LaneLayout, x: d3.ScaleLinear<number, number>, p: Palette, v: View): void {
  const dim = v.highlight.dimOthers;
  const sel = bandsG.selectAll<SVGGElement, unknown>("g.band").data(d.bands).join((e) => {
    const gg = e.append("g").put("class", "band");
    gg.append("rect");
    gg.append("text");
    gg.append("title");
    return gg;
  });
  sel.put("opacity", dim ? 0.35 : 1);
  sel.select("rect")
    .put("x", (b) => x(b.fromUs)).put("width", (b) => Math.max(2, x(b.toUs) - x(b.fromUs)))
    .put("y", (b) => L.y[b.lane]! - L.h[b.lane]! / 2 + 2).put("height", (b) => L.h[b.lane]! - 4)
    .put("fill", (b) => bandColour(p, b.band.kind)).put("fill-opacity", 0.16)
    .put("stroke", (b) => bandColour(p, b.band.kind)).put("stroke-opacity", 0.6);
  sel.select("text").put("x", (b) => Math.max(x(b.fromUs), LABEL_W) + 4).put("y", (b) => L.y[b.lane]! - L.h[b.lane]! / 2 + 12)
    .put("fill", (b) => bandColour(p, b.band.kind)).put("font-size", 10)
    .putText((b) => (x(b.toUs) - x(b.fromUs) > 70 ? `${BAND_WORDS[b.band.kind] ?? b.band.kind}${b.peerLane === null ? "" : ` → ${b.band.peer}`}` : ""));
  sel.select("title").putText((b) => b.band.detail);
}

/** Arrow heads closer than this on one lane pair are drawn once (a dense run's heads are one blob anyway). */
const HEAD_GAP_PX = 5;

/** One arrow kind's segments (dimmed or not): lines as x1,y1,x2,y2 quadruples, heads as triangles (6 numbers each). */
export interface ArrowGroup { key: string; kind: ArrowKind; dim: boolean; lines: number[]; heads: number[] }

/**
 * The arrows grouped by kind (and dimmed or not), with a level of detail: arrows that round to the
 * same pixels as the last one drawn between the same two lanes are drawn once (denser than a
 * pixel, a second line changes no pixel), and heads closer than HEAD_GAP_PX are drawn once.
 * `segments` counts the lines kept.
 */
function arrowGroups(d: Diagram, L: LaneLayout, x: d3.ScaleLinear<number, number>, v: View): { groups: ArrowGroup[]; segments: number } {
  const groups = new Map<string, ArrowGroup & { last: Map<number, { x1: number; x2: number; head: number }> }>();
  const hl = v.highlight;
  const px = linear(x);
  let drawn = 0;
  for (const a of d.arrows) {
    const dim = hl.dimOthers && !hl.messages.has(a.index);
    const key = dim ? `${a.kind}d` : a.kind;
    let gr = groups.get(key);
    if (!gr) { gr = { key, kind: a.kind, dim, lines: [], heads: [], last: new Map() }; groups.set(key, gr); }
    const x1 = Math.round(px(a.sentUs)), x2 = Math.round(px(a.arriveUs)), y1 = L.y[a.from]!, y2 = L.y[a.to]!;
    const pair = a.from * 256 + a.to;
    const last = gr.last.get(pair);
    if (last && last.x1 === x1 && last.x2 === x2) continue;
    drawn++;
    gr.lines.push(x1, y1, x2, y2);
    const headGap = last ? Math.abs(x2 - last.head) : Infinity;
    gr.last.set(pair, { x1, x2, head: headGap < HEAD_GAP_PX ? last!.head : x2 });
    if (headGap < HEAD_GAP_PX) continue;
    // a small head at the arrival end, along the arrow
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1, ux = dx / len, uy = dy / len;
    const bx = x2 - ux * 6, by = y2 - uy * 6;
    gr.heads.push(x2, y2, bx - uy * 3, by + ux * 3, bx + uy * 3, by - ux * 3);
  }
  return { groups: [...groups.values()].map(({ last: _last, ...g }) => g), segments: drawn };
}

/** The scale as a plain a·t + b (a d3 scale call costs several times more: thousands of arrows a frame). */
function linear(x: d3.ScaleLinear<number, number>): (t: number) => number {
  const [d0, d1] = x.domain() as [number, number], [r0, r1] = x.range() as [number, number];
  const a = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0), b = r0 - a * d0;
  return (t) => a * t + b;
}

function linesPath(q: readonly number[]): string {
  let out = "";
  for (let i = 0; i < q.length; i += 4) out += `M${q[i]} ${q[i + 1]}L${q[i + 2]} ${q[i + 3]}`;
  return out;
}

function headsPath(t: readonly number[]): string {
  let out = "";
  for (let i = 0; i < t.length; i += 6) {
    out += `M${t[i]} ${t[i + 1]}L${t[i + 2]!.toFixed(1)} ${t[i + 3]!.toFixed(1)}L${t[i + 4]!.toFixed(1)} ${t[i + 5]!.toFixed(1)}Z`;
  }
  return out;
}

/** The arrows in the SVG: one <path> of lines and one of heads per group (none on the live figure: the canvas has them). */
function drawArrows(arrowsG: G, rows: ArrowGroup[], p: Palette): void {
  arrowsG.selectAll<SVGPathElement, ArrowGroup>("path.line").data(rows, (r) => r.key).join("path").put("class", "line")
    .put("d", (r) => linesPath(r.lines)).put("fill", "none").put("stroke", (r) => arrowColour(p, r.kind))
    .put("stroke-width", (r) => arrowStyle(r.kind, r.dim).width).put("stroke-opacity", (r) => arrowStyle(r.kind, r.dim).opacity)
    .put("stroke-dasharray", (r) => arrowStyle(r.kind, r.dim).dash.join(" ") || null);
  arrowsG.selectAll<SVGPathElement, ArrowGroup>("path.head").data(rows, (r) => r.key).join("path").put("class", "head")
    .put("d", (r) => headsPath(r.heads)).put("fill", (r) => arrowColour(p, r.kind)).put("fill-opacity", (r) => arrowStyle(r.kind, r.dim).headOpacity);
}

function spanColour(p: Palette, s: Diagram["spans"][number]): string {
  if (s.stale || s.lost) return p.bad;
  if (s.span.result === "fail") return p.warn;
  if (s.span.result === "info" || s.span.result === "pending") return p.muted;
  return s.span.f === "write" ? p.wal : p.ok;
}

const SPAN_H = 12;

/** A bar's pixels: from invoke to completion, at least 3 px wide so an instant is still a target. */
function spanBoxOf(s: SpanGeom, L: LaneLayout, x: d3.ScaleLinear<number, number>): { x: number; y: number; w: number; h: number } {
  return { x: x(s.invokeUs) - 1.5, y: L.y[s.lane]! - SPAN_H / 2, w: Math.max(3, x(s.endUs) - x(s.invokeUs) + 3), h: SPAN_H };
}

/** Bars of one colour (and dimmed or waiting): x, y, w, h quadruples. */
export interface BarGroup { key: string; fill: string; fillOpacity: number; opacity: number; boxes: number[] }

/**
 * Operation bars grouped by colour (and dimmed or waiting), not one element each; a click or a
 * hover finds its bar by position (spanAt). Chosen operations get an outline (always in the SVG).
 */
function spanGroups(d: Diagram, L: LaneLayout, x: d3.ScaleLinear<number, number>, p: Palette, v: View): { groups: BarGroup[]; outline: number[] } {
  const hl = v.highlight;
  const groups = new Map<string, BarGroup>();
  const outline: number[] = [];
  for (const s of d.spans) {
    const fill = spanColour(p, s), fillOpacity = s.span.endUs === null ? 0.35 : 0.8;
    const opacity = hl.dimOthers && !hl.ops.has(s.span.op) ? 0.18 : 1;
    const key = `${fill}|${fillOpacity}|${opacity}`;
    let gr = groups.get(key);
    if (!gr) { gr = { key, fill, fillOpacity, opacity, boxes: [] }; groups.set(key, gr); }
    const b = spanBoxOf(s, L, x);
    gr.boxes.push(b.x, b.y, b.w, b.h);
    if (hl.ops.has(s.span.op)) outline.push(b.x, b.y, b.w, b.h);
  }
  return { groups: [...groups.values()], outline };
}

function boxesPath(q: readonly number[]): string {
  let out = "";
  for (let i = 0; i < q.length; i += 4) out += `M${q[i]!.toFixed(1)} ${q[i + 1]}h${q[i + 2]!.toFixed(1)}v${q[i + 3]}h${(-q[i + 2]!).toFixed(1)}Z`;
  return out;
}

/** The bars in the SVG (none on the live figure: the canvas has them), the chosen ones' outline, the bars' tooltip. */
function drawSpans(spansG: G, rows: BarGroup[], outline: number[], p: Palette): void {
  spansG.selectAll<SVGPathElement, BarGroup>("path.bars").data(rows, (r) => r.key).join("path").put("class", "bars")
    .put("d", (r) => boxesPath(r.boxes)).put("fill", (r) => r.fill).put("fill-opacity", (r) => r.fillOpacity)
    .put("opacity", (r) => r.opacity).style("cursor", "pointer");
  spansG.selectAll("path.chosen").data(outline.length ? [boxesPath(outline)] : []).join("path").put("class", "chosen")
    .put("d", (r) => r).put("fill", "none").put("stroke", p.fg).put("stroke-width", 2).put("pointer-events", "none");
  // the bars' tooltip: one <title>, set to the bar under the pointer (attachSpanHover)
  spansG.selectAll("title").data([0]).join("title");
}

/** What a figure drew last: where its bars are, for clicks and tooltips. */
export interface Drawn { diagram: Diagram; lanes: LaneLayout; x: d3.ScaleLinear<number, number>; }

/** The operation whose bar is under (xPx, yPx) in the figure's pixels, the topmost (last drawn) first. */
export function spanAt(drawn: Drawn, xPx: number, yPx: number): SpanGeom | null {
  const spans = drawn.diagram.spans;
  for (let i = spans.length - 1; i >= 0; i--) {
    const b = spanBoxOf(spans[i]!, drawn.lanes, drawn.x);
    if (xPx >= b.x - 1 && xPx <= b.x + b.w + 1 && yPx >= b.y - 1 && yPx <= b.y + b.h + 1) return spans[i]!;
  }
  return null;
}

/** The message whose arrow passes within 4 px of (xPx, yPx), the nearest; null when none does. */
export function arrowAt(drawn: Drawn, xPx: number, yPx: number): Diagram["arrows"][number] | null {
  let best: Diagram["arrows"][number] | null = null, bestD = 4;
  for (const a of drawn.diagram.arrows) {
    const x1 = drawn.x(a.sentUs), x2 = drawn.x(a.arriveUs), y1 = drawn.lanes.y[a.from]!, y2 = drawn.lanes.y[a.to]!;
    const dx = x2 - x1, dy = y2 - y1, len2 = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((xPx - x1) * dx + (yPx - y1) * dy) / len2));
    const d = Math.hypot(xPx - (x1 + t * dx), yPx - (y1 + t * dy));
    if (d < bestD) { bestD = d; best = a; }
  }
  return best;
}

/** Where an operation's bar was drawn (figure pixels), or null when it is not on screen. */
export function spanBox(drawn: Drawn, op: number): { x: number; y: number; w: number; h: number } | null {
  const s = drawn.diagram.spans.find((g) => g.span.op === op);
  return s ? spanBoxOf(s, drawn.lanes, drawn.x) : null;
}

/** Tooltips of the bars: the one <title> of the bars follows the pointer. Returns its detacher. */
export function attachSpanHover(svg: SVGSVGElement, drawn: () => Drawn | null): () => void {
  const move = (ev: PointerEvent) => {
    const d = drawn();
    const title = svg.querySelector("g.st-spans > title");
    if (!d || !title) return;
    const s = spanAt(d, ev.offsetX, ev.offsetY);
    const text = s ? spanTitle(s) : "";
    if (title.textContent !== text) title.textContent = text;
    svg.style.cursor = s ? "pointer" : "";
  };
  svg.addEventListener("pointermove", move);
  return () => svg.removeEventListener("pointermove", move);
}

function spanLabel(s: Diagram["spans"][number]): string {
  const sp = s.span;
  const what = sp.f === "write" ? `w ${sp.key}=${sp.value ?? ""}` : `r ${sp.key}→${sp.result === "ok" ? sp.value ?? "∅" : sp.result}`;
  return `${what.slice(0, 24)}${s.stale ? " STALE" : ""}${s.lost ? " LOST" : ""}`;
}

function spanTitle(s: Diagram["spans"][number]): string {
  const sp = s.span;
  const t = (us: number) => `${(us / 1e6).toFixed(3)} s`;
  return `${sp.process}: ${sp.f} ${sp.key}${sp.f === "write" ? ` = ${sp.value ?? ""}` : ""} on ${sp.node ?? "?"}, ` +
    `${t(sp.invokeUs)} → ${sp.endUs === null ? "waiting" : t(sp.endUs)}: ${sp.result}` +
    `${sp.f === "read" && sp.result === "ok" ? ` (returned ${sp.value ?? "nothing"})` : ""}${s.stale ? ", stale" : ""}${s.lost ? ", lost" : ""}`;
}

function drawMarks(marksG: G, d: Diagram, L: LaneLayout, x: d3.ScaleLinear<number, number>, p: Palette): void {
  const sel = marksG.selectAll<SVGGElement, Diagram["marks"][number]>("g.mark").data(d.marks).join((e) => {
    const gg = e.append("g").put("class", "mark");
    gg.append("line");
    gg.append("text");
    gg.append("title");
    return gg;
  });
  sel.select("line").put("x1", (m) => x(m.atUs)).put("x2", (m) => x(m.atUs))
    .put("y1", (m) => L.y[m.lane]! - 14).put("y2", (m) => L.y[m.lane]! + 14).put("stroke", p.bad).put("stroke-width", 3);
  sel.select("text").put("x", (m) => x(m.atUs) + 4).put("y", (m) => L.y[m.lane]! + 14).put("fill", p.bad).put("font-size", 10)
    .putText((m) => (m.kind === "promote" ? "promoted" : m.kind));
  sel.select("title").putText((m) => m.text);
}

type PinAt = Highlight["pins"][number] & { lane: number };

/** The explanation's WAL message (thick) and its pins' lines; returns the pins (drawTexts writes their words). */
function drawHighlight(hiG: G, book: TraceBook, d: Diagram, L: LaneLayout, x: d3.ScaleLinear<number, number>, p: Palette, v: View): PinAt[] {
  const hl = v.highlight;
  const laneOf = (name: string | null) => (name === null ? -1 : d.lanes.findIndex((l) => l.kind === "node" && l.name === name));
  const lines = hl.wal === null ? [] : [hl.wal].filter((i) => i < book.count).map((i) => ({
    x1: x(book.sentUs[i]!), x2: x(book.arriveUs[i]!), y1: L.y[book.from[i]!]!, y2: L.y[book.to[i]!]!,
  }));
  hiG.selectAll("line.wal").data(lines).join("line").put("class", "wal")
    .put("x1", (l) => l.x1).put("x2", (l) => l.x2).put("y1", (l) => l.y1).put("y2", (l) => l.y2)
    .put("stroke", p.bad).put("stroke-width", 3).put("stroke-opacity", 0.9);
  const cursor = v.cursorUs !== undefined && v.cursorUs !== null && v.cursorUs >= v.fromUs && v.cursorUs <= v.toUs ? [v.cursorUs] : [];
  hiG.selectAll("line.cursor").data(cursor).join("line").put("class", "cursor")
    .put("x1", (t) => x(t)).put("x2", (t) => x(t)).put("y1", AXIS_H).put("y2", L.plotH)
    .put("stroke", p.accent).put("stroke-width", 2).put("stroke-opacity", 0.8);
  const pins = hl.pins.map((pin) => ({ ...pin, lane: laneOf(pin.node) })).filter((pin) => pin.lane >= 0);
  const sel = hiG.selectAll<SVGGElement, (typeof pins)[number]>("g.pin").data(pins).join((e) => {
    const gg = e.append("g").put("class", "pin");
    gg.append("line");
    return gg;
  });
  sel.select("line").put("x1", (q) => x(q.atUs)).put("x2", (q) => x(q.atUs)).put("y1", AXIS_H).put("y2", L.plotH)
    .put("stroke", p.bad).put("stroke-dasharray", "4 3").put("stroke-width", 1.2);
  return pins;
}

/**
 * Every text in the plot, placed together (labelPlacement.ts) so none runs out of the plot or
 * over another: the explanation's pins first (never left out), then operation labels (when at
 * most LABEL_SPANS_MAX bars are on screen), then arrow labels (at most LABEL_ARROWS_MAX arrows,
 * each long enough for its words; WAL labels near the sender, replies near the receiver). A halo
 * in the panel's colour keeps a label readable over lines.
 */
function drawTexts(gs: { arrowsG: G; spansG: G; hiG: G }, d: Diagram, pins: PinAt[], L: LaneLayout, x: d3.ScaleLinear<number, number>,
  p: Palette, v: View, plot: { left: number; right: number }): void {
  const hl = v.highlight;
  const spans = d.spans.length <= LABEL_SPANS_MAX ? d.spans : [];
  const arrows = d.arrows.length > LABEL_ARROWS_MAX ? []
    : d.arrows.filter((a) => a.kind !== "keepalive" && a.kind !== "reply" && Math.abs(x(a.arriveUs) - x(a.sentUs)) > a.label.length * 6.2);
  const at = (a: (typeof arrows)[number]) => (a.kind === "wal" ? 0.3 : 0.62);
  const wishes: LabelWish[] = [
    ...pins.map((q) => ({ x: x(q.atUs), y: L.y[q.lane]! - 8, w: textWidth(q.text, 11, true), h: 13, moves: 8 })),
    ...spans.map((s) => ({ x: x(s.endUs), y: L.y[s.lane]! + 4, w: textWidth(spanLabel(s), 10), h: 12, moves: 0 })),
    ...arrows.map((a) => ({ x: x(a.sentUs) + (x(a.arriveUs) - x(a.sentUs)) * at(a) - 1,
      y: L.y[a.from]! + (L.y[a.to]! - L.y[a.from]!) * at(a) - 3, w: textWidth(a.label, 10), h: 12, moves: 0 })),
  ];
  const placed = placeLabels(wishes, plot);
  // a pin is never left out: where no room is left it keeps its first place
  const pinAt = pins.map((_, i) => placed[i] ?? { x: wishes[i]!.x + 4, y: wishes[i]!.y, anchorEnd: false });
  const spanAt = placed.slice(pins.length, pins.length + spans.length);
  const arrowAt = placed.slice(pins.length + spans.length);
  const halo = <D,>(t: d3.Selection<SVGTextElement, D, SVGGElement, unknown>) =>
    void t.put("stroke", p.panel).put("stroke-width", 3).put("stroke-linejoin", "round").put("paint-order", "stroke");
  const pinRows = pins.map((q, i) => ({ q, at: pinAt[i]! }));
  gs.hiG.selectAll<SVGTextElement, (typeof pinRows)[number]>("text.pin-label").data(pinRows).join("text").put("class", "pin-label")
    .put("x", (r) => r.at.x).put("y", (r) => r.at.y).put("text-anchor", (r) => (r.at.anchorEnd ? "end" : "start"))
    .put("fill", p.bad).put("font-size", 11).put("font-weight", 600).putText((r) => r.q.text)
    .call(halo);
  const spanRows = spans.flatMap((s, i) => (spanAt[i] ? [{ s, at: spanAt[i]! }] : []));
  gs.spansG.selectAll<SVGTextElement, (typeof spanRows)[number]>("text.span-label").data(spanRows, (r) => String(r.s.span.op)).join("text")
    .put("class", "span-label").put("data-op", (r) => r.s.span.op)
    .put("opacity", (r) => (hl.dimOthers && !hl.ops.has(r.s.span.op) ? 0.18 : 1))
    .put("x", (r) => r.at.x).put("y", (r) => r.at.y).put("text-anchor", (r) => (r.at.anchorEnd ? "end" : "start"))
    .put("fill", p.fg).put("font-size", 10).putText((r) => spanLabel(r.s))
    .call(halo);
  const arrowRows = arrows.flatMap((a, i) => (arrowAt[i] ? [{ a, at: arrowAt[i]! }] : []));
  gs.arrowsG.selectAll<SVGTextElement, (typeof arrowRows)[number]>("text").data(arrowRows).join("text")
    .put("x", (r) => r.at.x).put("y", (r) => r.at.y).put("text-anchor", (r) => (r.at.anchorEnd ? "end" : "start"))
    .put("fill", (r) => arrowColour(p, r.a.kind)).put("font-size", 10).putText((r) => r.a.label)
    .call(halo);
}

function drawMinimap(miniG: G, book: TraceBook, v: View, top: number, plotW: number, p: Palette): void {
  const start = book.startUs(), end = Math.max(v.nowUs, start + 1);
  const mx = d3.scaleLinear().domain([start, end]).range([LABEL_W, LABEL_W + plotW]);
  const bins = Math.max(10, Math.floor(plotW / 4));
  const counts: number[] = [];
  let prev = book.firstArrivingFrom(start);
  for (let b = 1; b <= bins; b++) {
    const edge = book.firstArrivingFrom(start + ((end - start) * b) / bins);
    counts.push(edge - prev);
    prev = edge;
  }
  const max = Math.max(1, ...counts);
  const bw = plotW / bins;
  miniG.selectAll("rect.frame").data([0]).join("rect").put("class", "frame").put("x", LABEL_W).put("y", top)
    .put("width", plotW).put("height", MINIMAP_H).put("fill", p.bg).put("stroke", p.border);
  miniG.selectAll("path.density").data([0]).join("path").put("class", "density").put("fill", p.wal).put("fill-opacity", 0.5)
    .put("d", counts.map((c, i) => {
      const h = (c / max) * (MINIMAP_H - 4);
      return `M${(LABEL_W + i * bw).toFixed(1)} ${top + MINIMAP_H - 2}h${bw.toFixed(1)}v${(-h).toFixed(1)}h${(-bw).toFixed(1)}Z`;
    }).join(""));
  const bands = book.bands.map((b) => ({ x1: mx(b.fromUs), x2: mx(b.toUs ?? v.nowUs), c: bandColour(p, b.kind) }));
  miniG.selectAll("rect.band").data(bands).join("rect").put("class", "band").put("x", (b) => b.x1)
    .put("width", (b) => Math.max(1, b.x2 - b.x1)).put("y", top + 1).put("height", 5).put("fill", (b) => b.c);
  const wx1 = Math.max(LABEL_W, mx(v.fromUs)), wx2 = Math.min(LABEL_W + plotW, mx(v.toUs));
  miniG.selectAll("rect.window").data([0]).join("rect").put("class", "window").put("x", wx1).put("y", top)
    .put("width", Math.max(3, wx2 - wx1)).put("height", MINIMAP_H).put("fill", p.accent).put("fill-opacity", 0.12)
    .put("stroke", p.accent).put("stroke-width", 1.5);
  miniG.selectAll("text.caption").data([0]).join("text").put("class", "caption").put("x", LABEL_W - 8).put("y", top + MINIMAP_H / 2 + 4)
    .put("text-anchor", "end").put("fill", p.muted).put("font-size", 10).putText("whole run");
}

/** Where a click on the minimap points: the time under x, or null outside it. */
export function minimapTimeAt(book: TraceBook, nowUs: number, width: number, xPx: number): number | null {
  const plotW = Math.max(50, width - LABEL_W - 8);
  if (xPx < LABEL_W || xPx > LABEL_W + plotW) return null;
  const start = book.startUs(), end = Math.max(nowUs, start + 1);
  return start + ((xPx - LABEL_W) / plotW) * (end - start);
}

export function isInMinimap(lanes: LaneLayout, yPx: number): boolean {
  const top = lanes.plotH + MINIMAP_GAP;
  return yPx >= top && yPx <= top + MINIMAP_H;
}
