import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/lessons/catalogFiles";
import { playLesson } from "../../src/lessons/headless";
import { plannedWrites } from "../../src/engine/scenario/expectedWrites";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { HISTORY_LIMIT_WRITES } from "../../src/worker/historyLimit";

const catalog = loadCatalog();

describe("the lesson catalogue", () => {
  it("loads every lesson file without a problem", () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.lessons.length).toBeGreaterThan(0);
  });

  it("has unique names and orders", () => {
    const names = catalog.lessons.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(catalog.lessons.map((l) => l.order)).size).toBe(names.length);
  });

  it("plans no more writes than a run in the page holds (the page would open the lesson with a warning about it)", () => {
    const over = catalog.lessons.filter((l) => plannedWrites(scenarioSchema.parse(l.scenario)) > HISTORY_LIMIT_WRITES / 2);
    expect(over.map((l) => l.name)).toEqual([]);
  });
});

describe.each(catalog.lessons.map((l) => [l.name, l] as const))("lesson %s played headless", (_name, lesson) => {
  const result = playLesson(lesson);
  it("holds every condition and prediction with its own actions", () => {
    expect(result.problems).toEqual([]);
    expect(result.steps.map((s) => s.status)).toEqual(lesson.steps.map(() => "done"));
  });
  it.each(lesson.steps.flatMap((s, i) => (s.kind === "your-turn" ? [[i + 1, i]] : [])))(
    "its goal at step %i is not reached by a student who does nothing for 10 s", (_n, i) => {
      const idle = playLesson(lesson, undefined, { step: i, forMs: Math.max(10_000, (lesson.steps[i] as { withinMs: number }).withinMs) });
      expect(idle.steps.at(-1)).toMatchObject({ index: i, status: "timed-out" });
    });
  it("fills every cell of its summary with a number the run produced", () => {
    for (const row of result.summary.rows) for (const cell of row) expect(cell).not.toMatch(/\{[A-Za-z]\w*\}/);
  });
});
