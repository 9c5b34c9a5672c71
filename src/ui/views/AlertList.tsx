/*
 * Alerts raised and cleared as they happen. A raised alert is inserted with role="alert" (read
 * out at once); a cleared one stays a few seconds, struck through, in a polite live region, so a
 * person sees that it went away and not just that it is gone.
 */
import { useEffect, useRef, useState } from "react";
import { diffAlerts, type Alert } from "./alerts";

const CLEARED_VISIBLE_MS = 6000;

interface Cleared {
  alert: Alert;
  atMs: number;
}

export function AlertList({ alerts }: { alerts: Alert[] }) {
  const previous = useRef<Alert[]>([]);
  const [cleared, setCleared] = useState<Cleared[]>([]);
  useEffect(() => {
    const now = performance.now();
    const changes = diffAlerts(previous.current, alerts, now);
    previous.current = alerts;
    const gone = changes.filter((c) => c.change === "cleared").map((c) => ({ alert: c.alert, atMs: c.atMs }));
    const back = new Set(changes.filter((c) => c.change === "raised").map((c) => c.alert.id));
    if (gone.length === 0 && back.size === 0) return;
    setCleared((list) => [...gone, ...list.filter((c) => !back.has(c.alert.id) && now - c.atMs < CLEARED_VISIBLE_MS)]);
  }, [alerts]);
  useEffect(() => {
    if (cleared.length === 0) return;
    const t = setTimeout(() => {
      const now = performance.now();
      setCleared((list) => list.filter((c) => now - c.atMs < CLEARED_VISIBLE_MS));
    }, 1000);
    return () => clearTimeout(t);
  }, [cleared]);

  return (
    <div className="rl-alerts">
      <div className="rl-alerts__active">
        {alerts.map((a) => (
          <div key={a.id} role="alert" className={`rl-alert rl-alert--${a.severity}`} data-alert={a.id}>
            <span className="rl-alert__icon" aria-hidden="true">{a.severity === "bad" ? <StopIcon /> : "⚠"}</span>
            {a.text}
          </div>
        ))}
        {alerts.length === 0 && <div className="rl-alert rl-alert--none">No alerts</div>}
      </div>
      <div className="rl-alerts__cleared" aria-live="polite">
        {cleared.map((c) => (
          <div key={`${c.alert.id}@${c.atMs}`} className="rl-alert rl-alert--cleared" data-alert-cleared={c.alert.id}>
            <span className="rl-alert__icon" aria-hidden="true">✓</span>
            cleared: <s>{c.alert.text}</s>
          </div>
        ))}
      </div>
    </div>
  );
}

/** "No entry" drawn as SVG: the ⛔ emoji is an empty box where no emoji font is installed. */
function StopIcon() {
  return (
    <svg viewBox="0 0 16 16" width="1em" height="1em" className="rl-icon" data-icon="stop">
      <circle cx="8" cy="8" r="7.5" fill="currentColor" />
      <rect x="3.5" y="6.75" width="9" height="2.5" rx="0.5" fill="var(--panel, #fff)" />
    </svg>
  );
}
