/*
 * Settings of the views themselves (not of the simulation), shared by the panels that use
 * them: the replay-lag alert threshold is drawn in the lag chart and applied in the table; the
 * database whose words the page speaks (chosen first in the Commit mode panel).
 */
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { DEFAULT_THRESHOLDS } from "./alerts";
import { useLab } from "../store";

/** The database the page speaks for: its commit modes, its views (pg_stat_replication or SHOW REPLICA STATUS), its words. */
export type DatabaseSystem = "postgres" | "mysql";

export interface ViewSettings {
  lagThresholdMs: number;
  setLagThresholdMs: (ms: number) => void;
  system: DatabaseSystem;
  setSystem: (system: DatabaseSystem) => void;
}

export const viewSettings = createStore<ViewSettings>((set) => ({
  lagThresholdMs: DEFAULT_THRESHOLDS.replayLagUs / 1000,
  setLagThresholdMs: (ms) => set({ lagThresholdMs: Math.max(1, ms) }),
  system: "postgres",
  setSystem: (system) => set({ system }),
}));

/**
 * The system in force: MySQL/MariaDB whenever semi-sync is (a scenario or a lesson may start in
 * it), PostgreSQL whenever settings only it has are (sync, custom synchronous_commit), else the
 * one chosen. Asynchronous replication is the same in both (a commit waits for the primary's own
 * disk only), so choosing a database then does not change the run, only its words.
 */
export function systemOf(commit: { mode: "postgres" | "semiSync"; preset: string | null } | undefined, chosen: DatabaseSystem): DatabaseSystem {
  if (!commit) return chosen;
  if (commit.mode === "semiSync") return "mysql";
  return commit.preset === "async" ? chosen : "postgres";
}

export function useSystem(): DatabaseSystem {
  const chosen = useStore(viewSettings, (s) => s.system);
  const mode = useLab((s) => s.snapshot?.commit.mode);
  const preset = useLab((s) => s.snapshot?.commit.preset ?? null);
  return systemOf(mode ? { mode, preset } : undefined, chosen);
}

export function useViewSettings<T>(select: (s: ViewSettings) => T): T {
  return useStore(viewSettings, select);
}
