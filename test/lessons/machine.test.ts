import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/lessons/catalogFiles";
import { LessonMachine, stopAfterMs } from "../../src/lessons/machine";
import type { Step } from "../../src/lessons/schema";
import { parseScenario, Simulation } from "../../src/engine";

const catalog = loadCatalog();
const lesson = (name: string) => catalog.lessons.find((l) => l.name === name)!;

describe("a step's own end in the page (stopAfterMs)", () => {
  it("is the span a step watches for, exactly, so the page's window is the headless one", () => {
    const ryw = lesson("read-your-writes-pin");
    expect(stopAfterMs(ryw.steps[1]!, 500)).toBe(3000); // "step.elapsedMs >= 3000"
    expect(stopAfterMs(ryw.steps[3]!, 500)).toBe(4000);
  });

  it("is just past the bound for any other timed step, and none for a narration, a do or a goal", () => {
    const stale = lesson("async-stale-read");
    const observe = stale.steps.find((s): s is Extract<Step, { kind: "observe" }> => s.kind === "observe")!;
    expect(stopAfterMs(observe, 500)).toBe(observe.withinMs + 501);
    for (const s of stale.steps.filter((s) => s.kind === "narration" || s.kind === "do" || s.kind === "your-turn")) {
      expect(stopAfterMs(s, 500)).toBeNull();
    }
  });
});

describe("LessonMachine.startAt", () => {
  it("counts a step's time and its commits from where the held run really stopped, not from the step's entry", () => {
    const ryw = lesson("read-your-writes-pin");
    const parsed = parseScenario(ryw.scenario);
    if (!parsed.ok) throw new Error("the lesson's scenario is valid");
    const sim = new Simulation(parsed.scenario);
    const m = new LessonMachine(ryw, 0, 0);
    m.prime(sim.snapshot());
    sim.runUntil(1_000_000);
    const early = sim.snapshot();
    m.observe(early);
    m.enter(1, early.nowUs); // the page enters the step from a snapshot a frame (or more) late…
    m.choose(1, early.nowUs);
    sim.runUntil(1_400_000); // …while the worker ran on to where the pause reached it
    const stopped = sim.snapshot();
    m.startAt(stopped);
    m.observe(stopped);
    expect(m.view!.step.elapsedMs).toBe(0);
    expect(m.view!.step.writesAcknowledged).toBe(0);
    sim.runUntil(4_400_000);
    m.observe(sim.snapshot());
    expect(m.view!.step.elapsedMs).toBe(3000);
    expect(m.state.status).toBe("done");
  });
});
