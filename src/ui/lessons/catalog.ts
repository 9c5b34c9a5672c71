/*
 * The lesson files, bundled by Vite from src/lessons/catalog/ and checked in the page exactly as
 * the CLI checks them: a file with a problem is listed with its problems, never half-played.
 */
import { checkLesson } from "../../lessons/check";
import type { Lesson } from "../../lessons/schema";

const files = import.meta.glob<unknown>("../../lessons/catalog/*.json", { eager: true, import: "default" });

function load(): { lessons: Lesson[]; problems: string[] } {
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

export function lessonByName(name: string): Lesson | null {
  return CATALOG.lessons.find((l) => l.name === name) ?? null;
}
