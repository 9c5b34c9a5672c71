import { describe, expect, it } from "vitest";
import { LagArchive } from "../../src/ui/timeline/lagArchive";
import { newTree, giveCommand } from "../../src/timeline/branches";
import type { LagSample } from "../../src/ui/store";

const sample = (atUs: number, lag = atUs / 10): LagSample => ({ atUs, replayLagUs: new Map([["s1", lag]]), behindUs: new Map() });

describe("LagArchive: the lag samples a seek redraws the chart from", () => {
  it("gives the samples at or before a moment, in time order, however they arrived", () => {
    const a = new LagArchive();
    for (const t of [300, 100, 200, 500, 400]) a.add(0, sample(t));
    expect(a.upTo(0, 350, 10).map((s) => s.atUs)).toEqual([100, 200, 300]);
    expect(a.upTo(0, 350, 2).map((s) => s.atUs)).toEqual([200, 300]);
    expect(a.upTo(0, 99, 10)).toEqual([]);
    expect(a.upTo(7, 1000, 10)).toEqual([]);
  });

  it("a sample at a time already kept replaces it", () => {
    const a = new LagArchive();
    a.add(0, sample(100, 1));
    a.add(0, sample(100, 2));
    expect(a.upTo(0, 100, 10).map((s) => s.replayLagUs.get("s1"))).toEqual([2]);
  });

  it("a new branch starts with its parent's samples up to where it forked, and they then go apart", () => {
    const a = new LagArchive();
    for (let t = 0; t <= 1000; t += 100) a.add(0, sample(t));
    let tree = newTree();
    tree = { ...tree, branches: [{ ...tree.branches[0]!, end: { events: 100, atUs: 1000 } }] };
    const given = giveCommand(tree, { events: 50, atUs: 450, cmd: { op: "checkpoint" } });
    if (!given.ok) throw new Error(given.message);
    a.follow(given.tree);
    expect(a.upTo(1, 10_000, 100).map((s) => s.atUs)).toEqual([0, 100, 200, 300, 400]);
    a.add(1, sample(600, 99));
    expect(a.upTo(0, 600, 1)[0]!.replayLagUs.get("s1")).toBe(60);
    expect(a.upTo(1, 600, 1)[0]!.replayLagUs.get("s1")).toBe(99);
  });

  it("stays bounded: past its limit the older half is thinned, the newest samples kept", () => {
    const a = new LagArchive(100);
    for (let t = 0; t < 1000; t++) a.add(0, sample(t));
    const kept = a.upTo(0, 10_000, 10_000);
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.at(-1)!.atUs).toBe(999);
    expect(kept.slice(-40).map((s) => s.atUs)).toEqual(Array.from({ length: 40 }, (_, i) => 960 + i));
    for (let i = 1; i < kept.length; i++) expect(kept[i]!.atUs).toBeGreaterThan(kept[i - 1]!.atUs);
  });
});
