/*
 * Seeking from the page: at most one seek on its way to the worker at a time. While the Timeline
 * slider is dragged, each position replaces the one waiting, and the next goes out when the
 * worker has answered the last (its snapshot with `jumped`), so the worker is never asked for
 * moments nobody will see and the picture follows the thumb as fast as the worker can seek.
 */
import { sendTravel } from "../controls/lab";
import { timelineStore } from "./timelineStore";

/** a seek not answered by then is given up (a refused one is answered with a toast instead) */
const ANSWER_WAIT_MS = 3000;

let sentAt: number | null = null;
let wanted: number | null = null;
/** seeks answered since the page started: read by the drag benchmark */
let answered = 0;

export function seekTo(events: number): void {
  wanted = Math.max(0, Math.round(events));
  timelineStore.setState({ seekTarget: wanted });
  pump();
}

function pump(): void {
  if (wanted === null) return;
  if (sentAt !== null && performance.now() - sentAt < ANSWER_WAIT_MS) return;
  sendTravel({ type: "seek", events: wanted, atUs: null, commands: null });
  wanted = null;
  sentAt = performance.now();
}

/** The worker answered a seek (a snapshot that jumped) or refused one. */
export function seekAnswered(): void {
  if (sentAt === null) return;
  sentAt = null;
  answered++;
  if (wanted === null) timelineStore.setState({ seekTarget: null });
  pump();
}

export function seeksAnswered(): number {
  return answered;
}
