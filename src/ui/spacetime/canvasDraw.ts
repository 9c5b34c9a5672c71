/*
 * The live figure's arrows and operation bars, painted on the canvas under the diagram's SVG
 * (figure.ts says why). It paints the groups figure.ts computed for the SVG, with the same
 * colours, opacities and dashes, so a live frame and a still one look alike. The canvas is sized
 * to the SVG in CSS pixels and scaled by the device's pixel ratio, so lines stay sharp.
 *
 * What makes it fast: every line is a 1 px hairline in an opaque colour (the SVG's colour at its
 * opacity, mixed with the background beforehand). Measured in headless Chromium (software
 * raster), 3,000 segments: 1.4 px lines at 0.85 opacity took 109 ms a frame, 1 px at 0.85 took
 * 33 ms, 1 px opaque 3.7 ms. So the live WAL arrows are 1 px, not the still figure's 1.4 px.
 */
import type { ArrowKind } from "../../spacetime/geometry";

interface ArrowRows { kind: ArrowKind; dim: boolean; colour: string; lines: number[]; heads: number[] }
interface BarRows { fill: string; fillOpacity: number; opacity: number; boxes: number[] }

export interface CanvasFrame {
  width: number;
  height: number;
  /** the plot's box: arrows and bars are clipped to it */
  plot: { x: number; y: number; w: number; h: number };
  background: string;
  arrows: ArrowRows[];
  bars: BarRows[];
}

/** How an arrow kind is stroked, on the canvas and in the SVG alike (figure.ts). */
export function arrowStyle(kind: ArrowKind, dim: boolean): { width: number; opacity: number; headOpacity: number; dash: number[] } {
  return { width: kind === "wal" ? 1.4 : 1, opacity: dim ? 0.12 : 0.85, headOpacity: dim ? 0.12 : 0.9,
    dash: kind === "keepalive" || kind === "reply" ? [3, 3] : [] };
}

/** `colour` at `alpha` over `background`, as an opaque colour; null when either is not #rgb / #rrggbb / rgb(). */
export function mixOver(colour: string, alpha: number, background: string): string | null {
  const a = rgbOf(colour), b = rgbOf(background);
  if (!a || !b) return null;
  const m = a.map((c, i) => Math.round(c * alpha + b[i]! * (1 - alpha)));
  return `rgb(${m[0]}, ${m[1]}, ${m[2]})`;
}

function rgbOf(c: string): [number, number, number] | null {
  const s = c.trim();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*1(?:\.0*)?\s*)?\)$/i.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Sets the fill or stroke colour: opaque when it can be mixed, else the colour at globalAlpha. */
function setColour(ctx: Surface["ctx"], which: "fillStyle" | "strokeStyle", colour: string, alpha: number, background: string): void {
  const mixed = mixOver(colour, alpha, background);
  ctx[which] = mixed ?? colour;
  ctx.globalAlpha = mixed === null ? alpha : 1;
}

/** A canvas's 2D context and the surface it draws on (the canvas's offscreen twin where the browser has one). */
interface Surface { ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D; target: { width: number; height: number } }

const surfaces = new WeakMap<HTMLCanvasElement, Surface | null>();

/**
 * The canvas's surface. Where the browser can, the canvas hands its control to an OffscreenCanvas
 * (drawn here, on the main thread): its frames then go to the compositor on their own instead of
 * in the page's commit, which with a changed 2D canvas bitmap cost ~4 ms a frame (docs/benchmarks.md).
 */
function surfaceOf(canvas: HTMLCanvasElement): Surface | null {
  let s = surfaces.get(canvas);
  if (s !== undefined) return s;
  s = null;
  try {
    if (typeof canvas.transferControlToOffscreen === "function") {
      // once transferred, the canvas has no context of its own: the offscreen one or none
      const off = canvas.transferControlToOffscreen();
      const ctx = off.getContext("2d");
      s = ctx ? { ctx, target: off } : null;
    } else {
      const ctx = canvas.getContext("2d");
      s = ctx ? { ctx, target: canvas } : null;
    }
  } catch {
    s = null;
  }
  surfaces.set(canvas, s);
  return s;
}

/** Sizes the canvas to (width, height) CSS pixels at the device's pixel ratio; returns its context, or null. */
function contextOf(canvas: HTMLCanvasElement, width: number, height: number): Surface["ctx"] | null {
  const s = surfaceOf(canvas);
  if (!s) return null;
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const w = Math.round(width * ratio), h = Math.round(height * ratio);
  if (s.target.width !== w || s.target.height !== h) {
    s.target.width = w;
    s.target.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  s.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return s.ctx;
}

/** Paints the frame; false when this canvas cannot be drawn on (the caller draws the arrows and bars in the SVG then). */
export function paintCanvas(canvas: HTMLCanvasElement, f: CanvasFrame): boolean {
  const ctx = contextOf(canvas, f.width, f.height);
  if (!ctx) return false;
  canvas.hidden = false;
  ctx.globalAlpha = 1;
  ctx.fillStyle = f.background;
  ctx.fillRect(0, 0, f.width, f.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.plot.x, f.plot.y, f.plot.w, f.plot.h);
  ctx.clip();
  for (const a of f.arrows) {
    const look = arrowStyle(a.kind, a.dim);
    setColour(ctx, "strokeStyle", a.colour, look.opacity, f.background);
    ctx.lineWidth = 1;
    ctx.setLineDash(look.dash);
    ctx.beginPath();
    const q = a.lines;
    for (let i = 0; i < q.length; i += 4) {
      ctx.moveTo(q[i]!, q[i + 1]!);
      ctx.lineTo(q[i + 2]!, q[i + 3]!);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    setColour(ctx, "fillStyle", a.colour, look.headOpacity, f.background);
    ctx.beginPath();
    const t = a.heads;
    for (let i = 0; i < t.length; i += 6) {
      ctx.moveTo(t[i]!, t[i + 1]!);
      ctx.lineTo(t[i + 2]!, t[i + 3]!);
      ctx.lineTo(t[i + 4]!, t[i + 5]!); // fill() closes each triangle (a closePath each cost more than the rest)
    }
    ctx.fill();
  }
  for (const b of f.bars) {
    setColour(ctx, "fillStyle", b.fill, b.fillOpacity * b.opacity, f.background);
    ctx.beginPath();
    const q = b.boxes;
    for (let i = 0; i < q.length; i += 4) ctx.rect(q[i]!, q[i + 1]!, q[i + 2]!, q[i + 3]!);
    ctx.fill();
  }
  ctx.restore();
  ctx.globalAlpha = 1;
  return true;
}

/** Leaves the canvas blank and hidden (the still figure is all SVG). */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.hidden = true;
  const s = surfaceOf(canvas);
  s?.ctx.clearRect(0, 0, s.target.width, s.target.height);
}

/** Whether the canvas's bitmap holds more than one colour (it was painted): the browser tests read it (window.__spacetime). */
export function canvasPainted(canvas: HTMLCanvasElement): boolean {
  const s = surfaces.get(canvas);
  if (!s || s.target.width === 0 || s.target.height === 0) return false;
  const data = s.ctx.getImageData(0, 0, s.target.width, s.target.height).data;
  for (let i = 4; i < data.length; i += 4) {
    if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
  }
  return false;
}
