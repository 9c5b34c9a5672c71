/*
 * Where the cluster view puts its nodes: the current primary in the centre, replicas on an
 * ellipse around it (a star, since every replica streams from the primary). Pure functions of
 * the node names and the box size, so a failover or a resize never needs the DOM to decide.
 */
import { scaleLinear } from "d3";

export interface Point {
  x: number;
  y: number;
}

/** Which node sits in the centre and the order of the ring around it. */
export interface SlotAssignment {
  center: string | null;
  ring: string[];
}

/**
 * Keep every node where it was, so a failover reads as "s1 moved to the middle and the old
 * primary took s1's seat" rather than the whole picture reshuffling.
 */
export function assignSlots(prev: SlotAssignment | null, nodes: readonly string[], primary: string | null): SlotAssignment {
  const present = new Set(nodes);
  let center = prev?.center ?? null;
  let ring = (prev?.ring ?? []).filter((n) => present.has(n));
  if (center !== null && !present.has(center)) center = null;
  for (const n of nodes) if (n !== center && !ring.includes(n)) ring.push(n);

  const wanted = primary ?? center ?? nodes[0] ?? null;
  if (wanted !== center) {
    const seat = ring.indexOf(wanted ?? "");
    ring = ring.filter((n) => n !== wanted);
    if (center !== null) {
      // The old centre takes the seat the new primary left (or goes last if it had none).
      if (seat >= 0) ring.splice(seat, 0, center);
      else ring.push(center);
    }
    center = wanted;
  }
  return { center, ring };
}

export interface CardSize {
  width: number;
  height: number;
}

export interface StarLayout {
  positions: Map<string, Point>;
  /** true when full cards would overlap: draw small markers with a name instead */
  compact: boolean;
  /** a replica's card */
  card: CardSize;
  /** the centre (primary) card: larger, it carries the most traffic and the longest names */
  centerCard: CardSize;
}

/** The card size of a node in this layout. */
export function cardOf(layout: StarLayout, name: string, center: string | null): CardSize {
  return name === center ? layout.centerCard : layout.card;
}

const PAD = 8;
/** the least room between two cards side by side */
const GAP = 12;

/** Centre plus an ellipse that keeps whole cards inside the box. `compact`: the replicas' card
 *  when full ones would overlap (default: a smaller copy of `card`). */
export function starLayout(slots: SlotAssignment, width: number, height: number, card: CardSize, compact?: CardSize): StarLayout {
  const centerCard = { width: Math.round(card.width * 1.35), height: Math.round(card.height * 1.1) };
  const full = ring(slots, width, height, card, centerCard);
  if (!overlaps(full, slots.ring, card)) return { positions: full, compact: false, card, centerCard };
  // Full cards would overlap: smaller cards that still say name, state and timeline.
  const small = compact ?? compactCard(card);
  return { positions: ring(slots, width, height, small, centerCard), compact: true, card: small, centerCard };
}

/**
 * One or two replicas beside the primary, or, when the box is too narrow for that (the primary's
 * card would be covered: seen in a lesson at 1440x900 beside the lesson panel), below it: the
 * primary at the top, the replicas side by side under it.
 */
function belowCenter(slots: SlotAssignment, width: number, height: number, card: CardSize, center: CardSize): Map<string, Point> | null {
  const n = slots.ring.length;
  const sideBySide = width / 2 - card.width / 2 - PAD;
  if (n > 2 || slots.center === null || sideBySide >= center.width / 2 + card.width / 2 + GAP) return null;
  if (height < center.height + card.height + 2 * PAD + GAP) return null;
  const positions = new Map<string, Point>();
  positions.set(slots.center, { x: width / 2, y: PAD + center.height / 2 });
  const y = height - PAD - card.height / 2;
  slots.ring.forEach((name, i) => {
    const x = n === 1 ? width / 2 : width / 2 + (i === 0 ? -1 : 1) * Math.min(card.width / 2 + GAP / 2, width / 2 - card.width / 2 - PAD);
    positions.set(name, { x, y });
  });
  return positions;
}

function ring(slots: SlotAssignment, width: number, height: number, card: CardSize, center: CardSize): Map<string, Point> {
  const below = belowCenter(slots, width, height, card, center);
  if (below) return below;
  const positions = new Map<string, Point>();
  const cx = width / 2;
  const cy = height / 2;
  if (slots.center !== null) positions.set(slots.center, { x: cx, y: cy });
  const n = slots.ring.length;
  const rx = Math.max(0, width / 2 - card.width / 2 - PAD);
  const ry = Math.max(0, height / 2 - card.height / 2 - PAD);
  // One or two replicas read best side by side with the primary; more start at the top.
  const start = n <= 2 ? 0 : -Math.PI / 2;
  const angle = scaleLinear().domain([0, n]).range([start, start + 2 * Math.PI]);
  slots.ring.forEach((name, i) => {
    const a = angle(i);
    positions.set(name, { x: cx + rx * Math.cos(a), y: cy + ry * Math.sin(a) });
  });
  return positions;
}

/** Neighbours on the ring closer than a card (plus a small gap) in both directions overlap. */
function overlaps(positions: Map<string, Point>, ring: readonly string[], card: CardSize): boolean {
  if (ring.length < 2) return false;
  for (let i = 0; i < ring.length; i++) {
    const a = positions.get(ring[i]!)!;
    const b = positions.get(ring[(i + 1) % ring.length]!)!;
    if (Math.abs(a.x - b.x) < card.width + 6 && Math.abs(a.y - b.y) < card.height + 4) return true;
  }
  return false;
}

function compactCard(card: CardSize): CardSize {
  return { width: Math.round(card.width * 0.62), height: Math.round(card.height * 0.82) };
}

/** Where the segment from a card's centre towards `to` leaves the card's rectangle. */
export function edgePoint(from: Point, to: Point, halfW: number, halfH: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx === 0 && dy === 0) return { ...from };
  const tx = dx === 0 ? Infinity : halfW / Math.abs(dx);
  const ty = dy === 0 ? Infinity : halfH / Math.abs(dy);
  const t = Math.min(tx, ty, 1);
  return { x: from.x + dx * t, y: from.y + dy * t };
}

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The track a message follows from one card's edge to the other's. The two directions of a
 * link are shifted apart sideways, so WAL going out and ACKs coming back never overlap.
 */
export function track(from: Point, to: Point, fromCard: CardSize, toCard: CardSize, offset: number): Segment {
  const a = edgePoint(from, to, fromCard.width / 2, fromCard.height / 2);
  const b = edgePoint(to, from, toCard.width / 2, toCard.height / 2);
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = -(b.y - a.y) / len;
  const ny = (b.x - a.x) / len;
  return { x0: a.x + nx * offset, y0: a.y + ny * offset, x1: b.x + nx * offset, y1: b.y + ny * offset };
}
