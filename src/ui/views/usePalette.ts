/* The palette as React state, for layouts that depend on the text size (cards grow with it). */
import { useSyncExternalStore } from "react";
import { onPaletteChange, palette } from "./palette";

export function useFontSizePx(): number {
  return useSyncExternalStore(onPaletteChange, () => palette().fontSizePx, () => 16);
}

/** Presenter mode (html.presenter, set by the lessons bar): the picture's words grow to 18 px at least. */
export function usePresenter(): boolean {
  return useSyncExternalStore(onPaletteChange, () => palette().presenter, () => false);
}
