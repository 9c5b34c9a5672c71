import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assignSlots, cardOf, edgePoint, starLayout, track } from "../../src/ui/views/layout";

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

  it("one or two replicas: beside the primary when there is room, else below it; never over the primary's card", () => {
    const hit = (a: { x: number; y: number }, aw: number, ah: number, b: { x: number; y: number }, bw: number, bh: number) =>
      Math.abs(a.x - b.x) < (aw + bw) / 2 && Math.abs(a.y - b.y) < (ah + bh) / 2;
    for (const names of [["p", "s1"], ["p", "s1", "s2"]]) {
      for (const [w, h] of [[1000, 560], [340, 560], [300, 400]] as const) {
        const l = starLayout(assignSlots(null, names, "p"), w, h, card);
        const p = l.positions.get("p")!;
        for (const name of names.slice(1)) {
          const pt = l.positions.get(name)!;
          expect(hit(pt, l.card.width, l.card.height, p, l.centerCard.width, l.centerCard.height), `${name} in ${w}x${h}`).toBe(false);
          expect(pt.x - l.card.width / 2).toBeGreaterThanOrEqual(0);
          expect(pt.x + l.card.width / 2).toBeLessThanOrEqual(w);
          expect(pt.y + l.card.height / 2).toBeLessThanOrEqual(h);
        }
        // wide: side by side with the primary, as before; narrow: below it
        if (w === 1000) expect(l.positions.get("s1")!.y).toBe(p.y);
        else expect(l.positions.get("s1")!.y).toBeGreaterThan(p.y);
      }
    }
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

describe("starLayout after a failover, at the screen sizes the page is used at", () => {
  // The cluster stage at 1280×720, 1366×768 and 1920×1080 (its height is clamp(22rem, 56vh, 42rem)),
  // with the card sizes ClusterView derives from the normal (15 px) and large (20 px) text.
  const stages = [{ width: 886, height: 403 }, { width: 972, height: 430 }, { width: 1124, height: 605 }];
  const cards = [15, 20].map((px) => ({
    full: { width: Math.round(px * 9.5), height: Math.round(px * 4.2) },
    compact: { width: Math.round(px * 5.6), height: Math.round(px * 2.7) },
  }));
  type Rect = { name: string; x0: number; y0: number; x1: number; y1: number };

  function rects(l: ReturnType<typeof starLayout>, center: string | null): Rect[] {
    return [...l.positions].map(([name, p]) => {
      const c = cardOf(l, name, center);
      return { name, x0: p.x - c.width / 2, y0: p.y - c.height / 2, x1: p.x + c.width / 2, y1: p.y + c.height / 2 };
    });
  }

  for (const replicas of [1, 2, 3, 4, 8, 16]) {
    it(`${replicas} replica(s): the primary is centred and no two cards overlap, before and after promotions`, () => {
      const names = ["primary", ...Array.from({ length: replicas }, (_, i) => `s${i + 1}`)];
      for (const stage of stages) {
        for (const { full, compact } of cards) {
          let slots = assignSlots(null, names, "primary");
          // The first promotion, then another replica, then back to the first primary.
          for (const primary of ["primary", "s1", `s${Math.ceil(replicas / 2)}`, "primary"]) {
            slots = assignSlots(slots, names, primary);
            const where = `${stage.width}×${stage.height}, card ${full.width}, primary ${primary}`;
            expect(slots.center, where).toBe(primary);
            const l = starLayout(slots, stage.width, stage.height, full, compact);
            expect(l.positions.get(primary), where).toEqual({ x: stage.width / 2, y: stage.height / 2 });
            const rs = rects(l, slots.center);
            expect(rs).toHaveLength(names.length);
            for (const r of rs) {
              expect(r.x0, `${r.name} inside (${where})`).toBeGreaterThanOrEqual(0);
              expect(r.y0, `${r.name} inside (${where})`).toBeGreaterThanOrEqual(0);
              expect(r.x1, `${r.name} inside (${where})`).toBeLessThanOrEqual(stage.width);
              expect(r.y1, `${r.name} inside (${where})`).toBeLessThanOrEqual(stage.height);
            }
            for (let i = 0; i < rs.length; i++) {
              for (let j = i + 1; j < rs.length; j++) {
                const a = rs[i]!;
                const b = rs[j]!;
                const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
                expect(apart, `${a.name} and ${b.name} overlap (${where})`).toBe(true);
              }
            }
          }
        }
      }
    });
  }
});

describe("cluster cards", () => {
  it("move with their links: card positions are not animated (a failover would slide two cards over each other)", () => {
    const css = readFileSync(fileURLToPath(new URL("../../src/ui/views/views.css", import.meta.url)), "utf8");
    const transitions = [...css.matchAll(/(?:^|\})\s*([^{}]*\.rl-node[^{}]*)\{([^}]*)\}/g)]
      .flatMap(([, , body]) => [...body!.matchAll(/transition(?:-property)?\s*:\s*([^;]+)/g)].map((m) => m[1]!));
    for (const t of transitions) expect(t).not.toMatch(/\b(left|top|all|inset|transform)\b/);
  });
});
