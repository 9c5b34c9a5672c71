/*
 * A link to a lesson at a step: ?lesson=NAME&step=N (N counts from 1, as the panel does). Read
 * from the address with its parts checked; an unknown lesson or step is refused with a message.
 */
export const LESSON_PARAM = "lesson";
const STEP_PARAM = "step";

export function lessonLink(name: string, index: number): string {
  const params = new URLSearchParams({ [LESSON_PARAM]: name, [STEP_PARAM]: String(index + 1) });
  return `?${params.toString()}`;
}

export type LessonAddress = { name: string; index: number } | { problem: string } | null;

export function readLessonAddress(search: string, stepsOf: (name: string) => number | null): LessonAddress {
  const params = new URLSearchParams(search.length > 2000 ? "" : search);
  const name = params.get(LESSON_PARAM);
  if (name === null) return null;
  const steps = /^[a-z0-9-]{1,60}$/.test(name) ? stepsOf(name) : null;
  if (steps === null) return { problem: `There is no lesson named "${name.slice(0, 60)}".` };
  const stepText = params.get(STEP_PARAM) ?? "1";
  const step = /^\d{1,3}$/.test(stepText) ? Number(stepText) : NaN;
  if (!(step >= 1 && step <= steps)) return { problem: `Lesson "${name}" has steps 1 to ${steps}; the link asked for step ${stepText.slice(0, 10)}.` };
  return { name, index: step - 1 };
}
