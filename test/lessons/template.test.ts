import { describe, expect, it } from "vitest";
import { checkLesson } from "../../src/lessons/check";
import { loadCatalog } from "../../src/lessons/catalogFiles";
import { barePluralCounts, fill, placeholders, type MarkValue } from "../../src/lessons/template";

const marks = (entries: [string, MarkValue][]) => new Map(entries);

describe("a count's noun inside the braces", () => {
  it("agrees with the number the run recorded", () => {
    const text = "{waiting|commit is|commits are} waiting";
    expect(fill(text, marks([["waiting", { value: 1, unit: "count" }]]))).toBe("1 commit is waiting");
    expect(fill(text, marks([["waiting", { value: 3, unit: "count" }]]))).toBe("3 commits are waiting");
    expect(fill(text, marks([["waiting", { value: 0, unit: "count" }]]))).toBe("0 commits are waiting");
    expect(placeholders("{a|x|xs} and {b}")).toEqual(["a", "b"]);
  });

  it("a bare count before a plural noun is found; units and other words are not", () => {
    const count = (n: string) => n !== "ms";
    expect(barePluralCounts("{n} acknowledged writes lost", count)).toEqual(["n"]);
    expect(barePluralCounts("{n} row(s) copied", count)).toEqual(["n"]);
    expect(barePluralCounts("{n} of its writes", count)).toEqual([]);
    expect(barePluralCounts("{ms} stale reads", count)).toEqual([]);
    expect(barePluralCounts("{n|write|writes} lost", count)).toEqual([]);
  });

  it("a lesson that writes '{n} commits' is refused, naming the step", () => {
    const l = structuredClone(loadCatalog().lessons.find((x) => x.name === "monitoring-alerts")!) as unknown as { steps: Record<string, unknown>[] };
    const i = l.steps.findIndex((s) => typeof s.result === "string" && (s.result as string).includes("{waitingAtAlert|"));
    l.steps[i]!.result = "{waitingAtAlert} commits are waiting.";
    const r = checkLesson(l, "m.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toMatch(new RegExp(`m\\.json: step ${i + 1} \\(observe\\): "\\{waitingAtAlert\\}" is a count before a plural noun`));
  });
});
