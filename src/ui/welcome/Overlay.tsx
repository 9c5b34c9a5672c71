/* A modal dialog for the welcome, the catalogue, the gallery and the shortcut list: Escape closes it,
 * focus starts inside it and goes back where it was. */
import { useEffect, useRef, type ReactNode } from "react";

export function Overlay({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    (ref.current?.querySelector<HTMLElement>("button.primary") ?? ref.current?.querySelector<HTMLElement>("button, a[href]"))?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") { e.preventDefault(); onClose(); } };
    window.addEventListener("keydown", onKey);
    return () => { window.removeEventListener("keydown", onKey); before?.focus?.(); };
  }, [onClose]);
  return (
    <div className="overlay-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div ref={ref} className={wide ? "overlay wide" : "overlay"} role="dialog" aria-modal="true" aria-labelledby="overlay-title">
        <div className="overlay-head">
          <h2 id="overlay-title">{title}</h2>
          <button type="button" onClick={onClose} aria-label="Close">×</button>
        </div>
        {children}
      </div>
    </div>
  );
}
