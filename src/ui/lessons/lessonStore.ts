/*
 * What the lesson panel, the welcome and the catalogue show: which one is open, the lesson being
 * played and its step, the marks its run recorded, presenter mode, progress. Written by the driver
 * (driver.ts), read by the components.
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import type { Lesson } from "../../lessons/schema";
import type { StepState } from "../../lessons/machine";
import type { MarkValue } from "../../lessons/template";
import { readProgress, type Progress } from "./progress";

export type Overlay = "none" | "welcome" | "catalogue" | "gallery";

export interface LessonUiState {
  overlay: Overlay;
  lesson: Lesson | null;
  step: StepState | null;
  marks: ReadonlyMap<string, MarkValue>;
  /** rebuilding the run for Back, or fast-forwarding to a linked step */
  busy: string | null;
  finished: boolean;
  presenter: boolean;
  progress: Progress;
  /** the example loaded from the gallery, whose "what to look for" is shown beside the picture */
  story: { file: string; title: string; lookFor: string[] } | null;
}

export const lessonStore = createStore<LessonUiState>(() => ({
  overlay: "none",
  lesson: null,
  step: null,
  marks: new Map(),
  busy: null,
  finished: false,
  presenter: false,
  progress: readProgress(),
  story: null,
}));

export function useLessons<T>(selector: (s: LessonUiState) => T): T {
  return useStore(lessonStore, selector);
}
