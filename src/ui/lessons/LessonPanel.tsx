/*
 * The lesson panel: the current step (what to read, what to do, the question and its answer from
 * the run), Back / Next (Next disabled while the step waits), and at the end the seed's table
 * filled in with the run's numbers. It highlights what the step points at.
 */
import { useEffect, useRef } from "react";
import { describe } from "../../lessons/conditions";
import type { Lesson, Step } from "../../lessons/schema";
import { fill } from "../../lessons/template";
import type { StepState } from "../../lessons/machine";
import { back, choose, closeLesson, next, restartLesson, showMe, startLesson } from "./driver";
import { loadedLessons } from "./catalog";
import { findControl, findPart, highlight } from "./highlight";
import { useLessons } from "./lessonStore";
import { lessonLink } from "./address";

export function LessonPanel() {
  const lesson = useLessons((s) => s.lesson);
  const step = useLessons((s) => s.step);
  const busy = useLessons((s) => s.busy);
  const finished = useLessons((s) => s.finished);
  if (!lesson) return null;
  return (
    <aside className="lesson-panel" aria-labelledby="lesson-title">
      <div className="lesson-head">
        <h2 id="lesson-title">{lesson.title}</h2>
        <button type="button" className="lesson-close" onClick={closeLesson} aria-label="Close the lesson">×</button>
      </div>
      {busy && <p className="lesson-busy" role="status">{busy}</p>}
      {!busy && step && !finished && <StepView lesson={lesson} state={step} />}
      {!busy && finished && <Summary lesson={lesson} />}
      <Footer lesson={lesson} state={step} finished={finished} busy={busy !== null} />
    </aside>
  );
}

function StepView({ lesson, state }: { lesson: Lesson; state: StepState }) {
  const step = lesson.steps[state.index]!;
  const marks = useLessons((s) => s.marks);
  useHighlight(step, state);
  const t = (text: string) => fill(text, marks);
  return (
    <div className="lesson-step" aria-live="polite">
      <p className="lesson-count">Step {state.index + 1} of {lesson.steps.length} · {kindName(step.kind)}</p>
      <h3>{t(step.title)}</h3>
      {step.kind === "narration" && <p>{t(step.text)}</p>}
      {step.kind === "do" && (
        <>
          <p>{t(step.text)}</p>
          <p className="lesson-instruction">{step.how} <strong className="lesson-control">{step.control.split(" › ").pop()}</strong>
            {step.control.includes(" › ") && <span className="muted"> (in {step.control.split(" › ").slice(0, -1).join(" › ")})</span>}</p>
          <StatusLine state={state} waitingText="Waiting for you…" />
          {state.status === "waiting" && <button type="button" onClick={showMe}>Do it for me</button>}
          {state.status === "done" && step.result && <p className="lesson-result">{t(step.result)}</p>}
        </>
      )}
      {step.kind === "observe" && (
        <>
          <p>{t(step.text)}</p>
          <StatusLine state={state} waitingText="Watching the run…" />
          {state.status === "done" && step.result && <p className="lesson-result">{t(step.result)}</p>}
          {state.status === "timed-out" && <p className="warn-text">The run did not reach this within {step.withinMs} ms ({describe(step.until)}).</p>}
        </>
      )}
      {step.kind === "predict" && <Predict step={step} state={state} t={t} />}
      {step.kind === "your-turn" && (
        <>
          <p className="lesson-goal"><strong>Your turn:</strong> {t(step.goal)}</p>
          {state.status === "waiting" && (
            <details><summary>Hint</summary><p>{t(step.hint)}</p><button type="button" onClick={showMe}>Show me</button></details>
          )}
          <StatusLine state={state} waitingText="The run goes on; the lesson watches for your goal…" />
          {state.status === "done" && step.result && <p className="lesson-result">{t(step.result)}</p>}
        </>
      )}
    </div>
  );
}

function Predict({ step, state, t }: { step: Extract<Step, { kind: "predict" }>; state: StepState; t: (s: string) => string }) {
  const settled = state.status === "done" || state.status === "timed-out";
  const answer = useRef<HTMLDivElement>(null);
  // The run's answer comes under the choices: on a projector it was below the panel's fold.
  useEffect(() => {
    if (settled) answer.current?.scrollIntoView({ block: "nearest" });
  }, [settled]);
  return (
    <>
      <p>{t(step.question)}</p>
      <div className="lesson-choices" role="group" aria-label="Your prediction">
        {step.choices.map((c, i) => (
          <button key={i} type="button" disabled={state.status !== "waiting"} aria-pressed={state.chosen === i}
            className={settled && state.outcome === i ? "lesson-choice right" : "lesson-choice"} onClick={() => choose(i)}>
            {c.text}
          </button>
        ))}
      </div>
      {state.status === "running" && <p className="muted" role="status">The run is answering…</p>}
      {settled && (
        <div className="lesson-answer" role="status" ref={answer}>
          <p><strong>{state.outcome === null ? "The run did not settle it." : state.outcome === state.chosen ? "Right." : "Not quite."}</strong>
            {state.outcome !== null && <> The run says: {step.choices[state.outcome]!.text}.</>}</p>
          <p>{t(step.why)}</p>
        </div>
      )}
    </>
  );
}

function StatusLine({ state, waitingText }: { state: StepState; waitingText: string }) {
  if (state.status === "done") return <p className="lesson-done" role="status">✓ Done</p>;
  if (state.status === "timed-out") return null;
  return <p className="muted" role="status">{waitingText}</p>;
}

function Summary({ lesson }: { lesson: Lesson }) {
  const marks = useLessons((s) => s.marks);
  const s = lesson.summary;
  return (
    <div className="lesson-summary">
      <p className="lesson-count">Summary · {s.table}</p>
      <h3>{s.title}</h3>
      {/* drawn as one card per row (lessons.css); the roles keep it a table for a screen reader */}
      <table role="table">
        <thead role="rowgroup"><tr role="row">{s.columns.map((c) => <th key={c} scope="col" role="columnheader">{c}</th>)}</tr></thead>
        <tbody role="rowgroup">{s.rows.map((row, r) => (
          <tr key={r} role="row">{row.map((cell, i) => i === 0
            ? <th key={i} scope="row" role="rowheader">{fill(cell, marks)}</th>
            : <td key={i} role="cell" data-label={s.columns[i]}>{fill(cell, marks)}</td>)}</tr>
        ))}</tbody>
      </table>
      {s.note && <p>{s.note}</p>}
      <NextLesson current={lesson} />
    </div>
  );
}

/** The way on once a lesson is done: the next one in the catalogue. */
function NextLesson({ current }: { current: Lesson }) {
  const lessons = loadedLessons();
  const i = lessons.findIndex((l) => l.name === current.name);
  const following = i >= 0 ? lessons[i + 1] : undefined;
  if (!following) return null;
  return (
    <p><button type="button" className="primary" onClick={() => startLesson(following)}>Next lesson: {following.title}</button></p>
  );
}

function Footer({ lesson, state, finished, busy }: { lesson: Lesson; state: StepState | null; finished: boolean; busy: boolean }) {
  const nextRef = useRef<HTMLButtonElement>(null);
  const ready = state !== null && (state.status === "done" || state.status === "timed-out");
  // When a step is done, Next takes the focus: a keyboard user goes on with Enter.
  useEffect(() => {
    if (ready && !finished) nextRef.current?.focus({ preventScroll: true });
  }, [ready, finished, state?.index]);
  const canBack = state !== null && (state.index > 0 || finished);
  return (
    <div className="lesson-footer">
      <button type="button" onClick={back} disabled={busy || !canBack}>Back</button>
      {!finished && (
        <button ref={nextRef} type="button" className="primary" onClick={next} disabled={busy || !ready}
          title={ready ? undefined : "This step waits for you (or for the run)"}>
          {state && state.index === lesson.steps.length - 1 ? "Finish" : "Next"}
        </button>
      )}
      <span className="spacer" />
      <button type="button" onClick={restartLesson} disabled={busy}>Restart</button>
      {state && <a className="lesson-link small" href={lessonLink(lesson.name, state.index)}>Link to this step</a>}
    </div>
  );
}

function kindName(kind: Step["kind"]): string {
  return { narration: "read", do: "do this", predict: "predict", observe: "watch", "your-turn": "your turn" }[kind];
}

function useHighlight(step: Step, state: StepState): void {
  // Bring what the step points at into view once, when the step opens.
  useEffect(() => {
    const el = step.points ? findPart(step.points) : null;
    // inline "start": a table wider than its scroller (pg_stat_replication in presenter mode) keeps
    // its first column, the replica's name, in view rather than being scrolled to its far end.
    el?.scrollIntoView({ block: "nearest", inline: "start", behavior: "smooth" });
  }, [step]);
  useEffect(() => {
    let undo = () => {};
    // Panels render after snapshots arrive: look again shortly if a control is not there yet.
    const apply = () => {
      undo();
      const targets = [step.points ? findPart(step.points) : null];
      if (step.kind === "do" && state.status === "waiting") targets.push(findControl(step.control));
      undo = highlight(targets);
    };
    apply();
    const timer = setInterval(apply, 500);
    return () => { clearInterval(timer); undo(); };
  }, [step, state.status]);
}
