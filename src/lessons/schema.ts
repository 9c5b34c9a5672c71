/*
 * The lesson file format (docs/lessons.md): data, checked by this zod schema and then by
 * `checkLesson` (check.ts), which types every condition against the field catalogue. Actions are
 * commands as the worker takes them; their own fields are checked against the engine's action
 * schema by the headless loader (headless.ts), since the page may not import engine code.
 */
import { z } from "zod";
import { conditionSchema } from "./conditions";

/** The parts of the page a step can point at (the lesson panel highlights them). */
export const PAGE_PARTS = [
  "cluster", "lanes", "totals", "replication", "lag-chart", "latency", "log", "client", "waiting",
  "commit", "nodes", "failover", "links", "workload", "run", "logical",
] as const;
export type PagePart = (typeof PAGE_PARTS)[number];

export const STEP_KINDS = ["narration", "do", "predict", "observe", "your-turn"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const text = (max = 1200) => z.string().min(1).max(max);
const markName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, "a mark name is a letter then letters, digits or _");
/** Numbers recorded when the step completes: mark name → field path. Summaries and later steps use them. */
const marks = z.array(z.object({ name: markName, field: z.string().max(200) }).strict()).max(12);
const withinMs = z.number().int().min(1).max(600_000).describe("virtual time the run may take to reach the condition");
/** A command as the page sends it; its fields are checked against the engine's schema when loaded headless. */
export const commandSchema = z.object({ op: z.string().min(1).max(40) }).catchall(z.unknown());
export type LessonCommand = z.infer<typeof commandSchema>;
/** A pause between two commands of a solution (virtual ms): a read just after a write needs the write acknowledged first. */
export const waitSchema = z.object({ waitMs: z.number().min(0).max(60_000) }).strict();
export type SolutionItem = LessonCommand | z.infer<typeof waitSchema>;
export function isWait(item: SolutionItem): item is z.infer<typeof waitSchema> {
  return Object.hasOwn(item, "waitMs") && !Object.hasOwn(item, "op");
}

const base = { title: text(120), points: z.enum(PAGE_PARTS).optional() };

export const stepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("narration"), ...base, text: text() }).strict(),
  z.object({ kind: z.literal("do"), ...base, text: text(),
    /** the label of the control the student uses, as it reads on the page */
    control: text(80),
    /** what the student is asked to do with it: "Click", "Choose local in" … */
    how: text(80).default("Click"),
    action: commandSchema,
    /** fields of the student's command that must equal the action's (default: op and node) */
    match: z.array(z.string().max(40)).max(8).optional(),
    mark: marks.optional(), result: text().optional() }).strict(),
  z.object({ kind: z.literal("predict"), ...base, question: text(),
    choices: z.array(z.object({ text: text(200), when: conditionSchema }).strict()).min(2).max(4),
    /** index of the choice the run will prove right; the headless runner checks it */
    answer: z.number().int().min(0).max(3),
    /** what the lesson does once the student has chosen (e.g. the read whose answer was predicted) */
    action: commandSchema.optional(),
    until: conditionSchema, withinMs, why: text(), mark: marks.optional() }).strict(),
  z.object({ kind: z.literal("observe"), ...base, text: text(), until: conditionSchema, withinMs,
    mark: marks.optional(), result: text().optional() }).strict(),
  z.object({ kind: z.literal("your-turn"), ...base, goal: text(), hint: text(),
    until: conditionSchema, withinMs,
    /** what the headless runner does (and "Show me" does in the page): commands in order */
    solution: z.array(z.union([waitSchema, commandSchema])).min(1).max(10),
    mark: marks.optional(), result: text().optional() }).strict(),
]);
export type Step = z.output<typeof stepSchema>;
export type StepInput = z.input<typeof stepSchema>;

export const lessonSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "a lesson name is lowercase letters, digits and -"),
  order: z.number().int().min(1).max(999),
  title: text(120),
  /** two lines for the catalogue */
  story: text(300),
  minutes: z.number().int().min(3).max(8),
  /** which seed article (../shared/seeds) the lesson tells, and where in it */
  source: text(200),
  /** virtual ms per wall ms in the page: timeouts happen within seconds of real time */
  speed: z.number().min(0.01).max(100),
  /** a scenario (docs/formats.md), run from its start when the lesson starts */
  scenario: z.object({}).catchall(z.unknown()),
  steps: z.array(stepSchema).min(3).max(40),
  summary: z.object({
    title: text(200),
    /** the seed's table this fills in */
    table: text(200),
    columns: z.array(text(80)).min(2).max(6),
    rows: z.array(z.array(text(300)).min(2).max(6)).min(1).max(12),
    note: text().optional(),
  }).strict(),
}).strict();
export type Lesson = z.output<typeof lessonSchema>;
export type Mark = NonNullable<Extract<Step, { kind: "observe" }>["mark"]>[number];

/** The text of a step the student reads first. */
export function stepText(step: Step): string {
  switch (step.kind) {
    case "predict": return step.question;
    case "your-turn": return step.goal;
    default: return step.text;
  }
}

/** Steps that wait for the student (Next is disabled until they are done). */
export function waitsForStudent(step: Step): boolean {
  return step.kind === "do" || step.kind === "predict" || step.kind === "your-turn";
}
