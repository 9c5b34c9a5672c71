/*
 * The first look at any input from outside (a file, the page address, a message to the worker),
 * before zod or anything else walks it: is it plain JSON data, and small enough in every
 * direction? zod walks objects recursively, so a list nested 10,000 deep would overflow its
 * stack; a list of ten million items would take seconds to refuse one by one. This walk is
 * iterative and stops at the first problem, so hostile input costs at most one pass.
 */
import type { FieldError } from "./findings";
import { formatPath } from "./paths";

export const INPUT_LIMITS = {
  /** a scenario nests at most 5 levels (actions[3].workload.readFrom); 16 leaves room */
  depth: 16,
  /** the longest list a scenario may hold (actions) */
  listItems: 1_000_000,
  /** fields of one object (sessions are the widest: a name each) */
  objectFields: 10_000,
  /** characters of one string (names are at most 200, standby names 4096; values are data) */
  stringChars: 65_536,
  /** bytes of a scenario file, checked before it is read: 1,000,000 actions take ~80 MB */
  fileBytes: 128 * 2 ** 20,
} as const;

interface Frame { value: unknown; depth: number; parent: Frame | null; key: PropertyKey }

function pathOf(frame: Frame): string {
  const keys: PropertyKey[] = [];
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) keys.push(f.key);
  return formatPath(keys.reverse());
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function problemOf(value: unknown, depth: number): string | null {
  switch (typeof value) {
    case "string":
      return value.length > INPUT_LIMITS.stringChars
        ? `a string of ${value.length.toLocaleString("en")} characters; at most ${INPUT_LIMITS.stringChars.toLocaleString("en")} are allowed`
        : null;
    case "number":
      return Number.isFinite(value) ? null : `${String(value)} is not a JSON number`;
    case "boolean":
    case "undefined": // an absent field, as JSON.stringify would drop it
      return null;
    case "object":
      if (value === null) return null;
      if (depth > INPUT_LIMITS.depth) {
        return `nested more than ${INPUT_LIMITS.depth} levels deep (a scenario needs at most 5): refused before reading further`;
      }
      if (Array.isArray(value)) {
        return value.length > INPUT_LIMITS.listItems
          ? `a list of ${value.length.toLocaleString("en")} items; at most ${INPUT_LIMITS.listItems.toLocaleString("en")} are allowed`
          : null;
      }
      if (!isPlainObject(value)) return "not plain JSON data (an object of some class)";
      return Object.keys(value).length > INPUT_LIMITS.objectFields
        ? `an object of ${Object.keys(value).length.toLocaleString("en")} fields; at most ${INPUT_LIMITS.objectFields.toLocaleString("en")} are allowed`
        : null;
    default:
      // functions, symbols, bigints: none is JSON
      return `${typeof value} is not JSON data`;
  }
}

/** Null when `input` is plain JSON data within INPUT_LIMITS; else the first problem and where. */
export function checkInputShape(input: unknown): FieldError | null {
  const stack: Frame[] = [{ value: input, depth: 1, parent: null, key: "" }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    const problem = problemOf(value, depth);
    if (problem !== null) return { path: pathOf(frame), message: problem };
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: frame, key: i });
    } else {
      for (const key of Object.keys(value)) {
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}
