/*
 * Entry: applies the theme and text size to <html>, installs the read-only test hook, starts
 * the worker (with the scenario in the address's ?scenario=, if any) and renders the page.
 */
import "../zodConfig";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles.css";
import { App } from "./App";
import { labStore, type LabState } from "./store";
import { currentScenarioJson, debugThrow, readAddressLimits, startFromAddress } from "./controls/lab";
import { openLinkAtStart, startAddressSync } from "./timeline/linkAddress";
import { startHiddenPause } from "./timeline/hiddenPause";
import { seeksAnswered } from "./timeline/seek";
import { timelineStore, type TimelineState } from "./timeline/timelineStore";

const PREFS_KEY = "replication-lab:display";

function applyDisplay(state: Pick<LabState, "theme" | "largeText">): void {
  const root = document.documentElement;
  root.dataset.theme = state.theme;
  root.classList.toggle("large-text", state.largeText);
}

function restoreDisplay(): void {
  try {
    const saved = JSON.parse(localStorage.getItem(PREFS_KEY) ?? "null") as Partial<LabState> | null;
    if (saved?.theme === "light" || saved?.theme === "dark") labStore.setState({ theme: saved.theme });
    if (typeof saved?.largeText === "boolean") labStore.setState({ largeText: saved.largeText });
  } catch {
    // Unreadable preferences: keep the defaults.
  }
  applyDisplay(labStore.getState());
  labStore.subscribe((s, prev) => {
    if (s.theme === prev.theme && s.largeText === prev.largeText) return;
    applyDisplay(s);
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify({ theme: s.theme, largeText: s.largeText }));
    } catch {
      // Storage may be unavailable (private mode): the choice lasts for this page only.
    }
  });
}

/** For browser tests: read the state, never change it (apart from the deliberate failure hook). */
declare global {
  interface Window {
    __lab?: {
      state: () => LabState;
      snapshot: () => LabState["snapshot"];
      scenarioJson: () => string | null;
      crashWorker: () => void;
      timeline: () => TimelineState;
      seeksAnswered: () => number;
    };
  }
}

window.__lab = {
  state: () => labStore.getState(),
  snapshot: () => labStore.getState().snapshot,
  scenarioJson: currentScenarioJson,
  crashWorker: debugThrow,
  timeline: () => timelineStore.getState(),
  seeksAnswered,
};

restoreDisplay();
// A link to a moment (#moment=…) opens that moment; else ?scenario= or the built-in scenario.
// ?historyLimit= holds for either.
readAddressLimits(window.location.search);
void openLinkAtStart().then((opened) => {
  if (!opened) startFromAddress(window.location.search);
  startAddressSync();
});
startHiddenPause();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
