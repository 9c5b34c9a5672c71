import { describe, expect, test } from "vitest";
import { Simulation } from "../../src/engine";
import { parseScenario } from "../../src/engine/scenario/validate";
import type { HistoryEvent } from "../../src/engine/views";
import { TraceRecorder } from "../../src/engine/trace/recorder";
import { TraceBook } from "../../src/spacetime/book";
import { deltaSince, START_CURSOR } from "../../src/spacetime/feed";
import { Run } from "../../src/worker/run";
import { TraceFeed } from "../../src/worker/traceFeed";
import { historyLines } from "../../src/worker/historyExport";

const RAW = {
  name: "feed", seed: 9, durationMs: 5000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 3, jitterMs: 1 }, { name: "s2", networkDelayMs: 20 }] },
  commit: { preset: "sync" },
  workload: { writesPerSec: 200, readsPerSec: 200, sessions: 3, keys: 5, readFrom: "replicas" },
};
const scenario = (() => { const p = parseScenario(RAW); if (!p.ok) throw new Error("bad"); return p.scenario; })();

function bookOf(rec: TraceRecorder): TraceBook {
  const b = new TraceBook();
  b.add(deltaSince(rec, START_CURSOR).delta);
  return b;
}

function columns(b: TraceBook) {
  return { count: b.count, sent: Array.from(b.sentUs.subarray(0, b.count)), arrive: Array.from(b.arriveUs.subarray(0, b.count)),
    tag: Array.from(b.tag.subarray(0, b.count)), end: Array.from(b.end.subarray(0, b.count)) };
}

describe("the worker's trace feed", () => {
  test("switched on mid-run, it rebuilds the past by replay: the trace equals one recorded from the start", () => {
    // the reference: recorded from the start, the same commands at the same points
    const rec = new TraceRecorder();
    const ref = new Run(new Simulation(scenario, { trace: rec }));
    ref.runUntil(800_000);
    ref.command({ op: "crash", node: "s1", kind: "process" });
    ref.runUntil(1_600_000);

    const live = new Run(new Simulation(scenario));
    live.runUntil(800_000);
    live.command({ op: "crash", node: "s1", kind: "process" });
    live.runUntil(1_200_000);
    const feed = new TraceFeed();
    feed.set(true);
    const book = new TraceBook();
    const first = feed.next(scenario, live)!;
    expect(first.reset).toBe(true);
    book.add(first.delta);
    live.runUntil(1_600_000);
    const second = feed.next(scenario, live)!;
    expect(second.reset).toBe(false);
    book.add(second.delta);

    const want = bookOf(rec);
    expect(book.count).toBeGreaterThan(500);
    expect(columns(book)).toEqual(columns(want));
    expect(book.spanList).toEqual(want.spanList);
    expect(book.bands).toEqual(want.bands);
    expect(book.anomalies).toEqual(want.anomalies);
  });

  test("switched off, the live simulation records nothing more", () => {
    const live = new Run(new Simulation(scenario));
    live.runUntil(100_000);
    const feed = new TraceFeed();
    feed.set(true);
    feed.next(scenario, live);
    feed.set(false);
    expect((live.sim as Simulation).options.trace).toBeNull();
    expect(feed.next(scenario, live)).toBeNull();
  });

  test("the recorder passes every history event on, unchanged: a run with it writes the same history as one without", () => {
    const plain: HistoryEvent[] = [], traced: HistoryEvent[] = [];
    new Simulation(scenario, { onHistory: (e) => plain.push(e) }).runUntil(1_000_000);
    const rec = new TraceRecorder();
    rec.next = (e) => traced.push(e);
    new Simulation(scenario, { onHistory: (e) => traced.push(e), trace: rec }).runUntil(1_000_000);
    expect(traced).toEqual(plain);
  });

  test("the page's history export is the history a headless run of the same commands writes, closing lines included", () => {
    const live = new Run(new Simulation(scenario));
    live.runUntil(500_000);
    live.command({ op: "crash", node: "primary", kind: "power" });
    live.runUntil(700_000);
    const { lines, error } = historyLines(scenario, live.replayPoint());
    expect(error).toBeNull();
    const want: string[] = [];
    const sim = new Simulation(scenario, { onHistory: (e) => want.push(JSON.stringify(e)) });
    sim.runUntil(500_000);
    sim.command({ op: "crash", node: "primary", kind: "power" });
    sim.runUntil(700_000);
    sim.finish();
    expect(lines).toBe(want.map((l) => `${l}\n`).join(""));
    expect(want[want.length - 1]).toContain('"type":"end"');
  });
});
