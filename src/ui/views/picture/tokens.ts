/*
 * Messages in flight as tokens. Once per snapshot the messages are turned into flat arrays of
 * tracks (prepareTokens); every frame only interpolates along the tracks and draws (drawTokens).
 *
 * Two ways to draw, chosen by how crowded the picture is:
 * - few in flight (≤ LABEL_LIMIT): each token is a labelled sprite ("x=3", "flush") stamped with
 *   drawImage, newest on top;
 * - crowded (a busy workload, many replicas): words that overlap cannot be read anyway, and a
 *   thousand drawImage calls of canvas sprites cost a software-rendered page more than its whole
 *   frame budget (bench:ui: 16 replicas went from 14 to 30 ms a frame). Plain shapes then, grouped
 *   by kind so each kind is one path and one fill: a thousand tokens cost a handful of draws.
 */
import type { Snapshot, WalRecordView } from "../../../engine/views";
import { track, type CardSize, type Point, type Segment } from "../layout";
import { ackLabel, tokenStyle, type TokenStyle } from "../messages";
import { walLabel } from "../messages";
import type { Palette } from "../palette";
import { TOKEN_LOOKS, type Sprite, type SpriteCache } from "./sprites";

/** Tokens of one kind, contiguous in the tracks (crowded mode draws each run as one path). */
export interface TokenRun {
  style: TokenStyle;
  start: number;
  end: number;
}

/** x0, y0, x1, y1, sentUs, arriveUs for each token, packed. */
export interface PreparedTokens {
  tracks: Float64Array;
  count: number;
  /** labelled: token i's sprite; null when crowded (plain shapes, drawn by runs) */
  sprites: Sprite[] | null;
  /** crowded: the tokens grouped by kind; empty when labelled */
  runs: TokenRun[];
}

export const NO_TOKENS: PreparedTokens = { tracks: new Float64Array(0), count: 0, sprites: [], runs: [] };

const STRIDE = 6;
/** More messages in flight than this: shapes without words. */
export const LABEL_LIMIT = 120;

const STYLES: readonly TokenStyle[] = ["wal", "ack-write", "ack-flush", "ack-apply", "ack-status", "keepalive"];

export function prepareTokens(s: Snapshot, positions: ReadonlyMap<string, Point>, cardOf: (name: string) => CardSize,
  sprites: SpriteCache, laneGapPx: number): PreparedTokens {
  return s.inFlight.length <= LABEL_LIMIT
    ? prepareLabelled(s, positions, cardOf, sprites, laneGapPx)
    : prepareCrowded(s, positions, cardOf, laneGapPx);
}

function prepareLabelled(s: Snapshot, positions: ReadonlyMap<string, Point>, cardOf: (name: string) => CardSize,
  sprites: SpriteCache, laneGapPx: number): PreparedTokens {
  const records = recordsByEnd(s.wal);
  const tracks = new Float64Array(s.inFlight.length * STRIDE);
  const images: Sprite[] = [];
  const segments = new Map<string, Map<string, Segment>>();
  let n = 0;
  for (const m of s.inFlight) {
    const seg = segmentFor(segments, positions, cardOf, m.from, m.to, laneGapPx);
    if (!seg) continue;
    const style = tokenStyle(m);
    const label = style === "wal" ? walLabel(m.lsn, records) : ackLabel(style, s.commit.mode);
    putTrack(tracks, n, seg, m.sentUs, m.arriveUs);
    images.push(sprites.get(style, label));
    n++;
  }
  return { tracks, sprites: images, count: n, runs: [] };
}

/** Two passes, no allocation per message: count each kind, then place each message in its kind's run. */
function prepareCrowded(s: Snapshot, positions: ReadonlyMap<string, Point>, cardOf: (name: string) => CardSize,
  laneGapPx: number): PreparedTokens {
  const segments = new Map<string, Map<string, Segment>>();
  const styleOf = new Uint8Array(s.inFlight.length);
  const counts = new Array<number>(STYLES.length).fill(0);
  s.inFlight.forEach((m, i) => {
    const placed = segmentFor(segments, positions, cardOf, m.from, m.to, laneGapPx) !== null;
    const k = placed ? STYLES.indexOf(tokenStyle(m)) : 255;
    styleOf[i] = k;
    if (placed) counts[k]!++;
  });
  const next = new Array<number>(STYLES.length);
  const runs: TokenRun[] = [];
  let at = 0;
  STYLES.forEach((style, k) => {
    next[k] = at;
    if (counts[k]! > 0) runs.push({ style, start: at, end: at + counts[k]! });
    at += counts[k]!;
  });
  const tracks = new Float64Array(at * STRIDE);
  s.inFlight.forEach((m, i) => {
    const k = styleOf[i]!;
    if (k === 255) return;
    putTrack(tracks, next[k]!++, segments.get(m.from)!.get(m.to)!, m.sentUs, m.arriveUs);
  });
  return { tracks, sprites: null, count: at, runs };
}

function putTrack(tracks: Float64Array, i: number, seg: Segment, sentUs: number, arriveUs: number): void {
  const at = i * STRIDE;
  tracks[at] = seg.x0;
  tracks[at + 1] = seg.y0;
  tracks[at + 2] = seg.x1;
  tracks[at + 3] = seg.y1;
  tracks[at + 4] = sentUs;
  tracks[at + 5] = arriveUs;
}

function recordsByEnd(wal: readonly WalRecordView[]): Map<number, WalRecordView> {
  return new Map(wal.map((r) => [r.endLsn, r]));
}

function segmentFor(segments: Map<string, Map<string, Segment>>, positions: ReadonlyMap<string, Point>,
  cardOf: (name: string) => CardSize, from: string, to: string, gap: number): Segment | null {
  let row = segments.get(from);
  if (!row) {
    row = new Map();
    segments.set(from, row);
  }
  let seg = row.get(to);
  if (!seg) {
    const a = positions.get(from);
    const b = positions.get(to);
    if (!a || !b) return null;
    seg = track(a, b, cardOf(from), cardOf(to), gap);
    row.set(to, seg);
  }
  return seg;
}

/** Where token i is at virtual time nowUs: arrived or not yet sent, it sits at an end. */
function positionOf(a: Float64Array, i: number, nowUs: number, out: { x: number; y: number }): void {
  const o = i * STRIDE;
  const span = a[o + 5]! - a[o + 4]!;
  let f = span > 0 ? (nowUs - a[o + 4]!) / span : 1;
  f = f < 0 ? 0 : f > 1 ? 1 : f;
  out.x = a[o]! + (a[o + 2]! - a[o]!) * f;
  out.y = a[o + 1]! + (a[o + 3]! - a[o + 1]!) * f;
}

/** How the crowded shapes look: their size in CSS px, and the colours. */
export interface ShapeLook {
  palette: Palette;
  sizePx: number;
}

/** Older tokens are drawn first (newest on top) when labelled; by kind when crowded. */
export function drawTokens(ctx: CanvasRenderingContext2D, t: PreparedTokens, nowUs: number, look: ShapeLook): void {
  if (t.sprites) drawSprites(ctx, t, t.sprites, nowUs);
  else for (const run of t.runs) drawRun(ctx, t.tracks, run, nowUs, look);
}

const at = { x: 0, y: 0 };

function drawSprites(ctx: CanvasRenderingContext2D, t: PreparedTokens, sprites: Sprite[], nowUs: number): void {
  for (let i = 0; i < t.count; i++) {
    positionOf(t.tracks, i, nowUs, at);
    const sp = sprites[i]!;
    ctx.drawImage(sp.image, Math.round(at.x - sp.width / 2), Math.round(at.y - sp.height / 2), sp.width, sp.height);
  }
}

/**
 * One kind, one path: a WAL record a square block, a reply a rounded block (two crossed
 * rectangles: no arcs, which a software canvas fills far slower), a keepalive a hollow square.
 * Shapes as well as colours, so the kinds stay apart in greyscale and for colour-blind eyes.
 */
function drawRun(ctx: CanvasRenderingContext2D, tracks: Float64Array, run: TokenRun, nowUs: number, look: ShapeLook): void {
  const shape = TOKEN_LOOKS[run.style].shape;
  const h = look.sizePx;
  const half = Math.floor(h / 2);
  const r = Math.max(1, Math.round(h / 4));
  ctx.beginPath();
  for (let i = run.start; i < run.end; i++) {
    positionOf(tracks, i, nowUs, at);
    const x = Math.round(at.x) - half;
    const y = Math.round(at.y) - half;
    if (shape === "pill") {
      ctx.rect(x, y + r, h, h - 2 * r);
      ctx.rect(x + r, y, h - 2 * r, h);
    } else {
      ctx.rect(x, y, h, h);
    }
  }
  const colour = TOKEN_LOOKS[run.style].fill(look.palette);
  if (shape === "hollow") {
    ctx.lineWidth = 2;
    ctx.strokeStyle = colour;
    ctx.stroke();
  } else {
    ctx.fillStyle = colour;
    ctx.fill();
  }
}

/** The tokens drawn last, as the test hook reports them: what each says and its size in CSS px. */
let lastDrawn: { tokens: PreparedTokens; sizePx: number } | null = null;

export function rememberDrawn(t: PreparedTokens, sizePx: number): void {
  lastDrawn = { tokens: t, sizePx };
}

export interface DrawnToken {
  style: string;
  label: string | null;
  width: number;
  height: number;
}

export function drawnTokens(): DrawnToken[] {
  if (!lastDrawn) return [];
  const { tokens, sizePx } = lastDrawn;
  if (tokens.sprites) return tokens.sprites.map((s) => ({ style: s.style, label: s.label, width: s.width, height: s.height }));
  return tokens.runs.flatMap((run) =>
    Array.from({ length: run.end - run.start }, () => ({ style: run.style, label: null, width: sizePx, height: sizePx })));
}
