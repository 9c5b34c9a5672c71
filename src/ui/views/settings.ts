/*
 * Settings of the views themselves (not of the simulation), shared by the panels that use
 * them: the replay-lag alert threshold is drawn in the lag chart and applied in the table.
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { DEFAULT_THRESHOLDS } from "./alerts";

export interface ViewSettings {
  lagThresholdMs: number;
  setLagThresholdMs: (ms: number) => void;
}

export const viewSettings = createStore<ViewSettings>((set) => ({
  lagThresholdMs: DEFAULT_THRESHOLDS.replayLagUs / 1000,
  setLagThresholdMs: (ms) => set({ lagThresholdMs: Math.max(1, ms) }),
}));

export function useViewSettings<T>(select: (s: ViewSettings) => T): T {
  return useStore(viewSettings, select);
}
