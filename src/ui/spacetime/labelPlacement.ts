/*
 * Where the diagram's text labels go so that they neither run out of the plot nor sit on one
 * another (at 1024 px wide the pins of an explanation used to overlap and be cut at the edge).
 * Greedy, in the order given (the first is the most important): a label that would cross the
 * plot's right edge is written leftwards from its anchor; one that overlaps a label already placed
 * moves down a line, a few times, and is left out if it still overlaps. Pure.
 */

export interface LabelWish {
  /** the anchor: the label starts GAP px right of it (or ends GAP px left of it) */
  x: number;
  /** baseline */
  y: number;
  /** width and height of the text, px (estimated from its length) */
  w: number;
  h: number;
  /** how many lines down it may move (else the call's `moves`) */
  moves?: number;
}

export interface Placed {
  /** text-anchor start at x, or end at x */
  x: number;
  y: number;
  anchorEnd: boolean;
}

const GAP = 4;

/** px per character at a font size (the diagram's sans-serif, a generous estimate) */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return text.length * fontSize * (bold ? 0.62 : 0.56);
}

export function placeLabels(wishes: readonly LabelWish[], plot: { left: number; right: number }, moves = 3): (Placed | null)[] {
  const kept: { x1: number; x2: number; y1: number; y2: number }[] = [];
  const overlaps = (b: (typeof kept)[number]) => kept.some((k) => b.x1 < k.x2 && k.x1 < b.x2 && b.y1 < k.y2 && k.y1 < b.y2);
  return wishes.map((w) => {
    const anchorEnd = w.x + GAP + w.w > plot.right && w.x - GAP - w.w >= plot.left;
    const x = anchorEnd ? w.x - GAP : w.x + GAP;
    const x1 = anchorEnd ? x - w.w : x, x2 = x1 + w.w;
    for (let m = 0; m <= (w.moves ?? moves); m++) {
      const y = w.y + m * w.h;
      const box = { x1, x2, y1: y - w.h, y2: y };
      if (overlaps(box)) continue;
      kept.push(box);
      return { x, y, anchorEnd };
    }
    return null;
  });
}
