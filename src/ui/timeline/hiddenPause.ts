/*
 * A laptop on a projector should not run hot behind another window: the run pauses while the
 * tab is hidden (visibilitychange) and plays on from where it was when the tab is shown again,
 * only if it was playing before. A pause or play the person chose meanwhile is theirs to keep.
 */
import { labStore } from "../store";
import { setPaused } from "../controls/lab";
import { timelineStore } from "./timelineStore";

export function startHiddenPause(doc: Document = document): () => void {
  const onChange = () => {
    const { paused, status } = labStore.getState();
    if (doc.hidden) {
      if (!paused && status === "running") {
        timelineStore.setState({ pausedWhileHidden: true });
        setPaused(true);
      }
      return;
    }
    if (!timelineStore.getState().pausedWhileHidden) return;
    timelineStore.setState({ pausedWhileHidden: false });
    // Still paused as the tab left it (not a pause chosen since, nor a view moved into the past).
    const still = labStore.getState();
    if (still.paused && still.status === "running" && !timelineStore.getState().travel?.past) setPaused(false);
  };
  doc.addEventListener("visibilitychange", onChange);
  return () => doc.removeEventListener("visibilitychange", onChange);
}
