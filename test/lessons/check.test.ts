import { describe, expect, it } from "vitest";
import { checkLesson, checkLessonText } from "../../src/lessons/check";
import { holds, type Condition } from "../../src/lessons/conditions";
import { loadCatalog } from "../../src/lessons/catalogFiles";
import { playLesson } from "../../src/lessons/headless";

const base = () => structuredClone(loadCatalog().lessons[0]!) as unknown as { steps: Record<string, unknown>[] } & Record<string, unknown>;

describe("checkLesson refuses a broken lesson, naming the file and the step", () => {
  it("an unknown step kind", () => {
    const l = base();
    l.steps[1] = { kind: "quiz", title: "?", text: "?" };
    const r = checkLesson(l, "lessons/broken.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.stringMatching(/^lessons\/broken\.json: step 2: unknown step kind "quiz"/));
  });

  it("a condition on a field that does not exist", () => {
    const l = base();
    l.steps[2] = { kind: "observe", title: "t", text: "t", withinMs: 10, until: { field: "nodes[s1].lsn.replayed", is: ">", value: 0 } };
    const r = checkLesson(l, "x.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toMatch(/x\.json: step 3 \(observe\): until: "nodes\[s1\]\.lsn\.replayed": no field "replayed"/);
  });

  it("a comparison of mismatched types, a misspelt state and an ordering of strings", () => {
    const l = base();
    l.steps[2] = { kind: "observe", title: "t", text: "t", withinMs: 10, until: { all: [
      { field: "primary", is: ">", value: "s1" },
      { field: "nodes[s1].state", is: "==", value: "crashed" },
      { field: "totals.staleReads", is: "==", value: "many" },
    ] } };
    const r = checkLesson(l, "x.json");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const all = r.problems.join("\n");
      expect(all).toMatch(/compares numbers only/);
      expect(all).toMatch(/never "crashed"/);
      expect(all).toMatch(/is a number, compared with a string/);
    }
  });

  it("a mark used before it is recorded, and a summary naming an unknown mark", () => {
    const l = base();
    (l.summary as { rows: string[][] }).rows.push(["a", "{nope}"]);
    l.steps[0] = { kind: "narration", title: "t", text: "we saw {commitMs}" };
    const r = checkLesson(l, "x.json");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join("\n")).toMatch(/step 1 \(narration\): "\{commitMs\}" is not a mark recorded before this step/);
      expect(r.problems.join("\n")).toMatch(/summary row \d+: "\{nope\}" is not a recorded mark/);
    }
  });

  it("text that is not JSON, or too large", () => {
    expect(checkLessonText("{", "a.json")).toMatchObject({ ok: false, problems: [expect.stringMatching(/^a\.json: not valid JSON/)] });
    expect(checkLessonText(" ".repeat(300_000), "a.json")).toMatchObject({ ok: false });
  });
});

describe("conditions", () => {
  const view = { totals: { staleReads: 2 }, nodes: new Map([["s1", { state: "up" }], ["s2", { state: "down" }]]) };
  it("compare, combine and count", () => {
    const c = (x: Condition) => holds(x, view, new Map());
    expect(c({ field: "totals.staleReads", is: ">=", value: 2 })).toBe(true);
    expect(c({ not: { field: "totals.staleReads", is: ">=", value: 2 } })).toBe(false);
    expect(c({ any: [{ field: "nodes[s1].state", is: "==", value: "down" }, { field: "nodes[s2].state", is: "==", value: "down" }] })).toBe(true);
    expect(c({ count: "nodes", where: { field: "state", is: "==", value: "up" }, is: "==", value: 1 })).toBe(true);
    // an absent node makes a comparison false, and its negation true
    expect(c({ field: "nodes[s9].state", is: "==", value: "up" })).toBe(false);
    expect(c({ field: "totals.__proto__", is: "==", value: null })).toBe(false);
  });
});

describe("the headless player", () => {
  it("fails a lesson whose prediction the run does not prove", () => {
    const lesson = structuredClone(loadCatalog().lessons.find((l) => l.name === "wal-by-offset")!);
    const predict = lesson.steps.find((s) => s.kind === "predict")!;
    if (predict.kind !== "predict") throw new Error("no predict step");
    predict.answer = 0;
    const r = playLesson(lesson);
    expect(r.ok).toBe(false);
    expect(r.problems.join("\n")).toMatch(/the lesson says choice 1 .* the run proved choice 2/);
  });

  it("fails a lesson whose condition never holds within its bound", () => {
    const lesson = structuredClone(loadCatalog().lessons.find((l) => l.name === "wal-by-offset")!);
    const i = lesson.steps.findIndex((s) => s.kind === "observe");
    const step = lesson.steps[i]!;
    if (step.kind !== "observe") throw new Error("no observe step");
    step.until = { field: "totals.staleReads", is: ">=", value: 1 };
    const r = playLesson(lesson);
    expect(r.problems.join("\n")).toMatch(new RegExp(`step ${i + 1} \\(observe\\).*did not hold within`));
  });
});
