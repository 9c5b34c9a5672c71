/*
 * Canvas cannot use CSS variables, so the colours are read from the computed style whenever
 * the theme changes (a MutationObserver on <html>'s data-theme and class), not every frame.
 */
export interface Palette {
  bg: string;
  panel: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  wal: string;
  ack: string;
  write: string;
  flush: string;
  replay: string;
  insert: string;
  sent: string;
  fontFamily: string;
  fontSizePx: number;
  /** presenter mode (html.presenter) */
  presenter: boolean;
}

const FALLBACK: Palette = {
  bg: "#ffffff", panel: "#f7f7f8", fg: "#1b1f24", muted: "#5b6470", border: "#d0d4da", accent: "#2563eb",
  ok: "#15803d", warn: "#b45309", bad: "#b91c1c", wal: "#2563eb", ack: "#15803d",
  write: "#0e7490", flush: "#15803d", replay: "#7c3aed", insert: "#2563eb", sent: "#64748b",
  fontFamily: "system-ui, sans-serif", fontSizePx: 14, presenter: false,
};

let current: Palette = FALLBACK;
let observer: MutationObserver | null = null;
const listeners = new Set<() => void>();

function read(): Palette {
  if (typeof document === "undefined") return FALLBACK;
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fb: string) => cs.getPropertyValue(name).trim() || fb;
  return {
    bg: v("--bg", FALLBACK.bg), panel: v("--panel", FALLBACK.panel), fg: v("--fg", FALLBACK.fg),
    muted: v("--muted", FALLBACK.muted), border: v("--border", FALLBACK.border), accent: v("--accent", FALLBACK.accent),
    ok: v("--ok", FALLBACK.ok), warn: v("--warn", FALLBACK.warn), bad: v("--bad", FALLBACK.bad),
    wal: v("--wal", FALLBACK.wal), ack: v("--ack", FALLBACK.ack),
    write: v("--rl-write", FALLBACK.write), flush: v("--rl-flush", FALLBACK.flush), replay: v("--rl-replay", FALLBACK.replay),
    insert: v("--wal", FALLBACK.insert), sent: v("--rl-sent", FALLBACK.sent),
    fontFamily: cs.fontFamily || FALLBACK.fontFamily,
    fontSizePx: parseFloat(cs.fontSize) || FALLBACK.fontSizePx,
    presenter: document.documentElement.classList.contains("presenter"),
  };
}

/** The current colours; starts watching the theme on first use. */
export function palette(): Palette {
  if (observer === null && typeof MutationObserver !== "undefined") {
    current = read();
    observer = new MutationObserver(() => {
      current = read();
      for (const l of listeners) l();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
  }
  return current;
}

/** Called after the palette changed (theme or text size), e.g. to redraw a paused canvas. */
export function onPaletteChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
