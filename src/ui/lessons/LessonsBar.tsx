/*
 * Always on the page: the Lessons button, Examples, presenter mode and its keyboard shortcuts.
 * On the first open it shows the welcome, or opens the lesson a link names (?lesson=…&step=…).
 */
import { useCallback, useEffect, useState } from "react";
import "./lessons.css";
import { labStore, useLab } from "../store";
import { SCENARIO_PARAM, sendCommand, setPaused, stepOnce } from "../controls/lab";
import { openOverlay } from "../welcome/Welcome";
import { Overlay } from "../welcome/Overlay";
import { LESSON_PARAM, readLessonAddress } from "./address";
import { catalog, lessonIn } from "./catalog";
import { back, next, startLesson } from "./driver";
import { lessonStore, useLessons } from "./lessonStore";

export function LessonsBar() {
  const presenter = useLessons((s) => s.presenter);
  const [help, setHelp] = useState(false);
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  useEffect(() => { openFromAddress(window.location.search, setLinkProblem); }, []);
  const showHelp = useCallback(() => setHelp(true), []);
  usePresenter(presenter, showHelp);
  return (
    <div className="row lessons-bar" role="group" aria-label="Lessons">
      <button type="button" className="primary" onClick={() => openOverlay("catalogue")}>Lessons</button>
      <button type="button" onClick={() => openOverlay("gallery")}>Examples</button>
      <button type="button" aria-pressed={presenter} onClick={() => togglePresenter(!presenter)}
        title="Large text for a projector, and keyboard shortcuts (? lists them)">Presenter</button>
      {presenter && <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>}
      {linkProblem && <span className="error-text small" role="alert">{linkProblem}</span>}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

/** A link to a lesson (?lesson=…&step=…) opens it; a first visit without one opens on the welcome
 *  (not a shared run, ?scenario=, which opens on that run). */
function openFromAddress(search: string, problem: (text: string) => void): void {
  const params = new URLSearchParams(search);
  if (params.has(LESSON_PARAM)) {
    catalog.load().then((c) => {
      const address = readLessonAddress(search, (n) => lessonIn(c, n)?.steps.length ?? null);
      if (address && "name" in address) startLesson(lessonIn(c, address.name)!, address.index);
      else if (address) problem(address.problem);
    }, () => problem("The lessons could not be loaded."));
  } else if (!lessonStore.getState().progress.welcomed && !params.has(SCENARIO_PARAM)) openOverlay("welcome");
}

function togglePresenter(on: boolean): void {
  lessonStore.setState({ presenter: on });
  labStore.setState({ largeText: on });
}

export const SHORTCUTS: [string, string][] = [
  ["Space", "pause or resume the run"],
  ["→", "next lesson step (without a lesson: run one event)"],
  ["←", "previous lesson step"],
  ["W", "write x on the primary"],
  ["R", "read x from the first replica"],
  ["?", "this list"],
];

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Overlay title="Keyboard shortcuts (presenter mode)" onClose={onClose}>
      <dl className="shortcuts">{SHORTCUTS.map(([k, what]) => <div key={k}><dt><kbd>{k}</kbd></dt><dd>{what}</dd></div>)}</dl>
    </Overlay>
  );
}

let writeCount = 0;

/** Presenter mode: html.presenter for the styles, and the shortcuts (never while typing in a field). */
function usePresenter(on: boolean, showHelp: () => void): void {
  const running = useLab((s) => s.status === "running");
  useEffect(() => {
    document.documentElement.classList.toggle("presenter", on);
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, select, textarea, button, a, summary, [role='dialog']")) return;
      const lesson = lessonStore.getState().lesson;
      const lab = labStore.getState();
      switch (e.key) {
        case " ": setPaused(!lab.paused); break;
        case "ArrowRight": if (lesson) next(); else if (running) stepOnce(); break;
        case "ArrowLeft": if (lesson) back(); break;
        case "w": case "W": sendCommand({ op: "write", session: "presenter", key: "x", value: String(++writeCount) }); break;
        case "r": case "R": {
          const replica = lab.snapshot?.nodes.find((n) => n.role === "replica" && n.state === "up");
          sendCommand(replica ? { op: "read", session: "presenter", key: "x", node: replica.name } : { op: "read", session: "presenter", key: "x" });
          break;
        }
        case "?": showHelp(); break;
        default: return;
      }
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [on, running, showHelp]);
}
