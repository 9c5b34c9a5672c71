/*
 * The words beside Step: which event it just ran, what that did and why, in one line. A polite
 * live region, so a screen reader announces each step; empty (and silent) once the run moves on.
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
    <p className="rl-step-said" role="status" aria-live="polite" data-testid="step-said" title={shown?.text}>
      {shown && <><span className="rl-step-said__time rl-num">{formatClockUs(shown.atUs)}</span> Step ran: {shown.text}</>}
    </p>
  );
}
