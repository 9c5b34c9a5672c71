/*
 * The event the page has selected, shared by the views that can point at one: the space-time
 * diagram, the event log and the timeline cursor. A view that selects writes here; the others
 * follow (scroll to it, move their cursor to `atUs`). Small on purpose: a moment and what it is.
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export interface SelectedEvent {
  /** virtual time of the event, µs */
  atUs: number;
  /** a client operation's id (the history's op), when the event is one */
  op: number | null;
  /** an event-log entry's seq, when the event is one */
  logSeq: number | null;
  /** the view that selected it (the others follow it) */
  source: "diagram" | "log" | "timeline";
}

export const selectionStore = createStore<{ selected: SelectedEvent | null }>(() => ({ selected: null }));

export function selectEvent(e: SelectedEvent | null): void {
  selectionStore.setState({ selected: e });
}

export function useSelectedEvent(): SelectedEvent | null {
  return useStore(selectionStore, (s) => s.selected);
}
