/*
 * The lesson files, bundled by Vite from src/lessons/catalog/ and checked in the page exactly as
 * the CLI checks them: a file with a problem is listed with its problems, never half-played.
 * Loaded on demand (catalog.ts): a chunk of its own, not part of the first paint.
 */
import { checkLesson } from "../../lessons/check";
import type { Lesson } from "../../lessons/schema";

const files = import.meta.glob<unknown>("../../lessons/catalog/*.json", { eager: true, import: "default" });

export interface Catalog { lessons: Lesson[]; problems: string[]; }

function load(): Catalog {
  const lessons: Lesson[] = [];
  const problems: string[] = [];
  for (const [path, raw] of Object.entries(files)) {
    const checked = checkLesson(raw, path.replace(/^.*\//, ""));
    if (checked.ok) lessons.push(checked.lesson);
    else problems.push(...checked.problems);
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons, problems };
}

export const CATALOG = load();
