/*
 * Network links: one group per link, named "Link a – b", holding one button, "Cut" or "Heal".
 * A link cut one way only (a scenario can do that) shows as cut; Heal restores both ways.
 */
import { CommandPanel } from "./CommandPanel";
import { useDerived } from "./hooks";

export function LinksPanel() {
  const links = useDerived((s) =>
    (s.snapshot?.links ?? []).map((l) => ({ a: l.a, b: l.b, cutAB: l.cutAB, cutBA: l.cutBA })),
  );

  return (
    <CommandPanel title="Links" id="links">
      {(send) => (
        <div className="link-list">
          {links.map(({ a, b, cutAB, cutBA }) => {
            const cut = cutAB || cutBA;
            const state = cutAB && cutBA ? "cut" : cutAB ? `cut ${a} → ${b}` : cutBA ? `cut ${b} → ${a}` : "connected";
            return (
              <div key={`${a}|${b}`} className="link-row" role="group" aria-label={`Link ${a} – ${b}`}>
                <span>
                  {a} – {b} <span className={cut ? "cut small" : "muted small"}>{state}</span>
                </span>
                <button
                  type="button"
                  className={cut ? "" : "danger"}
                  onClick={() => send(cut ? { op: "heal", between: [a, b] } : { op: "partition", between: [a, b] })}
                >
                  {cut ? "Heal" : "Cut"}
                </button>
              </div>
            );
          })}
          {links.length === 0 && <p className="muted small">No links yet.</p>}
        </div>
      )}
    </CommandPanel>
  );
}
