/*
 * The one list of characters that user text may not carry raw to a screen: a terminal obeys
 * them (ESC [ 2 J clears it, U+009B is a one-byte CSI) and a page or a terminal lets them hide
 * or reorder the text around them (bidi marks, overrides and isolates; line separators).
 * Shared by the CLI's output escaping (cli/terminalSafe.ts) and the timeline's name cleaning
 * (timeline/branches.ts), which may not import each other: one list, so the two cannot drift.
 */

/** Inclusive code point ranges. */
export const CONTROL_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f], // C0 controls (ESC, BEL, CR, backspace, ...; tab and line feed too)
  [0x007f, 0x009f], // DEL and the C1 controls (U+009B is CSI, U+009D OSC)
  [0x200e, 0x200f], // left-to-right and right-to-left marks
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidi embeddings and overrides (U+202E flips the text after it)
  [0x2066, 0x2069], // bidi isolates
];

export function isControlChar(codePoint: number): boolean {
  return CONTROL_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);
}

const hex = (n: number) => `\\u${n.toString(16).padStart(4, "0")}`;

/**
 * A global RegExp matching every listed character except those in `keep` (e.g. "\t\n" for
 * output whose own lines and columns are made of them).
 */
export function controlCharPattern(keep = ""): RegExp {
  const kept = new Set([...keep].map((c) => c.codePointAt(0)!));
  const parts: string[] = [];
  for (const [from, to] of CONTROL_RANGES) {
    let start: number | null = null;
    for (let c = from; c <= to + 1; c++) {
      const inside = c <= to && !kept.has(c);
      if (inside && start === null) start = c;
      if (!inside && start !== null) {
        parts.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
        start = null;
      }
    }
  }
  return new RegExp(`[${parts.join("")}]`, "g");
}
