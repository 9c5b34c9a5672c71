/*
 * The condition language: plain JSON, never evaluated as code. A condition compares a field of the
 * lesson view (fields.ts) with a literal, another field or a mark (a number the lesson recorded at
 * an earlier step); combines conditions with all / any / not; or counts the items of a list that
 * satisfy a condition. `checkCondition` types it against the field catalogue when the lesson is
 * loaded; `holds` evaluates a checked condition against a view.
 */
import { z } from "zod";
import { parsePath, readPath, resolveShape, type Shape } from "./fields";

export const COMPARISONS = ["==", "!=", "<", "<=", ">", ">="] as const;
export type Comparison = (typeof COMPARISONS)[number];

const literal = z.union([z.number(), z.string().max(200), z.boolean(), z.null()]);
const operand = z.union([literal, z.object({ field: z.string() }).strict(), z.object({ mark: z.string() }).strict()]);
export type Operand = z.infer<typeof operand>;

export type Condition =
  | { field: string; is: Comparison; value: Operand }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { count: string; where?: Condition; is: Comparison; value: number };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() => z.union([
  z.object({ field: z.string(), is: z.enum(COMPARISONS), value: operand }).strict(),
  z.object({ all: z.array(conditionSchema).min(1).max(20) }).strict(),
  z.object({ any: z.array(conditionSchema).min(1).max(20) }).strict(),
  z.object({ not: conditionSchema }).strict(),
  z.object({ count: z.string(), where: conditionSchema.optional(), is: z.enum(COMPARISONS), value: z.number() }).strict(),
]));

const MAX_DEPTH = 8;

/** Marks a condition may refer to: name → shape of the field it recorded. */
export type MarkShapes = ReadonlyMap<string, Shape>;

/** Problems with a condition (empty when it is well-typed): unknown fields, marks, mismatched types. */
export function checkCondition(cond: Condition, root: Shape, marks: MarkShapes, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [`conditions nest at most ${MAX_DEPTH} deep`];
  if ("all" in cond) return cond.all.flatMap((c) => checkCondition(c, root, marks, depth + 1));
  if ("any" in cond) return cond.any.flatMap((c) => checkCondition(c, root, marks, depth + 1));
  if ("not" in cond) return checkCondition(cond.not, root, marks, depth + 1);
  if ("count" in cond) return checkCount(cond, root, marks, depth);
  const shape = resolveShape(root, cond.field);
  if (typeof shape === "string") return [shape];
  const other = operandShape(cond.value, root, marks);
  if (typeof other === "string") return [other];
  return comparable(cond.field, shape, cond.is, other);
}

function checkCount(cond: Extract<Condition, { count: string }>, root: Shape, marks: MarkShapes, depth: number): string[] {
  const list = resolveShape(root, cond.count);
  if (typeof list === "string") return [list];
  if (list.kind !== "named" && list.kind !== "list") return [`"${cond.count}" is a ${list.kind}, not a list to count`];
  return cond.where ? checkCondition(cond.where, list.item, marks, depth + 1) : [];
}

type OperandShape = Shape | { kind: "null" };

function operandShape(value: Operand, root: Shape, marks: MarkShapes): OperandShape | string {
  if (value === null) return { kind: "null" };
  if (typeof value === "number") return { kind: "number", unit: "none" };
  if (typeof value === "string") return { kind: "string" };
  if (typeof value === "boolean") return { kind: "boolean" };
  if ("field" in value) return resolveShape(root, value.field);
  const mark = marks.get(value.mark);
  return mark ?? `no mark "${value.mark}" is recorded before this step`;
}

function comparable(path: string, shape: Shape, is: Comparison, other: OperandShape): string[] {
  const ordering = is !== "==" && is !== "!=";
  if (other.kind === "null") {
    if (ordering) return [`"${path}": only == and != compare with null`];
    return "nullable" in shape && shape.nullable ? [] : [`"${path}" is never null`];
  }
  if (shape.kind !== other.kind) return [`"${path}" is a ${shape.kind}, compared with a ${other.kind}`];
  if (ordering && shape.kind !== "number") return [`"${path}": ${is} compares numbers only`];
  return [];
}

/** A literal string compared with a field of known values must be one of them (typos fail at load). */
export function literalProblems(cond: Condition, root: Shape, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  if ("all" in cond) return cond.all.flatMap((c) => literalProblems(c, root, depth + 1));
  if ("any" in cond) return cond.any.flatMap((c) => literalProblems(c, root, depth + 1));
  if ("not" in cond) return literalProblems(cond.not, root, depth + 1);
  if ("count" in cond) {
    const list = resolveShape(root, cond.count);
    return cond.where && typeof list !== "string" && (list.kind === "named" || list.kind === "list")
      ? literalProblems(cond.where, list.item, depth + 1) : [];
  }
  const shape = resolveShape(root, cond.field);
  if (typeof shape === "string" || shape.kind !== "string" || !shape.values || typeof cond.value !== "string") return [];
  return shape.values.includes(cond.value) ? [] : [`"${cond.field}" is one of ${shape.values.join(", ")}, never "${cond.value}"`];
}

/** Evaluate a checked condition. A field that is absent (a node not there yet) makes a comparison false. */
export function holds(cond: Condition, view: unknown, marks: ReadonlyMap<string, number>): boolean {
  if ("all" in cond) return cond.all.every((c) => holds(c, view, marks));
  if ("any" in cond) return cond.any.some((c) => holds(c, view, marks));
  if ("not" in cond) return !holds(cond.not, view, marks);
  if ("count" in cond) return compare(countOf(cond, view, marks), cond.is, cond.value);
  const left = valueAt(view, cond.field);
  if (left === undefined) return false;
  const right = operandValue(cond.value, view, marks);
  return right !== undefined && compare(left, cond.is, right);
}

function countOf(cond: Extract<Condition, { count: string }>, view: unknown, marks: ReadonlyMap<string, number>): number {
  const list = valueAt(view, cond.count);
  const items = list instanceof Map ? [...list.values()] : Array.isArray(list) ? list : [];
  return cond.where ? items.filter((item) => holds(cond.where!, item, marks)).length : items.length;
}

function valueAt(view: unknown, path: string): unknown {
  const parts = parsePath(path);
  return typeof parts === "string" ? undefined : readPath(view, parts);
}

function operandValue(value: Operand, view: unknown, marks: ReadonlyMap<string, number>): unknown {
  if (value === null || typeof value !== "object") return value;
  if ("field" in value) return valueAt(view, value.field);
  return marks.get(value.mark);
}

function compare(left: unknown, is: Comparison, right: unknown): boolean {
  switch (is) {
    case "==": return left === right;
    case "!=": return left !== right;
  }
  if (typeof left !== "number" || typeof right !== "number") return false;
  switch (is) {
    case "<": return left < right;
    case "<=": return left <= right;
    case ">": return left > right;
    case ">=": return left >= right;
  }
}

/** A short readable form of a condition, for messages ("totals.staleReads >= 1"). */
export function describe(cond: Condition): string {
  if ("all" in cond) return cond.all.map(describe).join(" and ");
  if ("any" in cond) return `(${cond.any.map(describe).join(" or ")})`;
  if ("not" in cond) return `not (${describe(cond.not)})`;
  if ("count" in cond) return `count of ${cond.count}${cond.where ? ` where ${describe(cond.where)}` : ""} ${cond.is} ${cond.value}`;
  const v = cond.value;
  const right = v !== null && typeof v === "object" ? ("field" in v ? v.field : `mark ${v.mark}`) : JSON.stringify(v);
  return `${cond.field} ${cond.is} ${right}`;
}
