/*
 * The words beside Step: which event it just ran, what that did and why, in one line. A polite
 * live region, so a screen reader announces each step; empty (and silent) once the run moves on.
 *
 * Nothing moves when it speaks, the first Step included: its slot takes no room at all and the line
 * is laid over the totals bar's first row while the run is paused (the totals return when it plays),
 * so the picture keeps its place and its whole height (1280×720 in presenter mode has none to
 * spare). A long line ends in an ellipsis rather than wrapping; the whole line shows on hover and on
 * keyboard focus, laid over the panels below (not pushing them), and in the title.
 */
import { useLab } from "../store";
import { stepSaidStore } from "./stepSaid";
import { formatClockUs } from "../views/format";
import "./step.css";

export function StepSaid() {
  const said = stepSaidStore((s) => s.said);
  const events = useLab((s) => s.events);
  const paused = useLab((s) => s.paused);
  const shown = said !== null && paused && said.events === events ? said : null;
  return (
    <div className="rl-step-said-slot" data-testid="step-said-slot">
      <p className="rl-step-said" role="status" aria-live="polite" data-testid="step-said" title={shown?.text}
        tabIndex={shown ? 0 : undefined}>
        {shown && <><span className="rl-step-said__time rl-num">{formatClockUs(shown.atUs)}</span> Step ran: {shown.text}</>}
      </p>
    </div>
  );
}
