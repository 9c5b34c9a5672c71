/*
 * Reads the scenario schema itself so that error messages can say what a field expects
 * ("a number of milliseconds ≥ 0", "one of "async", "semi-sync", "sync"") instead of zod's
 * generic wording. Works on zod's core classes, so any schema built with zod 4 walks.
 */
import { z } from "zod";
import { nodeNameSchema } from "./schema";
import { tableNameSchema } from "../logical/schema";

type Schema = z.core.$ZodType;
const MS_MAX = 86_400_000;

/** The value at `path` inside plain JSON data; `present` is false when a key is absent. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null || typeof key === "symbol") return { present: false, value: undefined };
    if (!Object.hasOwn(value, key)) return { present: false, value: undefined };
    value = (value as Record<string | number, unknown>)[key];
  }
  return { present: true, value };
}

export function unwrap(schema: Schema): Schema {
  let s = schema;
  while (s instanceof z.core.$ZodDefault || s instanceof z.core.$ZodOptional || s instanceof z.core.$ZodPrefault) {
    s = s._zod.def.innerType;
  }
  return s;
}

/** The schema that checks the value at `path` of `input`, or null where the path leaves the schema. */
export function schemaAt(root: Schema, path: readonly PropertyKey[], input: unknown): Schema | null {
  let schema: Schema | null = root;
  for (let i = 0; i < path.length && schema !== null; i++) {
    const parentValue = valueAt(input, path.slice(0, i)).value;
    schema = child(unwrap(schema), path[i]!, parentValue);
  }
  return schema;
}

function child(schema: Schema, key: PropertyKey, parentValue: unknown): Schema | null {
  const s = schema instanceof z.core.$ZodDiscriminatedUnion ? variantFor(schema, parentValue) : schema;
  if (s instanceof z.core.$ZodObject) {
    const shape = s._zod.def.shape;
    return typeof key === "string" && Object.hasOwn(shape, key) ? shape[key]! : null;
  }
  if (s instanceof z.core.$ZodArray) return typeof key === "number" ? s._zod.def.element : null;
  if (s instanceof z.core.$ZodTuple) return typeof key === "number" ? (s._zod.def.items[key] ?? null) : null;
  if (s instanceof z.core.$ZodRecord) return s._zod.def.valueType;
  return null;
}

/** The option of a discriminated union that the value's discriminator picks, if any. */
export function variantFor(union: z.core.$ZodDiscriminatedUnion, value: unknown): Schema | null {
  const key = union._zod.def.discriminator;
  const tag = valueAt(value, [key]).value;
  for (const option of union._zod.def.options) {
    const o = unwrap(option);
    if (!(o instanceof z.core.$ZodObject)) continue;
    const literal = o._zod.def.shape[key];
    if (literal instanceof z.core.$ZodLiteral && literal._zod.def.values.includes(tag as never)) return o;
  }
  return null;
}

/** Field names an object schema accepts, in declaration order (a union's: the variant `value` picks). */
export function knownKeys(schema: Schema | null, value?: unknown): string[] {
  let s = schema === null ? null : unwrap(schema);
  if (s instanceof z.core.$ZodDiscriminatedUnion) s = variantFor(s, value);
  return s instanceof z.core.$ZodObject ? Object.keys(s._zod.def.shape) : [];
}

export function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

interface Bound { value: number; inclusive: boolean }
export interface NumberShape { integer: boolean; min: Bound | null; max: Bound | null }

export function numberShape(schema: Schema | null): NumberShape | null {
  const s = schema === null ? null : unwrap(schema);
  if (!(s instanceof z.core.$ZodNumber)) return null;
  const shape: NumberShape = { integer: false, min: null, max: null };
  for (const check of s._zod.def.checks ?? []) {
    const def = check._zod.def as unknown as Record<string, unknown>;
    const inclusive = def.inclusive === true;
    if (def.check === "number_format") shape.integer = true;
    if (def.check === "greater_than" && typeof def.value === "number") shape.min = { value: def.value, inclusive };
    if (def.check === "less_than" && typeof def.value === "number") shape.max = { value: def.value, inclusive };
  }
  return shape;
}

export function boundText(bound: Bound, side: "min" | "max"): string {
  const op = side === "min" ? (bound.inclusive ? "≥" : ">") : bound.inclusive ? "≤" : "<";
  return `${op} ${bound.value}`;
}

function describeNumber(n: NumberShape): string {
  const noun = n.integer ? "a whole number" : "a number";
  if (n.max?.value === MS_MAX) return `${noun} of milliseconds ${n.min ? boundText(n.min, "min") : ""}`.trimEnd();
  if (n.min?.inclusive && n.max?.inclusive) return `${noun} from ${n.min.value} to ${n.max.value}`;
  const parts = [n.min && boundText(n.min, "min"), n.max && boundText(n.max, "max")].filter(Boolean);
  return [noun, parts.join(" and ")].filter(Boolean).join(" ");
}

function describeString(s: z.core.$ZodString): string {
  let min = 0;
  let max: number | null = null;
  for (const check of s._zod.def.checks ?? []) {
    const def = check._zod.def as unknown as Record<string, unknown>;
    if (def.check === "min_length" && typeof def.minimum === "number") min = def.minimum;
    if (def.check === "max_length" && typeof def.maximum === "number") max = def.maximum;
  }
  const base = min > 0 ? "a non-empty string" : "a string";
  return max === null ? base : `${base} of at most ${max} characters`;
}

/** What a value checked by this schema must look like, as a noun phrase. */
export function describeExpected(schema: Schema | null): string {
  if (schema === null) return "a valid value";
  const s = unwrap(schema);
  if (s === nodeNameSchema) return "a node name (a letter or _, then letters, digits, _ or -; at most 63 characters)";
  if (s === tableNameSchema) return "a table name (a lower-case letter or _, then lower-case letters, digits or _; at most 63 characters)";
  const n = numberShape(s);
  if (n) return describeNumber(n);
  if (s instanceof z.core.$ZodString) return describeString(s);
  if (s instanceof z.core.$ZodEnum) return `one of ${quoteList(Object.values(s._zod.def.entries))}`;
  if (s instanceof z.core.$ZodLiteral) return quoteList(s._zod.def.values);
  if (s instanceof z.core.$ZodBoolean) return "true or false";
  if (s instanceof z.core.$ZodTuple) {
    const items = s._zod.def.items;
    const allNodes = items.every((item) => unwrap(item) === nodeNameSchema);
    return allNodes ? `a list of ${items.length} node names` : `a list of ${items.length} items`;
  }
  if (s instanceof z.core.$ZodArray) return "a list";
  if (s instanceof z.core.$ZodDiscriminatedUnion) return `an object with an "${s._zod.def.discriminator}" field`;
  if (s instanceof z.core.$ZodObject || s instanceof z.core.$ZodRecord) return "an object";
  return "a valid value";
}
