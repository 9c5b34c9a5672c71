/*
 * Messages in flight as labelled tokens. Once per snapshot the messages are turned into flat
 * arrays of tracks and a sprite each (prepareTokens); every frame only interpolates along the
 * tracks and stamps the sprites (drawTokens). When the picture is crowded (many replicas, a busy
 * workload) the labels go and plain shapes stay: words that overlap cannot be read anyway.
 */
import type { Snapshot, WalRecordView } from "../../../engine/views";
import { track, type CardSize, type Point, type Segment } from "../layout";
import { ackLabel, tokenStyle, walLabel } from "../messages";
import type { Sprite, SpriteCache } from "./sprites";

/** x0, y0, x1, y1, sentUs, arriveUs for each token, packed; sprites[i] is token i's image. */
export interface PreparedTokens {
  tracks: Float64Array;
  sprites: Sprite[];
  count: number;
}

const STRIDE = 6;
/** More messages in flight than this: shapes without words. */
export const LABEL_LIMIT = 120;

export function prepareTokens(s: Snapshot, positions: ReadonlyMap<string, Point>, cardOf: (name: string) => CardSize,
  sprites: SpriteCache, laneGapPx: number): PreparedTokens {
  const labelled = s.inFlight.length <= LABEL_LIMIT;
  const records = labelled ? recordsByEnd(s.wal) : null;
  const tracks = new Float64Array(s.inFlight.length * STRIDE);
  const images: Sprite[] = [];
  const segments = new Map<string, Map<string, Segment>>();
  let n = 0;
  for (const m of s.inFlight) {
    const seg = segmentFor(segments, positions, cardOf, m.from, m.to, laneGapPx);
    if (!seg) continue;
    const style = tokenStyle(m);
    const label = records === null ? null : style === "wal" ? walLabel(m.lsn, records) : ackLabel(style, s.commit.mode);
    const at = n * STRIDE;
    tracks[at] = seg.x0;
    tracks[at + 1] = seg.y0;
    tracks[at + 2] = seg.x1;
    tracks[at + 3] = seg.y1;
    tracks[at + 4] = m.sentUs;
    tracks[at + 5] = m.arriveUs;
    images.push(sprites.get(style, label));
    n++;
  }
  return { tracks, sprites: images, count: n };
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

/** Tokens arrived or not yet sent sit at their ends; older ones are drawn first (newest on top). */
export function drawTokens(ctx: CanvasRenderingContext2D, t: PreparedTokens, nowUs: number): void {
  const a = t.tracks;
  for (let i = 0; i < t.count; i++) {
    const o = i * STRIDE;
    const span = a[o + 5]! - a[o + 4]!;
    let f = span > 0 ? (nowUs - a[o + 4]!) / span : 1;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    const sp = t.sprites[i]!;
    const x = Math.round(a[o]! + (a[o + 2]! - a[o]!) * f - sp.width / 2);
    const y = Math.round(a[o + 1]! + (a[o + 3]! - a[o + 1]!) * f - sp.height / 2);
    ctx.drawImage(sp.image, x, y, sp.width, sp.height);
  }
}

/** The tokens drawn last, as the test hook reports them: what each says and its size in CSS px. */
let lastDrawn: PreparedTokens | null = null;

export function rememberDrawn(t: PreparedTokens): void {
  lastDrawn = t;
}

export function drawnTokens(): { style: string; label: string | null; width: number; height: number }[] {
  return (lastDrawn?.sprites ?? []).map((s) => ({ style: s.style, label: s.label, width: s.width, height: s.height }));
}
