/* set-link: a link between two primaries gets a delay of its own while the run goes on (the page's Links panel sends it). */
import { describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import { mpScenario, runMp, valuesOf } from "./run";

const THREE = [{ name: "a", networkDelayMs: 10 }, { name: "b", networkDelayMs: 10 }, { name: "c", networkDelayMs: 10 }];
const w = (atMs: number, node: string, key: string, value: string) => ({ atMs, op: "write" as const, node, key, value, session: node });

describe("set-link", () => {
  it("changes that link's delay both ways, and only that link's; the report shows it", () => {
    const r = runMp(mpScenario("circular", THREE, [{ atMs: 50, op: "set-link", between: ["a", "b"], delayMs: 500 }, w(100, "a", "x", "1")]));
    expect(r.multiPrimary.links).toEqual([
      { between: ["a", "b"], delayMs: 500, cut: false }, { between: ["a", "c"], delayMs: 20, cut: false }, { between: ["b", "c"], delayMs: 20, cut: false }]);
    expect(r.multiPrimary.settled).toBe(true);
  });

  it("a change sent on the slow link arrives after its delay: b has it only after 500 ms", () => {
    const sc = mpScenario("circular", THREE, [{ atMs: 50, op: "set-link", between: ["b", "a"], delayMs: 500 }, w(100, "a", "x", "1")]);
    const parsed = parseScenario(sc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const sim = new Simulation(parsed.scenario);
    const valuesAt = (ms: number) => { sim.runUntil(ms * 1000); return sim.multiPrimary!.nodes.map((n) => n.data.get("t")?.get("x")?.value ?? null); };
    expect(valuesAt(200)).toEqual(["1", null, "1"]);
    expect(valuesAt(602)).toEqual(["1", "1", "1"]);
  });

  it("a link made shorter stays FIFO: what was sent after the change never overtakes what was sent before it", () => {
    const r = runMp(mpScenario("circular", THREE, [{ atMs: 0, op: "set-link", between: ["a", "b"], delayMs: 400 }, w(100, "a", "x", "first"),
      { atMs: 150, op: "set-link", between: ["a", "b"], delayMs: 5 }, w(160, "a", "x", "second")]));
    expect(valuesOf(r, "x")).toEqual(["second", "second", "second"]);
    expect(r.conflicts).toEqual([]);
  });

  it("later changes of an end's networkDelayMs no longer move a link set this way", () => {
    const r = runMp(mpScenario("circular", THREE, [{ atMs: 10, op: "set-link", between: ["a", "b"], delayMs: 70 },
      { atMs: 20, op: "set", node: "a", networkDelayMs: 100 }]));
    expect(r.multiPrimary.links.map((l) => l.delayMs)).toEqual([70, 110, 20]);
  });

  it("is checked: two different primaries, a delay in range; refused outside a multi-primary cluster", () => {
    const errors = (input: unknown) => { const p = parseScenario(input); return p.ok ? [] : p.errors.map((e) => `${e.path}: ${e.message}`); };
    expect(errors(mpScenario("circular", THREE, [{ atMs: 1, op: "set-link", between: ["a", "zz"], delayMs: 5 }]))).toEqual([
      'actions[0].between[1]: no node is named "zz" (nodes at 1 ms: a, b, c); did you mean "a"?']);
    expect(errors(mpScenario("circular", THREE, [{ atMs: 1, op: "set-link", between: ["a", "a"], delayMs: 5 }]))).toEqual([
      'actions[0].between: a link joins two different nodes, got "a" twice']);
    expect(errors(mpScenario("circular", THREE, [{ atMs: 1, op: "set-link", between: ["a", "b"], delayMs: -1 }]))[0]).toMatch(/^actions\[0\]\.delayMs/);
    expect(errors({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "set-link", between: ["primary", "s1"], delayMs: 5 }] }))
      .toEqual(["actions[0].op: set-link gives a delay to a link between primaries (cluster.multiPrimary): here a link's delay is its ends' networkDelayMs"]);
  });
});
