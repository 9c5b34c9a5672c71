/*
 * Turns zod issues into one sentence each, written for the person who edits the file: which
 * field, what is wrong, what form is expected. zod's own wording ("Invalid input: expected
 * number, received string") names neither the unit nor the allowed range.
 */
import type { z } from "zod";
import { joinPath, formatPath } from "./paths";
import {
  boundText, describeExpected, knownKeys, numberShape, schemaAt, unwrap, valueAt,
} from "./schemaAt";
import { closest } from "./closest";

import type { FieldError } from "./findings";
type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;

/** A short picture of a JSON value for "got …". */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  return String(value);
}

const COUNT_NOUNS: Record<string, [string, string]> = {
  replicas: ["replica", "replicas"], actions: ["action", "actions"], between: ["node name", "node names"],
};

function countNoun(path: readonly PropertyKey[], n: number): string {
  const last = path[path.length - 1];
  const nouns = (typeof last === "string" && Object.hasOwn(COUNT_NOUNS, last) ? COUNT_NOUNS[last] : undefined) ?? ["item", "items"];
  return `${n} ${n === 1 ? nouns[0] : nouns[1]}`;
}

function sizeMessage(issue: Extract<Issue, { code: "too_big" | "too_small" }>, schema: Schema | null, value: unknown): string {
  const small = issue.code === "too_small";
  const bound = Number(small ? issue.minimum : issue.maximum);
  const quantity = small ? (issue.exact ? "exactly" : "at least") : issue.exact ? "exactly" : "at most";
  if (issue.origin === "array") {
    const got = Array.isArray(value) ? (value.length === 0 ? "an empty list" : countNoun(issue.path, value.length)) : describeValue(value);
    return `expected ${quantity} ${countNoun(issue.path, bound)}, got ${got}`;
  }
  if (issue.origin === "string") {
    if (small && bound === 1) return `expected a non-empty string, got ""`;
    const length = typeof value === "string" ? value.length : 0;
    return `expected ${quantity} ${bound} characters, got ${length}`;
  }
  const shape = numberShape(schema);
  const noun = shape?.integer ? "a whole number" : "a number";
  // Both ends when the range is closed: "a whole number from 0 to 2147483647", not one bound of two.
  if (shape?.min?.inclusive && shape.max?.inclusive) {
    return `expected ${noun} from ${shape.min.value} to ${shape.max.value}, got ${describeValue(value)}`;
  }
  const text = boundText({ value: bound, inclusive: issue.inclusive !== false }, small ? "min" : "max");
  return `expected ${noun} ${text}, got ${describeValue(value)}`;
}

function unknownKeyErrors(issue: Extract<Issue, { code: "unrecognized_keys" }>, schema: Schema | null, value: unknown): FieldError[] {
  const known = knownKeys(schema, value);
  const allowed = known.length === 0 ? "this object takes no fields" : `known: ${known.join(", ")}`;
  return issue.keys.map((key) => {
    const guess = closest(key, known);
    const hint = guess === null ? "" : `; did you mean ${JSON.stringify(guess)}?`;
    return { path: joinPath(formatPath(issue.path), key), message: `unknown field ${JSON.stringify(key)} (${allowed})${hint}` };
  });
}

function unionMessage(issue: Extract<Issue, { code: "invalid_union" }>, value: { present: boolean; value: unknown }): string {
  if (issue.discriminator === undefined || !("options" in issue) || issue.options === undefined) {
    return `does not match any allowed form (${issue.message})`;
  }
  const valid = issue.options.map(String).join(", ");
  if (!value.present) return `missing; expected one of: ${valid}`;
  const guess = typeof value.value === "string" ? closest(value.value, issue.options.map(String)) : null;
  const hint = guess === null ? "" : `; did you mean "${guess}"?`;
  return `unknown ${issue.discriminator} ${describeValue(value.value)} (valid: ${valid})${hint}`;
}

function issueMessage(issue: Issue, schema: Schema | null, at: { present: boolean; value: unknown }): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.path.length === 0) return `the scenario must be a JSON object, got ${describeValue(at.value)}`;
      if (!at.present) return `missing; expected ${describeExpected(schema)}`;
      return `expected ${describeExpected(schema)}, got ${describeValue(at.value)}`;
    case "too_big":
    case "too_small":
      return sizeMessage(issue, schema, at.value);
    case "invalid_format":
    case "invalid_value":
      return `expected ${describeExpected(schema)}, got ${describeValue(at.value)}`;
    case "invalid_union":
      return unionMessage(issue, at);
    default:
      return issue.message;
  }
}

/** One or more readable errors for one zod issue (an unknown-keys issue yields one per key). */
export function issueToErrors(issue: Issue, root: Schema, input: unknown): FieldError[] {
  const schema = schemaAt(root, issue.path, input);
  if (issue.code === "unrecognized_keys") {
    return unknownKeyErrors(issue, schema === null ? null : unwrap(schema), valueAt(input, issue.path).value);
  }
  const at = valueAt(input, issue.path);
  return [{ path: formatPath(issue.path), message: issueMessage(issue, schema, at) }];
}


/**
 * zod's int() adds the safe-integer range to a field's own: 1e308 for the seed would be told
 * both "≤ 9007199254740991" and "≤ 2147483647". Only the tighter limit is the field's.
 */
function tighterBounds(issues: readonly Issue[]): Issue[] {
  const key = (issue: Issue) => `${issue.code}\u0000${issue.path.map(String).join("\u0000")}`;
  const sizeIssues = new Map<string, number>();
  for (const issue of issues) {
    if (issue.code === "too_big" || issue.code === "too_small") sizeIssues.set(key(issue), (sizeIssues.get(key(issue)) ?? 0) + 1);
  }
  return issues.filter((issue) => {
    if ((sizeIssues.get(key(issue)) ?? 0) < 2) return true;
    if (issue.code === "too_big") return Number(issue.maximum) !== Number.MAX_SAFE_INTEGER;
    if (issue.code === "too_small") return Number(issue.minimum) !== Number.MIN_SAFE_INTEGER;
    return true;
  });
}

/** Readable errors for all of a parse's issues, against the schema at the root of `input`. */
export function issuesToErrors(issues: readonly Issue[], root: Schema, input: unknown): FieldError[] {
  return tighterBounds(issues).flatMap((issue) => issueToErrors(issue, root, input));
}
