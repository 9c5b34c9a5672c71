/*
 * The lesson files on disk (Node only: the CLI and the tests). The page gets the same files through
 * Vite (src/ui/lessons/catalog.ts). Every file is checked; one with a problem is reported, not skipped
 * silently.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkLessonText } from "./check";
import type { Lesson } from "./schema";

export const CATALOG_DIR = fileURLToPath(new URL("./catalog/", import.meta.url));

export interface Catalog { lessons: Lesson[]; problems: string[]; }

export function loadCatalog(dir = CATALOG_DIR): Catalog {
  const lessons: Lesson[] = [];
  const problems: string[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  for (const f of files) {
    const path = join(dir, f);
    const shown = relative(process.cwd(), path) || path;
    const checked = checkLessonText(readFileSync(path, "utf8"), shown);
    if (checked.ok) lessons.push(checked.lesson);
    else problems.push(...checked.problems);
  }
  lessons.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { lessons, problems };
}
