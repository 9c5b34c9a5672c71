/* The words under the multi-primary picture: what a class reads off it, from real runs' snapshots. */
import { describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { mpPictureWords } from "../../src/ui/multiprimary/pictureWords";
import { mpScenario } from "./run";

function wordsAt(input: ScenarioInput, ms: number): string[] {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = new Simulation(parsed.scenario);
  sim.runUntil(ms * 1000);
  return mpPictureWords(sim.snapshot().multiPrimary!).lines.map((l) => l.text);
}

const EU_US = [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30 }];
const THREE = [{ name: "a", networkDelayMs: 5 }, { name: "b", networkDelayMs: 10 }, { name: "c", networkDelayMs: 40 }];

describe("the multi-primary picture's words", () => {
  it("circular: every channel runs, then both stop on a duplicate insert, each naming its error", () => {
    const s = mpScenario("circular", EU_US, [
      { atMs: 100, op: "write", node: "eu", session: "p", key: "k", value: "1", kind: "insert" },
      { atMs: 101, op: "write", node: "us", session: "b", key: "k", value: "2", kind: "insert" },
    ]);
    expect(wordsAt(s, 50)).toContain("Every channel runs.");
    const after = wordsAt(s, 500);
    expect(after).toContain("us's channel from eu stopped: error 1062.");
    expect(after).toContain("eu's channel from us stopped: error 1062.");
    expect(after).not.toContain("Every channel runs.");
  });

  it("a cut link and a crashed node are said, and the channels they disconnect", () => {
    const words = wordsAt(mpScenario("lww", EU_US, [{ atMs: 10, op: "partition", between: ["eu", "us"] }]), 20);
    expect(words).toContain("Cut: eu – us.");
    expect(words).toContain("us's channel from eu is disconnected: changes wait.");
    expect(wordsAt(mpScenario("circular", EU_US, [{ atMs: 10, op: "crash", node: "us" }]), 20)).toContain("Down: us.");
  });

  it("certification: the majority needed, and the node cut off outside it", () => {
    const s = mpScenario("certification", THREE, [
      { atMs: 10, op: "partition", between: ["c", "a"] }, { atMs: 10, op: "partition", between: ["c", "b"] }]);
    expect(wordsAt(s, 5)).toEqual(["A commit needs a majority of the group: 2 of 3, itself included.", "In the majority: a, b, c."]);
    expect(wordsAt(s, 20)).toEqual(["A commit needs a majority of the group: 2 of 3, itself included.", "In the majority: a, b.",
      "Outside it: c (refuses writes: ERROR 1047).", "Cut: a – c, b – c."]);
  });
});
