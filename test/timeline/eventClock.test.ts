import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventClock } from "../../src/ui/timeline/eventClock";

describe("EventClock: a moment's place on the Timeline (events) from the snapshots' exact moments", () => {
  it("gives a sampled moment's count exactly, interpolates between samples, and nothing outside them", () => {
    const c = new EventClock();
    c.note(1, [{ events: 100, atUs: 1_000 }, { events: 300, atUs: 3_000 }]);
    expect(c.eventsAt(1_000)).toBe(100);
    expect(c.eventsAt(2_000)).toBe(200);
    expect(c.eventsAt(3_000)).toBe(300);
    expect(c.eventsAt(999)).toBeNull();
    expect(c.eventsAt(3_001)).toBeNull();
  });
  it("starts again on another branch and on a new run (a moment out of order)", () => {
    const c = new EventClock();
    c.note(1, [{ events: 100, atUs: 1_000 }, { events: 300, atUs: 3_000 }]);
    c.note(2, [{ events: 50, atUs: 500 }]);
    expect(c.size).toBe(1);
    expect(c.eventsAt(1_000)).toBeNull();
    c.note(2, [{ events: 10, atUs: 2_000 }]); // fewer events later on: a new run
    expect(c.size).toBe(1);
    expect(c.eventsAt(2_000)).toBe(10);
  });
  it("property: for moments of one run noted in any order, the answer lies between the samples around it and never goes back", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 0, max: 1e6 }),
      (times, probe) => {
        const sorted = [...times].sort((a, b) => a - b);
        const moments = sorted.map((t, i) => ({ atUs: t, events: i * 7 + Math.floor(t / 1000) }));
        const c = new EventClock();
        for (const m of [...moments].reverse()) c.note(1, [m]);
        expect(c.size).toBe(moments.length);
        const got = c.eventsAt(probe);
        if (probe < sorted[0]! || probe > sorted.at(-1)!) {
          expect(got).toBeNull();
          return;
        }
        const lo = [...moments].reverse().find((m) => m.atUs <= probe)!, hi = moments.find((m) => m.atUs >= probe)!;
        expect(got).toBeGreaterThanOrEqual(lo.events);
        expect(got).toBeLessThanOrEqual(hi.events);
        const later = c.eventsAt(Math.min(probe + 500, sorted.at(-1)!));
        expect(later).toBeGreaterThanOrEqual(got!);
      }));
  });
});
