/*
 * Shows the run just copied as a scenario file: to read before sharing, or to copy by hand when
 * the clipboard is not allowed. A native <dialog>: it traps focus and closes on Escape.
 */
import { useEffect, useRef } from "react";

export function ScenarioDialog({ text, copied, onClose }: { text: string; copied: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="scenario-dialog-title" onClose={onClose}>
      <div className="stack">
        <h2 id="scenario-dialog-title">Scenario file of this run</h2>
        <p className="small" role="status" style={{ margin: 0 }}>
          {copied ? "Copied to the clipboard." : "The clipboard is not available here: select the text and copy it."}
        </p>
        <p className="small muted" style={{ margin: 0 }}>Save it as a .json file; “Load scenario” or <span className="mono">npm run sim</span> replays it.</p>
        <textarea readOnly value={text} aria-label="Scenario JSON" className="mono" onFocus={(e) => e.currentTarget.select()} />
        <div className="row">
          <button type="button" onClick={() => ref.current?.close()}>Close</button>
        </div>
      </div>
    </dialog>
  );
}
