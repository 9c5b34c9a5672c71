/*
 * The worker's time travel with the real engine: a view in the past equals a straight replay to
 * that moment; a command there forks and keeps the old future; switching back finds the old live
 * end exactly; a run rebuilt from the branches (a link, a restart) shows the same moment.
 */
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import type { Command } from "../../src/engine/views";
import { Run } from "../../src/worker/run";
import { Travel } from "../../src/worker/travel";
import { commandsAt } from "../../src/timeline/moment";
import { busyScenario, play } from "../support/travelRun";

const scenario = () => busyScenario();

/** A fresh run brought straight to (events, atUs) with the given commands. */
function straight(log: Parameters<Run["replay"]>[0]["log"], untilEvents: number, untilUs: number): Run {
  const run = new Run(new Simulation(scenario()));
  run.replay({ log, untilEvents, untilUs });
  return run;
}

const crash: Command = { op: "crash", node: "s1", kind: "power" };
const write: Command = { op: "write", session: "c", key: "x", value: "1" };

describe("Travel", () => {
  it("seeks into the past, forks there, keeps the old future and finds it again", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 300_000);
    travel.command(write);
    play(travel, 700_000);
    const liveBefore = JSON.stringify(travel.liveRun.snapshot(0));
    const end = travel.end;

    const target = Math.floor(end.events / 3);
    travel.seek({ events: target });
    expect(travel.inPast).toBe(true);
    const shown = travel.shown;
    expect(shown.events).toBe(target);
    const ref = straight(commandsAt(travel.branches.branches[0]!.log, { events: target, atUs: shown.nowUs }), target, shown.nowUs);
    expect(JSON.stringify(shown.snapshot(0))).toBe(JSON.stringify(ref.snapshot(0)));
    // The live end is untouched meanwhile.
    expect(JSON.stringify(travel.liveRun.snapshot(0))).toBe(liveBefore);

    travel.stepBack();
    expect(travel.shown.events).toBe(target - 1);
    travel.stepForward();
    expect(travel.shown.events).toBe(target);

    const { forked } = travel.command(crash);
    expect(forked?.parent).toBe(0);
    expect(travel.inPast).toBe(false);
    expect(travel.branches.current).toBe(forked!.id);
    play(travel, travel.liveRun.nowUs + 100_000);
    expect(travel.liveRun.snapshot(0).nodes.find((n) => n.name === "s1")!.state).not.toBe("streaming");

    travel.switchTo(0);
    expect(travel.end).toEqual(end);
    expect(JSON.stringify(travel.liveRun.snapshot(0))).toBe(liveBefore);
  });

  it("a run rebuilt from its branches shows the same moment with the same numbers", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 400_000);
    travel.command(write);
    play(travel, 600_000);
    travel.seek({ events: Math.floor(travel.end.events / 2) });
    travel.command(crash);
    play(travel, travel.liveRun.nowUs + 50_000);
    travel.seek({ events: travel.end.events - 40 });
    const at = travel.point();
    const expected = JSON.stringify(travel.shown.snapshot(0));

    const again = new Travel(scenario(), 8_000_000);
    expect(again.restore(JSON.parse(JSON.stringify(travel.branches)), at)).toEqual([]);
    expect(again.point()).toEqual(at);
    expect(JSON.stringify(again.shown.snapshot(0))).toBe(expected);
  });

  it("a command the engine refuses ends its branch there, and says so", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 200_000);
    const tree = travel.branches;
    const mid = { events: Math.floor(tree.branches[0]!.end.events / 2), atUs: 0 };
    const probe = straight([], mid.events, tree.branches[0]!.end.atUs);
    const bad = { ...tree.branches[0]!, log: [{ events: mid.events, atUs: probe.nowUs, cmd: { op: "promote", node: "nobody" } as Command }] };
    const again = new Travel(scenario(), 8_000_000);
    const notices = again.restore({ ...tree, branches: [bad] }, { ...tree.branches[0]!.end, commands: 1 });
    expect(notices.join(" ")).toMatch(/command 1 \(promote\) could not be applied .*the branch ends there/);
    expect(again.end).toEqual({ events: mid.events, atUs: probe.nowUs });
    expect(again.branches.branches[0]!.log).toEqual([]);
  });
  it("says the earliest reachable moment of the branch (the start while nothing was dropped)", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 200_000);
    expect(travel.earliest()).toEqual({ events: 0, atUs: 0 });
    travel.seek({ events: 0 });
    expect(travel.shown.events).toBe(0);
  });
  it("seeks back and forth in the past recycling the past run, never the live one", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 400_000);
    const live = travel.liveRun;
    const liveBefore = JSON.stringify(live.snapshot(0));
    const end = travel.end.events;
    for (const f of [0.7, 0.2, 0.25, 0.9, 0.1]) {
      const target = Math.floor(end * f);
      travel.seek({ events: target });
      const shown = travel.shown;
      expect(shown.events).toBe(target);
      const ref = straight(commandsAt(travel.branches.branches[0]!.log, { events: target, atUs: shown.nowUs }), target, shown.nowUs);
      expect(JSON.stringify(shown.snapshot(0))).toBe(JSON.stringify(ref.snapshot(0)));
    }
    expect(travel.liveRun).toBe(live);
    expect(live.retired).toBe(false);
    expect(JSON.stringify(live.snapshot(0))).toBe(liveBefore);
    // A command there forks: the past run becomes the new branch's live run, and later seeks
    // recycle only runs of the past again.
    travel.command(write);
    const forkLive = travel.liveRun;
    travel.seek({ events: Math.floor(forkLive.events / 2) });
    travel.seek({ events: Math.floor(forkLive.events / 3) });
    expect(forkLive.retired).toBe(false);
    travel.backToLive();
    expect(travel.shown).toBe(forkLive);
  });
  it("plays on from a moment in the past on a new branch: the same run as before, the old future kept", () => {
    const travel = new Travel(scenario(), 8_000_000);
    play(travel, 300_000);
    travel.command(write);
    play(travel, 500_000);
    travel.command(crash);
    play(travel, 800_000);
    const end = travel.end;
    const oldLog = travel.branches.branches[0]!.log;

    // Back to a moment between the write and the crash, then play on: no crash on the new branch.
    const mid = Math.floor((oldLog[0]!.events + oldLog[1]!.events) / 2);
    travel.seek({ events: mid });
    const at = travel.point();
    expect(travel.playHere()).not.toBeNull();
    expect(travel.inPast).toBe(false);
    const branch = travel.branches.branches.find((b) => b.id === travel.branches.current)!;
    expect(branch).toMatchObject({ parent: 0, forkedAt: { events: at.events, atUs: at.atUs }, inherited: 1, end: { events: at.events, atUs: at.atUs } });
    expect(branch.log).toEqual(oldLog.slice(0, 1));
    // the new live end is the moment shown, and runs on exactly as a straight run with the write only
    play(travel, 700_000);
    const ref = straight(oldLog.slice(0, 1), travel.liveRun.events, travel.liveRun.nowUs);
    expect(JSON.stringify(travel.liveRun.snapshot(0))).toBe(JSON.stringify(ref.snapshot(0)));
    expect(travel.liveRun.snapshot(0).nodes.find((n) => n.name === "s1")!.state).toBe("up");
    // the old branch, its crash and its end are kept
    expect(travel.branches.branches[0]!.log).toEqual(oldLog);
    expect(travel.branches.branches[0]!.end).toEqual(end);
    // at the live end there is nothing to fork
    expect(travel.playHere()).toBeNull();
    expect(travel.branches.branches).toHaveLength(2);
    // the run that was the past is now live: later seeks recycle runs of the past only
    const live = travel.liveRun;
    travel.seek({ events: Math.floor(live.events / 2) });
    travel.seek({ events: Math.floor(live.events / 3) });
    expect(live.retired).toBe(false);
    travel.backToLive();
    expect(travel.shown).toBe(live);
  });
});
