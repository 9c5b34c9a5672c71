/*
 * The page's side of the space-time diagram: the book of the run's trace (deltas from the worker,
 * added up outside React: it changes every frame) and a small store of what the person chose —
 * the diagram open, keepalives shown, a key or a session followed, the finding explained.
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { TraceBook } from "../../spacetime/book";
import type { TracePost } from "../../worker/traceFeed";
import type { Follow } from "../../spacetime/highlight";
import { selectionStore, type SelectedEvent } from "../selection";
import { spanBox, type Drawn } from "./figure";
import { canvasPainted } from "./canvasDraw";

export type { Follow };

export interface SpacetimeState {
  open: boolean;
  showKeepalives: boolean;
  follow: Follow;
  /** the book's version at its last change (re-renders the lists beside the figure) */
  version: number;
}

export const spacetimeStore = createStore<SpacetimeState>(() => ({ open: false, showKeepalives: false, follow: null, version: 0 }));

export function useSpacetime<T>(selector: (s: SpacetimeState) => T): T {
  return useStore(spacetimeStore, selector);
}

let book = new TraceBook();

/** messages in the window, line segments drawn for them (level of detail), operations, what drawing cost */
export interface FrameStats { messages: number; segments: number; spans: number; drawMs: number; frames: number;
  /** the arrows and bars went to the canvas (a live frame), not the SVG */
  canvas: boolean; }
/** the figure's last frame (the benchmark reads it through window.__spacetime) */
export const frameStats: FrameStats = { messages: 0, segments: 0, spans: 0, drawMs: 0, frames: 0, canvas: false };

let drawn: Drawn | null = null;
/** What the open diagram drew last (its clicks and the test hook find bars by it). */
export function lastDrawn(): Drawn | null {
  return drawn;
}
export function setLastDrawn(d: Drawn | null): void {
  drawn = d;
}

/** The current book (a reset replaces it). */
export function traceBook(): TraceBook {
  return book;
}

/** A snapshot's trace: a reset starts a new book. */
export function onTrace(post: TracePost): void {
  if (post.reset) book = new TraceBook();
  book.add(post.delta);
  spacetimeStore.setState({ version: book.version + (post.reset ? 1e9 : 0) });
}

/** A new run: the old book is of another run. */
export function forgetTrace(): void {
  book = new TraceBook();
  spacetimeStore.setState({ version: 0 });
}

declare global {
  interface Window {
    /** read-only test hook: the page's selection and the diagram's findings */
    __spacetime?: { selected: () => SelectedEvent | null; staleReads: () => (number | null)[];
      /** messages and operations the last frame drew, and what drawing it cost (ms) */
      lastFrame: () => FrameStats;
      /** where an operation's bar is in the figure (its pixels), null when not on screen */
      spanBox: (op: number) => { x: number; y: number; w: number; h: number } | null;
      /** the middle of the first arrow drawn whose label starts with `label` (figure pixels), null when none is on screen */
      arrowMiddle: (label: string) => { x: number; y: number } | null;
      /** the live figure's canvas holds more than one colour (read from its bitmap, which the page cannot read through the element once transferred to an OffscreenCanvas) */
      canvasPainted: () => boolean };
  }
}

if (typeof window !== "undefined") {
  window.__spacetime = {
    selected: () => selectionStore.getState().selected,
    staleReads: () => book.anomalies.filter((a) => a.kind === "stale-read").map((a) => a.read),
    lastFrame: () => ({ ...frameStats }),
    spanBox: (op) => (drawn ? spanBox(drawn, op) : null),
    canvasPainted: () => {
      const c = document.querySelector<HTMLCanvasElement>(".spacetime-canvas");
      return c !== null && canvasPainted(c);
    },
    arrowMiddle: (label) => {
      const d = drawn;
      const a = d?.diagram.arrows.find((x) => x.label.startsWith(label));
      return d && a ? { x: (d.x(a.sentUs) + d.x(a.arriveUs)) / 2, y: (d.lanes.y[a.from]! + d.lanes.y[a.to]!) / 2 } : null;
    },
  };
}
