/*
 * The blockage in the cluster panel, under the commits waiting: what blocks the primary, the
 * remedies, and what the last one did. Refreshed four times a second.
 */
import { blockage } from "./blockage";
import { formatClockUs } from "./format";
import { useThrottledLab } from "./hooks";
import { narrateLog } from "../../narrate/logNarration";
import { useSystem } from "./settings";

/** `brief`: the headline only (the sidebar, beside the Write button). */
export function BlockagePanel({ brief = false }: { brief?: boolean }) {
  const b = useThrottledLab((s) => (s.snapshot ? blockage(s.snapshot, s.log) : null), 250,
    (x, y) => JSON.stringify(x) === JSON.stringify(y));
  const system = useSystem();
  if (!b) return null;
  return (
    <div className={`rl-blockage${brief ? " rl-blockage--brief" : ""}`} role={brief ? undefined : "status"} data-testid={brief ? "blockage-brief" : "blockage"}>
      <svg className="rl-blockage__icon" viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <rect x="3.5" y="6.75" width="9" height="2.5" rx="0.5" fill="var(--panel)" />
      </svg>
      <div>
        <p className="rl-blockage__headline">{b.headline}</p>
        {!brief && <ul className="rl-blockage__remedies">{b.remedies.map((r) => <li key={r}>{r}</li>)}</ul>}
        {b.last.length > 0 && !brief && (
          <p className="rl-blockage__last" data-testid="blockage-last">
            What happened: {b.last.map((e) => `${formatClockUs(e.atUs)} ${narrateLog(e, system)}`).join("; then ")}
          </p>
        )}
      </div>
    </div>
  );
}
