/*
 * The examples' stories and "look for" lines are written for the README and the CLI too, with
 * settings and figures between backticks (`synchronous_commit = on`). On the page a backtick is
 * noise to a student: show those spans as code instead. A Markdown link, [multi-primary.md](multi-primary.md),
 * shows as its text (the docs it names are not served with the page). Plain text in, React text
 * nodes out (never HTML); an unmatched backtick is kept as it is.
 */
import type { ReactNode } from "react";

export interface Span { code: boolean; text: string }

/** The text cut at its backtick pairs: `a `b` c` → a, code b, c. */
export function codeSpans(text: string): Span[] {
  const parts = text.split("`");
  // An odd count of backticks leaves the last one unmatched: join it back as plain text.
  if (parts.length % 2 === 0) parts.splice(parts.length - 2, 2, `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`);
  return parts.map((t, i) => ({ code: i % 2 === 1, text: i % 2 === 1 ? t : linkTexts(t) })).filter((s) => s.text !== "" || s.code);
}

/** [text](target) → text, in plain (not code) text. */
function linkTexts(text: string): string {
  return text.replace(/\[([^\]\n]{1,200})\]\([^)\s]{0,500}\)/g, "$1");
}

/** The text as it reads on screen, for a label (a screen reader's name, a button's): no backticks, link texts only. */
export function plainText(text: string): string {
  return codeSpans(text).map((s) => s.text).join("");
}

export function WithCode({ text }: { text: string }): ReactNode {
  return codeSpans(text).map((s, i) => (s.code ? <code key={i}>{s.text}</code> : <span key={i}>{s.text}</span>));
}
