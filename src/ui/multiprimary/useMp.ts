/* The snapshot's multi-primary part, for the page's multi-primary panels (null in a run with one primary). */
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { useLab } from "../store";
import { useThrottledLab } from "../views/hooks";

/** Whether the run on screen is a multi-primary one: the page then shows its own panels, not the physical ones. */
export function useIsMultiPrimary(): boolean {
  return useLab((s) => s.snapshot?.multiPrimary !== undefined);
}

/** The multi-primary view, refreshed at most four times a second (its rows and conflicts move with every write). */
export function useMpView(): MultiPrimaryView | null {
  return useThrottledLab((s) => s.snapshot?.multiPrimary ?? null, 250);
}
