/*
 * A laptop on a projector should not run hot behind another window: the run pauses while the
 * tab is hidden (visibilitychange) and plays on from where it was when the tab is shown again,
 * only if it was playing before. A pause or play the person chose meanwhile is theirs to keep.
 */
import { labStore } from "../store";
import { setPaused } from "../controls/lab";
import { timelineStore } from "./timelineStore";

/** Where the run stood when the tab hid it: it plays on only if it still stands there. */
interface Held { scenario: unknown; events: number; nowUs: number }

/** A tab hidden this long pauses the run: the browser also hides a page for a moment while it
 *  loads or is captured, and a lesson holding its run must not be paused by that. */
export const HIDDEN_PAUSE_AFTER_MS = 1000;

export function startHiddenPause(doc: Document = document): () => void {
  let held: Held | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pauseIfStillHidden = () => {
    timer = null;
    const { paused, status, scenario, events, snapshot } = labStore.getState();
    if (doc.hidden && !paused && status === "running") {
      held = { scenario, events, nowUs: snapshot?.nowUs ?? 0 };
      timelineStore.setState({ pausedWhileHidden: true });
      setPaused(true);
    }
  };
  const onChange = () => {
    if (doc.hidden) {
      if (timer === null) timer = setTimeout(pauseIfStillHidden, HIDDEN_PAUSE_AFTER_MS);
      return;
    }
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const was = held;
    held = null;
    if (!was) return;
    timelineStore.setState({ pausedWhileHidden: false });
    // Still the run the tab paused: every start (a lesson's Back, a link, a reset, a restart) brings a
    // new scenario object, and a run started or rebuilt meanwhile is left as it is; so is a view
    // moved into the past.
    const now = labStore.getState();
    const same = now.scenario === was.scenario && now.events >= was.events;
    if (same && now.paused && now.status === "running" && !timelineStore.getState().travel?.past) setPaused(false);
  };
  doc.addEventListener("visibilitychange", onChange);
  return () => {
    doc.removeEventListener("visibilitychange", onChange);
    if (timer !== null) clearTimeout(timer);
  };
}
