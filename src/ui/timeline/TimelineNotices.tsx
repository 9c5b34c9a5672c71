/*
 * What the timeline says where notices go: the view is in the past (the run is paused; a command
 * starts a new branch), a link was opened (and what of it could not be restored), a link pasted
 * into the address waits for a yes, and the run paused because the tab was hidden.
 */
import { sendTravel } from "../controls/lab";
import { useTimeline, timelineStore } from "./timelineStore";
import { useTravelView } from "./useTravelView";
import { answerPendingLink } from "./linkAddress";
import { secondsText } from "./commandText";

export function PastNotice() {
  const view = useTravelView();
  if (!view?.past) return null;
  return (
    <div className="banner past-notice" role="status" data-testid="past-notice">
      <p>
        <b>Viewing the past at {secondsText(view.atUs)}</b> — the run is paused; a command here starts a new branch.
        {" "}The run had got to {secondsText(view.endUs)}.
      </p>
      <button type="button" onClick={() => sendTravel({ type: "live" })}>Back to live</button>
    </div>
  );
}

export function LinkNotices() {
  const notice = useTimeline((s) => s.linkNotice);
  const pending = useTimeline((s) => s.pendingLink);
  return (
    <>
      {pending && (
        <div className="banner warn" role="alertdialog" aria-labelledby="pending-link-title" aria-describedby="pending-link-text">
          <h2 id="pending-link-title">Open the link in the address?</h2>
          <p id="pending-link-text" className="small">
            It holds {pending.summary}. Opening it replaces the run on screen; copy a link to your run first if you want to come
            back to it.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void answerPendingLink(true)}>Open the link</button>
            <button type="button" onClick={() => void answerPendingLink(false)}>Keep my run</button>
          </div>
        </div>
      )}
      {notice && (
        <div className={`banner${notice.kind === "error" ? "" : notice.kind === "warn" ? " warn" : " ok"}`}
          role={notice.kind === "error" ? "alert" : "status"} data-testid="link-notice">
          <h2>{notice.title}</h2>
          {notice.lines.length > 0 && <ul className="small">{notice.lines.map((line, i) => <li key={i}>{line}</li>)}</ul>}
          <button type="button" onClick={() => timelineStore.setState({ linkNotice: null })}>Dismiss</button>
        </div>
      )}
    </>
  );
}
