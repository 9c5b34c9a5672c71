/* The palette as React state, for layouts that depend on the text size (cards grow with it). */
import { useSyncExternalStore } from "react";
import { onPaletteChange, palette } from "./palette";

export function useFontSizePx(): number {
  return useSyncExternalStore(onPaletteChange, () => palette().fontSizePx, () => 16);
}
