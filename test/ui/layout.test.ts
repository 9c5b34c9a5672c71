import { describe, expect, it } from "vitest";
import { assignSlots, edgePoint, starLayout, track } from "../../src/ui/views/layout";

const card = { width: 120, height: 48 };

describe("assignSlots", () => {
  it("puts the primary in the centre and the rest on the ring in order", () => {
    expect(assignSlots(null, ["primary", "s1", "s2"], "primary")).toEqual({ center: "primary", ring: ["s1", "s2"] });
  });

  it("on failover swaps the promoted replica with the old primary and moves nobody else", () => {
    const before = assignSlots(null, ["primary", "s1", "s2", "s3"], "primary");
    const after = assignSlots(before, ["primary", "s1", "s2", "s3"], "s2");
    expect(after).toEqual({ center: "s2", ring: ["s1", "primary", "s3"] });
  });

  it("keeps the centre when there is no primary, adds new nodes last and drops removed ones", () => {
    const before = assignSlots(null, ["primary", "s1", "s2"], "primary");
    expect(assignSlots(before, ["primary", "s1", "s2"], null).center).toBe("primary");
    expect(assignSlots(before, ["primary", "s2", "s9"], "primary")).toEqual({ center: "primary", ring: ["s2", "s9"] });
  });
});

describe("starLayout", () => {
  it("places the centre in the middle and keeps every card inside the box", () => {
    const slots = assignSlots(null, ["p", ...Array.from({ length: 16 }, (_, i) => `s${i + 1}`)], "p");
    const l = starLayout(slots, 1000, 560, card);
    expect(l.positions.get("p")).toEqual({ x: 500, y: 280 });
    for (const [, pt] of l.positions) {
      expect(pt.x - l.card.width / 2).toBeGreaterThanOrEqual(0);
      expect(pt.x + l.card.width / 2).toBeLessThanOrEqual(1000);
      expect(pt.y - l.card.height / 2).toBeGreaterThanOrEqual(0);
      expect(pt.y + l.card.height / 2).toBeLessThanOrEqual(560);
    }
    expect(l.compact).toBe(false);
  });

  it("switches to compact cards when full ones would overlap", () => {
    const slots = assignSlots(null, ["p", ...Array.from({ length: 64 }, (_, i) => `s${i + 1}`)], "p");
    const l = starLayout(slots, 900, 500, card);
    expect(l.compact).toBe(true);
    expect(l.card.width).toBeLessThan(card.width);
    expect(l.centerCard.width).toBeGreaterThan(card.width);
  });

  it("puts a single replica beside the primary", () => {
    const l = starLayout(assignSlots(null, ["p", "s1"], "p"), 800, 400, card);
    expect(l.positions.get("s1")!.y).toBeCloseTo(200);
    expect(l.positions.get("s1")!.x).toBeGreaterThan(600);
  });
});

describe("tracks", () => {
  it("start and end on the card edges", () => {
    expect(edgePoint({ x: 0, y: 0 }, { x: 100, y: 0 }, 60, 24)).toEqual({ x: 60, y: 0 });
    expect(edgePoint({ x: 0, y: 0 }, { x: 0, y: -100 }, 60, 24)).toEqual({ x: 0, y: -24 });
  });

  it("run on opposite sides of the link for the two directions", () => {
    const a = { x: 0, y: 0 };
    const b = { x: 400, y: 0 };
    const out = track(a, b, card, card, 5);
    const back = track(b, a, card, card, 5);
    expect(out.x0).toBe(60);
    expect(out.x1).toBe(340);
    expect(out.y0).toBe(5);
    expect(back.y0).toBe(-5);
  });
});
