/*
 * Progress kept in the browser: which lessons are done, and where one stopped. What comes back
 * from localStorage is checked (shape, size, names of lessons that exist) before it is believed.
 */
import { z } from "zod";

const KEY = "replication-lab.lessons.v1";
const MAX_BYTES = 20_000;

const progressSchema = z.object({
  done: z.array(z.string().max(80)).max(200),
  /** lesson name → the step it stopped at */
  stoppedAt: z.array(z.tuple([z.string().max(80), z.number().int().min(0).max(100)])).max(200),
  welcomed: z.boolean(),
}).strict();
export type Progress = z.infer<typeof progressSchema>;

const EMPTY: Progress = { done: [], stoppedAt: [], welcomed: false };

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled: progress lives for this page only
  }
}

/** The progress kept in this browser, checked for shape and size (the names are checked against
 *  the catalogue once it has loaded: forLessons). */
export function readProgress(): Progress {
  const text = storage()?.getItem(KEY);
  if (!text || text.length > MAX_BYTES) return { ...EMPTY };
  try {
    const parsed = progressSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { ...EMPTY };
    return parsed.data;
  } catch {
    return { ...EMPTY };
  }
}

/** Only the lessons that exist: a name left by a removed or renamed lesson is forgotten. */
export function forLessons(p: Progress, known: ReadonlySet<string>): Progress {
  return { done: p.done.filter((n) => known.has(n)), stoppedAt: p.stoppedAt.filter(([n]) => known.has(n)), welcomed: p.welcomed };
}

export function writeProgress(p: Progress): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(p));
  } catch {
    // full or disabled: the page goes on; progress is a convenience
  }
}

export function stoppedAt(p: Progress, name: string): number | null {
  return p.stoppedAt.find(([n]) => n === name)?.[1] ?? null;
}

export function withStop(p: Progress, name: string, step: number | null): Progress {
  const rest = p.stoppedAt.filter(([n]) => n !== name);
  return { ...p, stoppedAt: step === null ? rest : [...rest, [name, step]] };
}

export function withDone(p: Progress, name: string): Progress {
  return p.done.includes(name) ? p : { ...p, done: [...p.done, name] };
}
