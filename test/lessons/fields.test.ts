import { describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import { VIEW_SHAPE, type Shape } from "../../src/lessons/fields";
import { lessonView, LogTally } from "../../src/lessons/view";

/** Every field the catalogue lists is present on a real view, with the type it says. */
function mismatches(shape: Shape, value: unknown, path: string): string[] {
  switch (shape.kind) {
    case "number": case "string": case "boolean":
      if (value === null && "nullable" in shape && shape.nullable) return [];
      return typeof value === shape.kind ? [] : [`${path}: ${typeof value}, catalogue says ${shape.kind}`];
    case "object": {
      const get = (k: string) => (value instanceof Map ? value.get(k) : (value as Record<string, unknown>)[k]);
      return [...shape.fields].flatMap(([k, s]) => mismatches(s, get(k), `${path}.${k}`));
    }
    case "named":
      if (!(value instanceof Map) || value.size === 0) return [`${path}: not a non-empty Map`];
      return [...value].flatMap(([k, v]) => mismatches(shape.item, v, `${path}[${String(k)}]`));
    case "list":
      if (!Array.isArray(value)) return [`${path}: not a list`];
      return value.flatMap((v, i) => mismatches(shape.item, v, `${path}[${i}]`));
  }
}

describe("the field catalogue", () => {
  it("matches the view built from a real snapshot", () => {
    const parsed = parseScenario({
      cluster: { replicas: [{ name: "s1", slot: true }, { name: "s2", slot: true }], subscribers: [{ name: "sub1", tables: ["t"] }] },
      commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "s1" } },
      actions: [{ atMs: 5, op: "crash", node: "s1" }, { atMs: 10, op: "write", key: "x", value: "1" }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const sim = new Simulation(parsed.scenario);
    sim.runUntil(50_000);
    const view = lessonView(sim.snapshot(0), new LogTally(), { atUs: 0, latencyCounts: [] });
    expect(view.waitingCommits.length).toBeGreaterThan(0);
    // the multi-primary fields are checked on a multi-primary run below
    const physical = { ...VIEW_SHAPE, fields: new Map([...(VIEW_SHAPE as Extract<Shape, { kind: "object" }>).fields]
      .filter(([k]) => k !== "primaries" && k !== "mpRows")) };
    expect(mismatches(physical, view, "view")).toEqual([]);
  });

  it("matches the view of a multi-primary run", () => {
    const parsed = parseScenario({
      cluster: { multiPrimary: { mode: "certification", nodes: [{ name: "a" }, { name: "b" }, { name: "c", clockSkewMs: 5 }] } },
      actions: [{ atMs: 5, op: "write", node: "a", key: "x", value: "1" }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const sim = new Simulation(parsed.scenario);
    sim.runUntil(50_000);
    const view = lessonView(sim.snapshot(0), new LogTally(), { atUs: 0, latencyCounts: [] });
    expect(view.mpRows.get("x")!.values.get("c")).toBe("1");
    expect(view.multiPrimary.writesAcknowledged).toBe(1);
    const shape = VIEW_SHAPE as Extract<Shape, { kind: "object" }>;
    const mpOnly: Shape = { kind: "object", fields: new Map([...shape.fields].filter(([k]) => k === "primaries" || k === "mpRows" || k === "multiPrimary")) };
    expect(mismatches(mpOnly, view, "view")).toEqual([]);
  });
});
