/* A small known run, traced: the fixture the diagram's tests read. */
import { Simulation } from "../../src/engine";
import { parseScenario } from "../../src/engine/scenario/validate";
import { TraceRecorder } from "../../src/engine/trace/recorder";
import { TraceBook } from "../../src/spacetime/book";
import { deltaSince, START_CURSOR } from "../../src/spacetime/feed";

export const KNOWN_SCENARIO = {
  name: "known run", seed: 3, durationMs: 1000,
  cluster: { primary: { name: "primary", fsyncMs: 1 },
    replicas: [{ name: "s1", networkDelayMs: 5, fsyncMs: 1 }, { name: "s2", networkDelayMs: 40, fsyncMs: 1 }] },
  commit: { preset: "async" },
  actions: [
    { atMs: 100, op: "write", session: "alice", key: "x", value: "4" },
    { atMs: 110, op: "read", session: "bob", key: "x", node: "s2" },
    { atMs: 200, op: "partition", between: ["primary", "s2"] },
    { atMs: 300, op: "write", session: "alice", key: "y", value: "5" },
    { atMs: 400, op: "crash", node: "primary", kind: "power" },
    { atMs: 500, op: "promote", node: "s2" },
  ],
};

/** Runs a scenario to `untilMs` with a recorder and adds the whole trace to a book. */
export function traced(raw: unknown, untilMs: number): { book: TraceBook; rec: TraceRecorder; sim: Simulation } {
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const rec = new TraceRecorder();
  const sim = new Simulation(parsed.scenario, { trace: rec });
  sim.runUntil(untilMs * 1000);
  const book = new TraceBook();
  book.add(deltaSince(rec, START_CURSOR).delta);
  return { book, rec, sim };
}
