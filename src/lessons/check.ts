/*
 * Loading a lesson: the schema first, then every condition typed against the field catalogue,
 * every mark defined before it is used, every placeholder naming a mark. A problem is reported
 * with the file and the step ("async-lag.json: step 4 (observe): ..."), so an author finds it at
 * once; the page and the CLI refuse such a lesson rather than fail halfway through it.
 */
import { checkCondition, literalProblems, type Condition } from "./conditions";
import { resolveShape, VIEW_SHAPE, type Shape } from "./fields";
import { lessonSchema, STEP_KINDS, type Lesson, type Step } from "./schema";
import { barePluralCounts, placeholders } from "./template";

export type Checked = { ok: true; lesson: Lesson } | { ok: false; problems: string[] };

export const MAX_LESSON_BYTES = 200_000;

/** Check a lesson file's text. `file` names it in every message. */
export function checkLessonText(text: string, file: string): Checked {
  if (text.length > MAX_LESSON_BYTES) return { ok: false, problems: [`${file}: larger than ${MAX_LESSON_BYTES} bytes`] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`${file}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return checkLesson(raw, file);
}

export function checkLesson(raw: unknown, file: string): Checked {
  const kinds = unknownKinds(raw, file);
  if (kinds.length > 0) return { ok: false, problems: kinds };
  const parsed = lessonSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${file}: ${where(i.path)}: ${i.message}`) };
  const lesson = parsed.data;
  const problems = semanticProblems(lesson).map((p) => `${file}: ${p}`);
  const base = file.replace(/^.*[\\/]/, "").replace(/\.json$/, "");
  if (base !== lesson.name && file.endsWith(".json")) problems.push(`${file}: name "${lesson.name}" differs from the file name`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lesson };
}

/** "unknown step kind" is said plainly, naming the step, before zod's union error could blur it. */
function unknownKinds(raw: unknown, file: string): string[] {
  if (typeof raw !== "object" || raw === null || !Array.isArray((raw as { steps?: unknown }).steps)) return [];
  const steps = (raw as { steps: unknown[] }).steps;
  const out: string[] = [];
  steps.forEach((s, i) => {
    const kind = typeof s === "object" && s !== null ? (s as { kind?: unknown }).kind : undefined;
    if (typeof kind !== "string" || !(STEP_KINDS as readonly string[]).includes(kind)) {
      out.push(`${file}: step ${i + 1}: unknown step kind ${JSON.stringify(kind ?? null)} (one of ${STEP_KINDS.join(", ")})`);
    }
  });
  return out;
}

function where(path: readonly PropertyKey[]): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
    const rest = path.slice(2).map(String).join(".");
    return `step ${path[1] + 1}${rest ? ` ${rest}` : ""}`;
  }
  return path.map(String).join(".") || "(file)";
}

function semanticProblems(lesson: Lesson): string[] {
  const marks = new Map<string, Shape>();
  const problems: string[] = [];
  const isCount = (name: string) => { const shape = marks.get(name); return shape?.kind === "number" && shape.unit === "count"; };
  const pluralProblem = (name: string) => `"{${name}}" is a count before a plural noun (it would say "1 ...s"): write {${name}|one|many}`;
  lesson.steps.forEach((step, i) => {
    const label = `step ${i + 1} (${step.kind})`;
    const say = (msg: string) => problems.push(`${label}: ${msg}`);
    for (const [what, cond] of conditionsOf(step)) {
      for (const p of [...checkCondition(cond, VIEW_SHAPE, marks), ...literalProblems(cond, VIEW_SHAPE)]) say(`${what}: ${p}`);
    }
    if (step.kind === "predict" && step.answer >= step.choices.length) say(`answer ${step.answer} is not one of the ${step.choices.length} choices`);
    const before = new Set(marks.keys());
    for (const mark of step.kind === "narration" ? [] : step.mark ?? []) {
      const shape = resolveShape(VIEW_SHAPE, mark.field);
      if (typeof shape === "string") say(`mark ${mark.name}: ${shape}`);
      else if (shape.kind !== "number") say(`mark ${mark.name}: "${mark.field}" is a ${shape.kind}; marks record numbers`);
      else if (marks.has(mark.name)) say(`mark ${mark.name} is recorded twice`);
      else marks.set(mark.name, shape);
    }
    // What the student reads before the step ends may use earlier marks only; what is shown after it, its own too.
    for (const t of textsBefore(step)) for (const name of placeholders(t)) if (!before.has(name)) say(`"{${name}}" is not a mark recorded before this step`);
    for (const t of textsAfter(step)) for (const name of placeholders(t)) if (!marks.has(name)) say(`"{${name}}" is not a mark recorded by this step or before`);
    for (const t of [...textsBefore(step), ...textsAfter(step)]) for (const name of barePluralCounts(t, isCount)) say(pluralProblem(name));
  });
  lesson.summary.rows.forEach((row, r) => {
    if (row.length !== lesson.summary.columns.length) problems.push(`summary row ${r + 1}: ${row.length} cells for ${lesson.summary.columns.length} columns`);
    for (const cell of row) for (const name of placeholders(cell)) if (!marks.has(name)) problems.push(`summary row ${r + 1}: "{${name}}" is not a recorded mark`);
    for (const cell of row) for (const name of barePluralCounts(cell, isCount)) problems.push(`summary row ${r + 1}: ${pluralProblem(name)}`);
  });
  return problems;
}

function conditionsOf(step: Step): [string, Condition][] {
  switch (step.kind) {
    case "predict": return [["until", step.until], ...step.choices.map((c, i): [string, Condition] => [`choice ${i + 1}`, c.when])];
    case "observe": case "your-turn": return [["until", step.until]];
    default: return [];
  }
}

function textsBefore(step: Step): string[] {
  switch (step.kind) {
    case "narration": case "do": case "observe": return [step.title, step.text];
    case "predict": return [step.title, step.question, ...step.choices.map((c) => c.text)];
    case "your-turn": return [step.title, step.goal, step.hint];
  }
}

function textsAfter(step: Step): string[] {
  if (step.kind === "predict") return [step.why];
  if (step.kind === "narration") return [];
  return step.result ? [step.result] : [];
}
