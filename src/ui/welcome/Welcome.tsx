/*
 * The way in: a short welcome on the first visit (start the first lesson, the catalogue, an
 * example, or play freely), the lesson catalogue and the gallery of examples.
 */
import { catalog, type Catalog } from "../lessons/catalog";
import { startLesson } from "../lessons/driver";
import { lessonStore, useLessons, type Overlay as Which } from "../lessons/lessonStore";
import { stoppedAt, writeProgress } from "../lessons/progress";
import { startScenario } from "../controls/lab";
import { examples, type Example } from "./gallery";
import type { Loaded } from "../lazy/lazyData";
import { Overlay } from "./Overlay";
import { plainText, WithCode } from "../text/codeSpans";

export function openOverlay(overlay: Which): void {
  lessonStore.setState({ overlay });
}

function closeOverlay(): void {
  const { progress } = lessonStore.getState();
  if (!progress.welcomed) {
    const next = { ...progress, welcomed: true };
    writeProgress(next);
    lessonStore.setState({ progress: next });
  }
  lessonStore.setState({ overlay: "none" });
}

export function Overlays() {
  const overlay = useLessons((s) => s.overlay);
  const close = closeOverlay;
  if (overlay === "welcome") return <WelcomeDialog onClose={close} />;
  if (overlay === "catalogue") return <Catalogue onClose={close} />;
  if (overlay === "gallery") return <Gallery onClose={close} />;
  return null;
}

/** A line while lazy data loads, or the sentence saying why it could not be. */
function Pending({ what, loaded }: { what: string; loaded: Loaded<unknown> }) {
  if (loaded?.ok) return null;
  return loaded === null
    ? <p className="muted" role="status">Loading the {what}…</p>
    : <p className="error-text" role="alert">The {what} {loaded.message}. Close this and try again.</p>;
}

function WelcomeDialog({ onClose }: { onClose: () => void }) {
  const loaded = catalog.use();
  const lessons = loaded?.ok ? loaded.value.lessons : [];
  const stories = examples.use();
  const first = lessons[0];
  return (
    <Overlay title="Welcome to Replication Lab" onClose={onClose}>
      <p>A database keeps copies of itself on other machines: replicas. This lab lets you watch how a write travels to
        them, what “done” really means, and what is lost when a machine dies. Everything here is a simulation you can pause,
        replay and break on purpose.</p>
      <div className="welcome-choices">
        {first && (
          <button type="button" className="primary" onClick={() => { closeOverlay(); startLesson(first); }}>
            Start the first lesson<span className="small">{first.title} · {first.minutes} min</span>
          </button>
        )}
        <button type="button" onClick={() => openOverlay("catalogue")}>Lesson catalogue<span className="small">{loaded?.ok ? `${lessons.length} guided lessons` : "guided lessons"}</span></button>
        <button type="button" onClick={() => openOverlay("gallery")}>Open an example<span className="small">{stories?.ok ? `${stories.value.length} short stories` : "short stories"}</span></button>
        <button type="button" onClick={onClose}>Play freely<span className="small">the cluster is yours</span></button>
      </div>
      <Pending what="lessons" loaded={loaded} />
    </Overlay>
  );
}

function Catalogue({ onClose }: { onClose: () => void }) {
  const loaded = catalog.use();
  return (
    <Overlay title="Lessons" onClose={onClose} wide>
      <p className="muted">Each lesson is a few minutes: read, predict, act, and watch the simulation answer. Your progress stays in this browser.</p>
      <Pending what="lessons" loaded={loaded} />
      {loaded?.ok && <CatalogueList catalog={loaded.value} />}
    </Overlay>
  );
}

function CatalogueList({ catalog: c }: { catalog: Catalog }) {
  const progress = useLessons((s) => s.progress);
  return (
    <>
      {c.problems.length > 0 && (
        <div className="error-text" role="alert"><p>Some lesson files were refused:</p><ul>{c.problems.map((p) => <li key={p}>{p}</li>)}</ul></div>
      )}
      <ol className="catalogue">
        {c.lessons.map((l) => {
          const done = progress.done.includes(l.name);
          const at = stoppedAt(progress, l.name);
          return (
            <li key={l.name} className="catalogue-item">
              <div>
                <h3>{l.title}{done && <span className="lesson-badge" aria-label="done"> ✓ done</span>}</h3>
                <p>{l.story}</p>
                <p className="muted small">{l.minutes} min · {l.source}</p>
              </div>
              <div className="catalogue-actions">
                {at !== null && at > 0 && (
                  <button type="button" className="primary" onClick={() => { closeOverlay(); startLesson(l, at); }}>Continue at step {at + 1}</button>
                )}
                <button type="button" className={at !== null && at > 0 ? "" : "primary"} onClick={() => { closeOverlay(); startLesson(l); }}
                  aria-label={`${done || at !== null ? "Restart" : "Start"}: ${l.title}`}>
                  {done || at !== null ? "Restart" : "Start"}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function openExample(ex: Example): void {
  closeOverlay();
  lessonStore.setState({ story: { file: ex.file, title: ex.title, lookFor: ex.lookFor } });
  startScenario(ex.scenario, { speed: 1, paused: false });
}

function Gallery({ onClose }: { onClose: () => void }) {
  const loaded = examples.use();
  return (
    <Overlay title="Examples" onClose={onClose} wide>
      <p className="muted">Each example is a scenario with a story: open one and watch it play.</p>
      <Pending what="examples" loaded={loaded} />
      <ul className="gallery">
        {(loaded?.ok ? loaded.value : []).map((ex) => (
          <li key={ex.file} className="gallery-item">
            <h3><WithCode text={ex.title} /></h3>
            <p><WithCode text={ex.story} /></p>
            {ex.lookFor.length > 0 && <p className="small"><strong>Look for:</strong> <WithCode text={ex.lookFor[0]!} /></p>}
            <button type="button" onClick={() => openExample(ex)} aria-label={`Open: ${plainText(ex.title)}`}>Open</button>
          </li>
        ))}
      </ul>
    </Overlay>
  );
}

/** A loaded example's "what to look for", beside the picture. */
export function StoryNote() {
  const story = useLessons((s) => s.story);
  const lesson = useLessons((s) => s.lesson);
  if (!story || lesson) return null;
  return (
    <section className="story-note panel" aria-labelledby="story-note-title">
      <div className="row">
        <h2 id="story-note-title"><WithCode text={story.title} /></h2>
        <span className="spacer" />
        <button type="button" onClick={() => lessonStore.setState({ story: null })} aria-label="Hide what to look for">×</button>
      </div>
      <p className="small muted">What to look for ({story.file}; the run is on the page, the figures also with npm run sim):</p>
      <ul className="small">{story.lookFor.map((item) => <li key={item}><WithCode text={item} /></li>)}</ul>
    </section>
  );
}
