/*
 * The timeline as the bar shows it: at once while the view is in the past or a seek is on its way
 * (the thumb must follow the hand), four times a second while the run plays live (the end moves
 * with every snapshot, and a bar re-rendered 60 times a second would cost frames for nothing).
 */
import { useEffect, useState } from "react";
import { timelineStore, type TimelineState } from "./timelineStore";

export interface TravelView {
  past: boolean;
  atEvents: number;
  atUs: number;
  endEvents: number;
  endUs: number;
  branch: number;
  seekTarget: number | null;
  /** the earliest moment a seek can reach (a retention window drops older ones in long runs) */
  earliestEvents: number;
  earliestUs: number;
}

const LIVE_REFRESH_MS = 250;

/** The view now, unthrottled (a key press acts on where the view is, not where it was drawn last). */
export function currentTravelView(): TravelView | null {
  return viewOf(timelineStore.getState());
}

function viewOf(s: TimelineState): TravelView | null {
  const t = s.travel;
  if (!t) return null;
  return { past: t.past, atEvents: t.at.events, atUs: t.at.atUs, endEvents: t.end.events, endUs: t.end.atUs, branch: t.branch, seekTarget: s.seekTarget,
    earliestEvents: t.earliest.events, earliestUs: t.earliest.atUs };
}

function same(a: TravelView | null, b: TravelView | null): boolean {
  if (a === null || b === null) return a === b;
  return a.past === b.past && a.atEvents === b.atEvents && a.atUs === b.atUs && a.endEvents === b.endEvents &&
    a.endUs === b.endUs && a.branch === b.branch && a.seekTarget === b.seekTarget &&
    a.earliestEvents === b.earliestEvents;
}

export function useTravelView(): TravelView | null {
  const [view, setView] = useState(() => viewOf(timelineStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let shown = viewOf(timelineStore.getState());
    const push = () => {
      timer = null;
      const next = viewOf(timelineStore.getState());
      if (same(next, shown)) return;
      shown = next;
      setView(next);
    };
    const off = timelineStore.subscribe((s) => {
      const urgent = s.travel?.past === true || s.seekTarget !== null || shown === null || shown.past || shown.branch !== s.travel?.branch;
      if (urgent) {
        if (timer !== null) clearTimeout(timer);
        push();
      } else if (timer === null) {
        timer = setTimeout(push, LIVE_REFRESH_MS);
      }
    });
    push();
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return view;
}
