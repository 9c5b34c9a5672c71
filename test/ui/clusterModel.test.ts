import { describe, expect, it } from "vitest";
import { clusterStructure, describeNode, figuresByName, figuresKey, problemWords, structureKey, wouldLoseWords } from "../../src/ui/views/clusterModel";
import { starLayout, assignSlots } from "../../src/ui/views/layout";
import { fixtureSnapshot } from "./fixtures";

describe("card figures", () => {
  it("keeps what a promotion would lose and the WAL kept out of the structure, in their own key", () => {
    const a = fixtureSnapshot(4_000_000);
    const b = fixtureSnapshot(4_000_500);
    // Writes move the figures every snapshot; the structure (what React re-renders on) stays.
    expect(figuresKey(a)).not.toBe(figuresKey(b));
    expect(structureKey(a)).toBe(structureKey(b));
    const figures = figuresByName(figuresKey(a));
    expect(figures.get("primary")!.wouldLose).toBeNull();
    expect(figures.get("primary")!.walRetainedBytes).toBeGreaterThan(0);
    expect(figures.get("s5")!.wouldLose).toBeNull(); // down: not a candidate
    expect(figures.get("s1")!.wouldLose).toBeGreaterThanOrEqual(0);
    expect(figuresByName(figuresKey(null)).size).toBe(0);
  });

  it("keeps the figures of nodes named like Object.prototype's members", () => {
    const snap = fixtureSnapshot(4_000_000);
    const renamed = { ...snap, nodes: snap.nodes.map((n, i) => ({ ...n, name: ["__proto__", "constructor", "toString"][i] ?? n.name })) };
    const figures = figuresByName(figuresKey(renamed));
    expect([...figures.keys()].slice(0, 3)).toEqual(["__proto__", "constructor", "toString"]);
    expect(figures.get("__proto__")!.walRetainedBytes).toBe(snap.nodes[0]!.walRetainedBytes);
  });

  it("says in words what promoting a standby would lose", () => {
    expect(wouldLoseWords(0)).toBe("promoting it now would lose no acknowledged writes");
    expect(wouldLoseWords(1)).toBe("promoting it now would lose 1 acknowledged write");
    expect(wouldLoseWords(12)).toBe("promoting it now would lose 12 acknowledged writes");
    expect(wouldLoseWords(100_000, true)).toBe("promoting it now would lose at least 100000 acknowledged writes");
    const s1 = clusterStructure(fixtureSnapshot(4_000_000)).nodes.find((n) => n.name === "s1")!;
    expect(describeNode(s1, { wouldLose: 3, wouldLoseAtLeast: false, walRetainedBytes: null })).toContain("promoting it now would lose 3 acknowledged writes");
    expect(describeNode(s1)).not.toContain("promoting");
  });
});

describe("problemWords", () => {
  it("shortens the engine's problems to what a card has room for", () => {
    expect(problemWords("requested WAL segment at LSN 6483 has already been removed (oldest kept: 31458); a new base backup is needed"))
      .toBe("needs re-clone");
    expect(problemWords("diverged: new timeline 2 forked off this server's timeline 1 at 100, before its recovery point 200"))
      .toBe("needs rewind");
    expect(problemWords("the server is not a primary")).toBe("upstream not primary");
    expect(problemWords("something else entirely went wrong here; details")).toBe("something else entirely…");
  });
});

describe("starLayout with an explicit compact card", () => {
  it("uses the compact size given when full cards would overlap", () => {
    const slots = assignSlots(null, ["p", ...Array.from({ length: 64 }, (_, i) => `s${i + 1}`)], "p");
    const l = starLayout(slots, 900, 500, { width: 140, height: 63 }, { width: 84, height: 40 });
    expect(l.compact).toBe(true);
    expect(l.card).toEqual({ width: 84, height: 40 });
  });
});

describe("old primaries", () => {
  it("marks a node that ran as a primary but is not the current one", () => {
    const s = fixtureSnapshot(4_000_000);
    const promoted = { ...s, primary: "s1", nodes: s.nodes.map((n) => (n.name === "s1" ? { ...n, role: "primary" as const } : n)) };
    const byName = new Map(clusterStructure(promoted).nodes.map((n) => [n.name, n]));
    expect(byName.get("primary")!.oldPrimary).toBe(true);
    expect(byName.get("s1")!.oldPrimary).toBe(false);
    expect(byName.get("s2")!.oldPrimary).toBe(false);
    expect(clusterStructure(s).nodes.some((n) => n.oldPrimary)).toBe(false);
  });
});
