import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { placeLabels } from "../../src/ui/spacetime/labelPlacement";

const PLOT = { left: 100, right: 600 };

describe("the diagram's label placement", () => {
  test("a label that would cross the right edge is written leftwards from its anchor", () => {
    expect(placeLabels([{ x: 550, y: 50, w: 200, h: 12 }], PLOT)).toEqual([{ x: 546, y: 50, anchorEnd: true }]);
    expect(placeLabels([{ x: 200, y: 50, w: 200, h: 12 }], PLOT)).toEqual([{ x: 204, y: 50, anchorEnd: false }]);
  });

  test("overlapping labels move down a line; past the moves allowed one is left out", () => {
    const same = { x: 200, y: 50, w: 100, h: 12 };
    expect(placeLabels([same, same, same], PLOT, 1)).toEqual([
      { x: 204, y: 50, anchorEnd: false }, { x: 204, y: 62, anchorEnd: false }, null]);
  });

  test("no two placed labels overlap, and none that fits in the plot crosses its edges", () => {
    const wish = fc.record({ x: fc.integer({ min: 100, max: 600 }), y: fc.integer({ min: 20, max: 200 }),
      w: fc.integer({ min: 10, max: 240 }), h: fc.constant(12) });
    fc.assert(fc.property(fc.array(wish, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (wishes, moves) => {
      const placed = placeLabels(wishes, PLOT, moves);
      const boxes = placed.flatMap((p, i) => {
        if (!p) return [];
        const w = wishes[i]!;
        const x1 = p.anchorEnd ? p.x - w.w : p.x;
        return [{ x1, x2: x1 + w.w, y1: p.y - w.h, y2: p.y, fits: w.w + 8 <= PLOT.right - PLOT.left }];
      });
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
      }
      // a label whose anchor leaves room on one side stays inside on that side
      for (const [i, p] of placed.entries()) {
        if (!p) continue;
        const w = wishes[i]!;
        if (p.anchorEnd) expect(p.x - w.w).toBeGreaterThanOrEqual(PLOT.left);
        else if (w.x - 4 - w.w >= PLOT.left) expect(p.x + w.w).toBeLessThanOrEqual(PLOT.right);
      }
    }));
  });
});
