import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mixOver } from "../../src/ui/spacetime/canvasDraw";

describe("the live diagram's opaque colours (canvasDraw.mixOver)", () => {
  it("mixes a colour at an opacity over the background", () => {
    expect(mixOver("#2563eb", 1, "#ffffff")).toBe("rgb(37, 99, 235)");
    expect(mixOver("#2563eb", 0, "#f7f7f8")).toBe("rgb(247, 247, 248)");
    expect(mixOver("#000", 0.5, "#fff")).toBe("rgb(128, 128, 128)");
    expect(mixOver("rgb(200, 0, 100)", 0.25, "rgb(0, 0, 0)")).toBe("rgb(50, 0, 25)");
  });
  it("says it cannot (null) for colours it does not read, so the caller uses the colour at its opacity", () => {
    expect(mixOver("var(--wal)", 0.5, "#fff")).toBeNull();
    expect(mixOver("#2563eb", 0.5, "hsl(0 0% 100%)")).toBeNull();
    expect(mixOver("rgba(1, 2, 3, 0.5)", 0.5, "#fff")).toBeNull();
  });
  it("each channel lies between the colour's and the background's", () => {
    const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, "0")}`);
    fc.assert(fc.property(hex, hex, fc.double({ min: 0, max: 1, noNaN: true }), (c, b, a) => {
      const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(mixOver(c, a, b)!)!.slice(1).map(Number);
      for (let i = 0; i < 3; i++) {
        const x = parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16), y = parseInt(b.slice(1 + 2 * i, 3 + 2 * i), 16);
        expect(m[i]).toBeGreaterThanOrEqual(Math.min(x, y));
        expect(m[i]).toBeLessThanOrEqual(Math.max(x, y));
      }
    }));
  });
});
