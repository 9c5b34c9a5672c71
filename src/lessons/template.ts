/*
 * Texts with marks in them: "{asyncP50}" is replaced by the number the run recorded under that
 * name, formatted in its field's unit. Marks are numbers the student's own run produced, so a
 * summary can only show what the simulation did. A count's noun goes inside the braces, singular
 * then plural: "{waiting|commit is|commits are} waiting" says "1 commit is waiting", "3 commits
 * are waiting".
 */
import { formatLsn } from "../text/lsn";
import { plural } from "../text/plural";
import type { Unit } from "./fields";

export interface MarkValue { value: number | null; unit: Unit; }

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,40})(?:\|([^{}|]{1,40})\|([^{}|]{1,40}))?\}/g;

/** Names of the marks a text refers to. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Not nouns, though they end in "s". */
const NOT_PLURAL = new Set(["is", "was", "as", "has", "its", "this", "thus", "plus", "across", "always", "ms"]);

/**
 * The names of count marks written bare before a plural noun ("{lost} acknowledged writes",
 * "{n} row(s)"): such a text says "1 acknowledged writes" when the run counts one. The noun belongs
 * inside the braces: "{lost|acknowledged write|acknowledged writes}".
 */
export function barePluralCounts(text: string, isCount: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\{([A-Za-z][A-Za-z0-9_]{0,40})\}((?:\s+[A-Za-z()-]+){1,2})/g)) {
    if (!isCount(m[1]!)) continue;
    const words = m[2]!.trim().split(/\s+/);
    if (words.some((w) => w.endsWith("(s)") || (w.length > 2 && w.endsWith("s") && !NOT_PLURAL.has(w.toLowerCase())))) out.push(m[1]!);
  }
  return out;
}

export function fill(text: string, marks: ReadonlyMap<string, MarkValue>): string {
  return text.replace(PLACEHOLDER, (whole, name: string, one?: string, many?: string) => {
    const mark = marks.get(name);
    if (!mark) return whole;
    if (one === undefined || many === undefined) return formatMark(mark);
    return plural(mark.value ?? 0, one, many, formatMark(mark));
  });
}

export function formatMark({ value, unit }: MarkValue): string {
  if (value === null) return "none";
  switch (unit) {
    case "ms": return `${formatNumber(value)} ms`;
    case "bytes": return value >= 1_000_000 ? `${formatNumber(value / 1_000_000)} MB` : value >= 1000 ? `${formatNumber(value / 1000)} kB` : `${value} B`;
    case "count": return String(Math.round(value));
    // the byte offset, and the way the page (and PostgreSQL) prints it: "66 (0/42)"
    case "lsn": return `${value} (${formatLsn(value)})`;
    default: return formatNumber(value);
  }
}

function formatNumber(x: number): string {
  const abs = Math.abs(x);
  return x.toLocaleString("en-US", { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}
