/*
 * Messages in flight as dots. Once per snapshot the messages are turned into flat arrays of
 * tracks (prepareDots); every frame only interpolates along them (drawDots), so a thousand
 * dots cost one loop and a handful of fills.
 */
import type { Snapshot } from "../../engine/views";
import { track, type CardSize, type Point, type Segment } from "./layout";
import { dotStyle, inferAckStages, type DotStyle } from "./messages";
import type { Palette } from "./palette";

/** Per style: x0, y0, x1, y1, sentUs, arriveUs for each dot, packed. */
export type DotBatches = Map<DotStyle, Float64Array>;

const STRIDE = 6;
/** WAL out and ACKs back run this many px apart, each on its own side of the link. */
export const TRACK_OFFSET_PX = 5;

export function prepareDots(s: Snapshot, positions: ReadonlyMap<string, Point>, cardOf: (name: string) => CardSize): DotBatches {
  const stages = inferAckStages(s.inFlight, s.replication);
  // Two passes over the messages, no per-message allocation: this runs for every snapshot.
  const styles = s.inFlight.map((m) => dotStyle(m, stages));
  const counts = new Map<DotStyle, number>();
  for (const st of styles) counts.set(st, (counts.get(st) ?? 0) + 1);
  const out: DotBatches = new Map();
  const fill = new Map<DotStyle, number>();
  for (const [st, n] of counts) {
    out.set(st, new Float64Array(n * STRIDE));
    fill.set(st, 0);
  }
  const tracks = new Map<string, Map<string, Segment>>();
  let used = 0;
  s.inFlight.forEach((m, i) => {
    const seg = segmentFor(tracks, positions, cardOf, m.from, m.to);
    if (!seg) return;
    const st = styles[i]!;
    const arr = out.get(st)!;
    const at = fill.get(st)!;
    arr[at] = seg.x0;
    arr[at + 1] = seg.y0;
    arr[at + 2] = seg.x1;
    arr[at + 3] = seg.y1;
    arr[at + 4] = m.sentUs;
    arr[at + 5] = m.arriveUs;
    fill.set(st, at + STRIDE);
    used++;
  });
  if (used < s.inFlight.length) {
    // Some messages run between nodes that are not placed (yet): drop their empty slots.
    for (const [st, arr] of out) out.set(st, arr.subarray(0, fill.get(st)!));
  }
  return out;
}

function segmentFor(tracks: Map<string, Map<string, Segment>>, positions: ReadonlyMap<string, Point>,
  cardOf: (name: string) => CardSize, from: string, to: string): Segment | null {
  let row = tracks.get(from);
  if (!row) {
    row = new Map();
    tracks.set(from, row);
  }
  let seg = row.get(to);
  if (!seg) {
    const a = positions.get(from);
    const b = positions.get(to);
    if (!a || !b) return null;
    seg = track(a, b, cardOf(from), cardOf(to), TRACK_OFFSET_PX);
    row.set(to, seg);
  }
  return seg;
}

export function dotCount(b: DotBatches): number {
  let n = 0;
  for (const arr of b.values()) n += arr.length / STRIDE;
  return n;
}

interface Look {
  color: (p: Palette) => string;
  /** square: a WAL record, a block of log; round: an ACK; ring: an ACK hollow; tiny: a keepalive */
  shape: "square" | "round" | "ring" | "tiny";
}

/** Shapes as well as colours, so the kinds stay apart in greyscale and for colour-blind eyes. */
export const DOT_LOOKS: Record<DotStyle, Look> = {
  wal: { color: (p) => p.wal, shape: "square" },
  keepalive: { color: (p) => p.muted, shape: "tiny" },
  "ack-write": { color: (p) => p.write, shape: "ring" },
  "ack-flush": { color: (p) => p.flush, shape: "round" },
  "ack-replay": { color: (p) => p.replay, shape: "round" },
  "ack-none": { color: (p) => p.muted, shape: "ring" },
  "ack-unknown": { color: (p) => p.ack, shape: "round" },
};

/*
 * Every shape is made of whole-pixel fillRects: on a software canvas (no GPU) they cost about a
 * fifth of arc() paths, which is the difference between 60 fps and not with 1,000 dots.
 */
type Stamp = (ctx: CanvasRenderingContext2D, x: number, y: number) => void;
const STAMPS: Record<Look["shape"], Stamp> = {
  square: (ctx, x, y) => ctx.fillRect(x - 3, y - 3, 7, 7),
  round: (ctx, x, y) => {
    ctx.fillRect(x - 3, y - 2, 7, 5);
    ctx.fillRect(x - 2, y - 3, 5, 7);
  },
  ring: (ctx, x, y) => {
    ctx.fillRect(x - 2, y - 3, 5, 2);
    ctx.fillRect(x - 2, y + 2, 5, 2);
    ctx.fillRect(x - 3, y - 2, 2, 5);
    ctx.fillRect(x + 2, y - 2, 2, 5);
  },
  tiny: (ctx, x, y) => ctx.fillRect(x - 1, y - 1, 3, 3),
};

export function drawDots(ctx: CanvasRenderingContext2D, batches: DotBatches, nowUs: number, p: Palette): void {
  for (const [style, arr] of batches) {
    const look = DOT_LOOKS[style];
    const stamp = STAMPS[look.shape];
    ctx.fillStyle = look.color(p);
    for (let i = 0; i < arr.length; i += STRIDE) {
      const span = arr[i + 5]! - arr[i + 4]!;
      let t = span > 0 ? (nowUs - arr[i + 4]!) / span : 1;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const x = Math.round(arr[i]! + (arr[i + 2]! - arr[i]!) * t);
      const y = Math.round(arr[i + 1]! + (arr[i + 3]! - arr[i + 1]!) * t);
      stamp(ctx, x, y);
    }
  }
}
