import { describe, expect, it } from "vitest";
import { CommandError } from "../../src/engine/api";
import { Run } from "../../src/worker/run";
import { FakeSim } from "./fakeSim";

describe("Run: command log and replay", () => {
  it("records each command with its time and event count", () => {
    const run = new Run(new FakeSim(1000, 500));
    run.runUntil(2_200);
    const entry = run.command({ op: "crash", node: "s1", kind: "process" });
    expect(entry).toEqual({ atUs: 2_200, events: 2, cmd: { op: "crash", node: "s1", kind: "process" } });
    expect(run.log).toHaveLength(1);
  });

  it("does not log a command the engine refuses", () => {
    const run = new Run(new FakeSim());
    expect(() => run.command({ op: "promote", node: "nope" })).toThrow(CommandError);
    expect(run.log).toHaveLength(0);
  });

  it("replays to exactly the same state, whatever chunks the live run used", () => {
    const live = new Run(new FakeSim(100, 50));
    // Chunked like the pacer: stop mid-time with events left, apply commands there.
    live.runUntil(1_000, 3);
    live.command({ op: "write", session: "a", key: "x", value: "1" });
    live.runUntil(1_000, 2);
    live.step();
    live.command({ op: "restart", node: "s1" });
    live.runUntil(5_000);
    live.command({ op: "configure", preset: "sync" });
    live.runUntil(7_321, 7);

    const replayed = new Run(new FakeSim(100, 50));
    replayed.replay(live.replayPoint());
    const liveSim = live.sim as FakeSim;
    const replaySim = replayed.sim as FakeSim;
    expect(replaySim.trace).toBe(liveSim.trace);
    expect(replayed.events).toBe(live.events);
    expect(replayed.nowUs).toBe(live.nowUs);
    expect(replayed.log).toEqual(live.log);
  });
});
