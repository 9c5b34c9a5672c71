/*
 * The lesson catalogue, loaded when first needed (the welcome, the Lessons button, a link to a
 * lesson): the sixteen files and the checks that refuse a bad one make a chunk of their own.
 * Progress read from the browser keeps only the names of lessons that exist, once they are known.
 */
import { lazyData } from "../lazy/lazyData";
import type { Lesson } from "../../lessons/schema";
import type { Catalog } from "./catalogData";
import { lessonStore } from "./lessonStore";
import { forLessons } from "./progress";

export type { Catalog };

export const catalog = lazyData<Catalog>(async () => {
  const { CATALOG } = await import("./catalogData");
  const known = new Set(CATALOG.lessons.map((l) => l.name));
  lessonStore.setState((s) => ({ progress: forLessons(s.progress, known) }));
  return CATALOG;
});

/** The lessons, or none while the catalogue is still loading. */
export function loadedLessons(): Lesson[] {
  const c = catalog.current();
  return c?.ok ? c.value.lessons : [];
}

export function lessonIn(c: Catalog, name: string): Lesson | null {
  return c.lessons.find((l) => l.name === name) ?? null;
}
