/*
 * Texts with marks in them: "{asyncP50}" is replaced by the number the run recorded under that
 * name, formatted in its field's unit. Marks are numbers the student's own run produced, so a
 * summary can only show what the simulation did.
 */
import { formatLsn } from "../text/lsn";
import type { Unit } from "./fields";

export interface MarkValue { value: number | null; unit: Unit; }

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,40})\}/g;

/** Names of the marks a text refers to. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function fill(text: string, marks: ReadonlyMap<string, MarkValue>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const mark = marks.get(name);
    return mark ? formatMark(mark) : whole;
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
