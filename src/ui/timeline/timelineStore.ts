/*
 * The page's view of the run's timeline: where the view is (the latest snapshot's `travel`), the
 * tree of branches (the worker's `branches`), and what the page says about links. Fed by the
 * worker client (controls/lab.ts); read by the Timeline bar, the Branches panel and the address.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { TravelState } from "../../worker/protocol";
import type { BranchTree } from "../../timeline/branches";

/** What the page says after opening a link (or failing to). */
export interface LinkNotice {
  kind: "ok" | "warn" | "error";
  title: string;
  lines: string[];
}

/** A link that arrived while a run was on screen (pasted into the address): it waits for a yes. */
export interface PendingLink {
  fragment: string;
  /** a sentence about what it holds, for the question */
  summary: string;
}

export interface TimelineState {
  travel: TravelState | null;
  tree: BranchTree | null;
  linkNotice: LinkNotice | null;
  pendingLink: PendingLink | null;
  branchesOpen: boolean;
  /** the event count a seek is on its way to (the slider shows it until the worker answers) */
  seekTarget: number | null;
  /** the run was paused because the tab was hidden: it plays again when the tab is shown */
  pausedWhileHidden: boolean;
}

export const timelineStore: StoreApi<TimelineState> = createStore<TimelineState>(() => ({
  travel: null,
  tree: null,
  linkNotice: null,
  pendingLink: null,
  branchesOpen: false,
  seekTarget: null,
  pausedWhileHidden: false,
}));

export function useTimeline<T>(selector: (s: TimelineState) => T): T {
  return useStore(timelineStore, selector);
}
