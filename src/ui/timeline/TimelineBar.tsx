/*
 * The Timeline bar, under the run controls: Step back, the Timeline slider over the run so far,
 * Back to live, the Branches panel's button and Copy link. It talks to the worker only through
 * the protocol's time-travel messages (controls/lab.ts sendTravel, seek.ts).
 */
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { labStore, useLab } from "../store";
import { sendTravel } from "../controls/lab";
import { seekTo } from "./seek";
import { timelineStore, useTimeline } from "./timelineStore";
import { currentTravelView, useTravelView, type TravelView } from "./useTravelView";
import { currentLink } from "./linkAddress";
import { secondsText } from "./commandText";
import { BranchesPanel } from "./BranchesPanel";
import { eventsAt } from "./feed";
import { useSelectedEvent } from "../selection";

export function TimelineBar() {
  const view = useTravelView();
  const running = useLab((s) => s.status === "running");
  const branches = useTimeline((s) => s.tree?.branches.length ?? 1);
  const branchName = useTimeline((s) => s.tree?.branches.find((b) => b.id === (s.travel?.branch ?? s.tree?.current))?.name ?? null);
  const open = useTimeline((s) => s.branchesOpen);
  const panelId = useId();
  const ready = running && view !== null;
  return (
    <div className="timeline-bar" role="group" aria-label="Timeline">
      <div className="timeline-row">
        <button type="button" disabled={!ready || view.atEvents <= view.earliestEvents} onClick={() => sendTravel({ type: "step-back" })}
          title={view && view.earliestEvents > 0 && view.atEvents <= view.earliestEvents
            ? "Older moments of this long run are no longer kept" : "Show the moment one event earlier (the run pauses)"}>Step back</button>
        <TimelineSlider view={view} disabled={!ready} />
        <button type="button" className={view?.past ? "primary" : undefined} disabled={!ready || !view.past}
          onClick={() => sendTravel({ type: "live" })} title="Leave the past: show where the run has got to">Back to live</button>
        <button type="button" aria-expanded={open} aria-controls={panelId}
          onClick={() => timelineStore.setState({ branchesOpen: !open })}>Branches ({branches})</button>
        {branches > 1 && branchName !== null && <span className="small timeline-branch">on <b>{branchName}</b></span>}
        <GoToSelected disabled={!ready} />
        <CopyLink disabled={!ready} />
      </div>
      {open && <BranchesPanel id={panelId} />}
    </div>
  );
}

/** How many events a keyboard step moves: one event, one frame's worth, or a twentieth of the run. */
function keyStep(e: KeyboardEvent, view: TravelView): number | "home" | "end" | null {
  const perUs = view.endUs > 0 ? view.endEvents / view.endUs : 0;
  // A frame at the chosen speed: 1/60 s of wall time is speed/60 s of virtual time.
  const frame = Math.max(1, Math.round((perUs * 1e6 * labStore.getState().speed) / 60));
  const page = Math.max(frame, Math.round((view.endEvents - view.earliestEvents) / 20));
  switch (e.key) {
    case "ArrowLeft": case "ArrowDown": return -(e.shiftKey ? frame : 1);
    case "ArrowRight": case "ArrowUp": return e.shiftKey ? frame : 1;
    case "PageDown": return -page;
    case "PageUp": return page;
    case "Home": return "home";
    case "End": return "end";
    default: return null;
  }
}

function TimelineSlider({ view, disabled }: { view: TravelView | null; disabled: boolean }) {
  const id = useId();
  const min = view?.earliestEvents ?? 0;
  const max = Math.max(min + 1, view?.endEvents ?? 1);
  const value = view ? (view.seekTarget ?? view.atEvents) : 0;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Where the view is now: the bar is redrawn only four times a second while the run plays.
    const now = currentTravelView();
    if (!now) return;
    const step = keyStep(e, now);
    if (step === null) return;
    e.preventDefault();
    if (step === "end") return sendTravel({ type: "live" });
    const from = now.seekTarget ?? now.atEvents;
    seekTo(step === "home" ? now.earliestEvents : Math.min(now.endEvents, Math.max(now.earliestEvents, from + step)));
  };
  const valueText = !view ? "no run yet"
    : view.seekTarget !== null && view.seekTarget !== view.atEvents ? `going to event ${view.seekTarget.toLocaleString("en")} of ${view.endEvents.toLocaleString("en")}`
    : `t = ${secondsText(view.atUs)}, event ${view.atEvents.toLocaleString("en")} of ${view.endEvents.toLocaleString("en")}${view.past ? "" : " (live)"}`;
  return (
    <div className="timeline-slider">
      <label htmlFor={id} className="muted small">Timeline</label>
      <span className="timeline-end mono small" aria-hidden="true"
        title={min > 0 ? "Older moments of this long run are no longer kept: the timeline starts here" : undefined}>
        {view && min > 0 ? `from ${secondsText(view.earliestUs)}` : "0 s"}</span>
      <span className="timeline-track">
        <input id={id} type="range" min={min} max={max} step={1} value={Math.min(value, max)} disabled={disabled}
          aria-valuetext={valueText} onKeyDown={onKeyDown}
          onChange={(e) => seekTo(Math.max(min, Number(e.currentTarget.value)))} />
        <SelectedMark min={min} max={max} />
      </span>
      <span className="timeline-end mono small" aria-hidden="true">{view ? secondsText(view.endUs) : "0 s"}</span>
      <span className={`timeline-where small${view?.past ? " past" : ""}`} aria-hidden="true">
        {view ? (view.past ? `viewing ${secondsText(view.atUs)}` : "live") : ""}
      </span>
    </div>
  );
}

/** Where the event selected in the diagram or the event log is on the slider (its events), or null. */
function useSelectedEvents(): { events: number; atUs: number } | null {
  const sel = useSelectedEvent();
  if (!sel) return null;
  const events = eventsAt(sel.atUs);
  return events === null ? null : { events, atUs: sel.atUs };
}

/** The selected moment's mark on the slider (the button beside it says the same to a screen reader). */
function SelectedMark({ min, max }: { min: number; max: number }) {
  const at = useSelectedEvents();
  if (!at || at.events < min || at.events > max) return null;
  const f = (at.events - min) / Math.max(1, max - min);
  // the thumb's centre runs from half a thumb in to half a thumb from the end (16 px thumbs)
  return <span className="timeline-mark" aria-hidden="true" data-events={at.events} style={{ left: `calc(${f} * (100% - 16px) + 8px)` }}
    title={`Selected: t = ${secondsText(at.atUs)}`} />;
}

/** Moves the Timeline to the selected event's moment (the run pauses there, as any seek). */
function GoToSelected({ disabled }: { disabled: boolean }) {
  const at = useSelectedEvents();
  if (!at) return null;
  return (
    <button type="button" disabled={disabled} onClick={() => seekTo(at.events)}
      title="Show the moment of the event selected in the diagram or the event log (the run pauses)">
      Go to selected (t = {secondsText(at.atUs)})
    </button>
  );
}

const FEEDBACK_MS = 4000;

function CopyLink({ disabled }: { disabled: boolean }) {
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [said]);
  const onCopy = async () => {
    const link = await currentLink();
    if (!link.ok) return setSaid({ text: `No link: ${link.message}`, bad: true });
    const url = `${location.origin}${location.pathname}${location.search}#${link.fragment}`;
    try {
      await navigator.clipboard.writeText(url);
      setSaid({ text: "Link copied: it opens this moment", bad: false });
    } catch {
      setSaid({ text: "The clipboard is not available: copy the address from the browser's bar (it holds the same link)", bad: true });
    }
  };
  return (
    <span className="row small">
      <button type="button" disabled={disabled} onClick={() => void onCopy()}>Copy link</button>
      <span role="status" className={said?.bad ? "warn-text" : "muted"}>{said?.text ?? ""}</span>
    </span>
  );
}
