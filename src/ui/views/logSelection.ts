/*
 * Which event-log line stands for the event the page has selected (src/ui/selection.ts): the
 * line itself when the log selected it, else the last line shown at or before the event's moment
 * (what the log said by then: a message or an operation has no line of its own). Pure.
 */
import type { LogEntry } from "../../engine/views";
import type { SelectedEvent } from "../selection";

/** `shown` newest first, as the log lists it; returns the seq of the line, or null. */
export function logLineFor(shown: readonly LogEntry[], sel: SelectedEvent | null): number | null {
  if (!sel) return null;
  if (sel.logSeq !== null) return shown.some((e) => e.seq === sel.logSeq) ? sel.logSeq : null;
  for (const e of shown) if (e.atUs <= sel.atUs) return e.seq;
  return null;
}
