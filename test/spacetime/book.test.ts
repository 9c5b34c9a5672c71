import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { LONG_SPAN_US, TraceBook } from "../../src/spacetime/book";
import type { TraceDelta } from "../../src/spacetime/feed";
import type { TraceOpEvent } from "../../src/engine/trace/recorder";

const NO_MESSAGES = { first: 0, count: 0, kind: new Uint8Array(0), from: new Uint8Array(0), to: new Uint8Array(0),
  sentUs: new Float64Array(0), arriveUs: new Float64Array(0), start: new Float64Array(0), end: new Float64Array(0),
  write: new Float64Array(0), flush: new Float64Array(0), replay: new Float64Array(0) };

function delta(ops: TraceOpEvent[]): TraceDelta {
  return { names: ["primary"], messages: NO_MESSAGES, ops, cluster: [], bands: null, anomalies: [] };
}

function op(type: TraceOpEvent["type"], o: number, timeUs: number, process = "alice"): TraceOpEvent {
  return { type, f: "write", op: o, process, key: `k${o % 3}`, value: "v", timeUs, node: "primary", lsn: null, writeOp: null,
    replayLsn: null, error: null };
}

/** Operations as (invoke, duration or null for never answered), fed in time order as the engine would. */
function bookOf(spans: { at: number; took: number | null }[]): TraceBook {
  const events: TraceOpEvent[] = [];
  let t = 0;
  spans.forEach((s, i) => {
    t += s.at;
    events.push(op("invoke", i, t, i % 2 ? "bob" : "alice"));
    if (s.took !== null) events.push(op("ok", i, t + s.took));
  });
  events.sort((a, b) => a.timeUs - b.timeUs || (a.type === "invoke" ? -1 : 1));
  const book = new TraceBook();
  // in a few deltas, as snapshots bring them
  for (let i = 0; i < events.length; i += 7) book.add(delta(events.slice(i, i + 7)));
  return book;
}

describe("the book's operations of a window", () => {
  test("spansIn finds exactly what a walk over every operation finds, in invocation order", () => {
    const span = fc.record({ at: fc.integer({ min: 0, max: 300_000 }),
      took: fc.option(fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: LONG_SPAN_US - 10, max: 5 * LONG_SPAN_US })), { freq: 6 }) });
    fc.assert(fc.property(fc.array(span, { maxLength: 60 }), fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 1, max: 3_000_000 }),
      fc.integer({ min: 0, max: 25_000_000 }), (spans, from, width, now) => {
        const book = bookOf(spans);
        const to = from + width;
        const walk = book.spanList.filter((s) => !(s.invokeUs > to || (s.endUs ?? now) < from || s.invokeUs > now));
        expect(book.spansIn(from, to, now).map((s) => s.op)).toEqual(walk.map((s) => s.op));
      }), { numRuns: 300 });
  });

  test("sessions and keys are kept as they are first seen", () => {
    const book = bookOf([{ at: 0, took: 10 }, { at: 5, took: null }, { at: 5, took: 1 }, { at: 5, took: 1 }]);
    expect(book.sessions).toEqual(["alice", "bob"]);
    expect([...book.keys].sort()).toEqual(["k0", "k1", "k2"]);
  });
});
