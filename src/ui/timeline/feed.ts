/*
 * What the worker client (controls/lab.ts) tells the timeline room: every snapshot's place on the
 * timeline, the branches, a new run. Kept here so that lab.ts only forwards.
 */
import type { TravelState } from "../../worker/protocol";
import type { BranchTree } from "../../timeline/branches";
import { LAG_LIMIT, lagSample, type LagSample } from "../store";
import { LagArchive } from "./lagArchive";
import type { LagWindowSample } from "../../worker/lagWindow";
import { timelineStore } from "./timelineStore";
import { seekAnswered } from "./seek";
import { EventClock } from "./eventClock";

const archive = new LagArchive();
let clock = new EventClock();

/** The Timeline's event count at a moment of the current branch (eventClock.ts), or null where the page saw no moment around it. */
export function eventsAt(atUs: number): number | null {
  return clock.eventsAt(atUs);
}

/** The chart's samples before a moment the view jumped to (the snapshot there adds its own). */
export function lagBefore(branch: number, nowUs: number): LagSample[] {
  return archive.upTo(branch, nowUs - 1, LAG_LIMIT - 1);
}

/** Samples the worker replayed for a moment this page had not played (src/worker/lagWindow.ts). */
export function noteLagWindow(branch: number, samples: readonly LagWindowSample[]): void {
  for (const s of samples) archive.add(branch, lagSample(s));
}

export function noteSnapshot(travel: TravelState, jumped: boolean, sample: LagSample | undefined): void {
  if (sample) archive.add(travel.branch, sample);
  clock.note(travel.branch, [travel.earliest, travel.at, travel.end]);
  timelineStore.setState({ travel });
  if (jumped) seekAnswered();
}

/** The worker refused a seek, switch or rename: a seek waiting may go. */
export function noteRefused(): void {
  seekAnswered();
}

export function noteBranches(tree: BranchTree): void {
  archive.follow(tree);
  // The panel is not opened for a new branch: the bar names the branch on screen instead, and the
  // panel would push the picture down a screen's third at 720 px.
  timelineStore.setState({ tree });
}

/** A new run (not a restart of this one): nothing of the old one's timeline applies. */
export function noteNewRun(): void {
  archive.clear();
  clock = new EventClock();
  timelineStore.setState({ travel: null, tree: null });
}
