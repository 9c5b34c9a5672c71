/*
 * `sessions` is the one place a scenario uses names as keys, and a name is user text: a session
 * may be called `__proto__` or `constructor`. zod's record writes each entry with `out[key] =`,
 * so an entry named `__proto__` sets the object's prototype instead and the session vanishes
 * (its reads would route "primary" without a word). So the block is taken out before zod sees
 * the scenario and checked here entry by entry into a null-prototype object whose keys are all
 * own data properties. The schema (and its JSON Schema) still describes `sessions` as a record.
 */
import { sessionSchema, type SessionConfig } from "./schema";
import type { z } from "zod";

export type Sessions = Record<string, SessionConfig>;

export interface SplitInput {
  /** the scenario without its sessions block (or the input as it was, when not an object) */
  rest: unknown;
  /** the sessions block, when the input has one that is an object */
  sessions: Record<string, unknown> | null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function splitSessions(input: unknown): SplitInput {
  if (!isPlainObject(input) || !Object.hasOwn(input, "sessions") || !isPlainObject(input.sessions)) {
    return { rest: input, sessions: null };
  }
  const { sessions, ...rest } = input;
  return { rest, sessions: sessions as Record<string, unknown> };
}

/** Each entry checked by sessionSchema; issues come back with their full path from the root. */
export function parseSessions(block: Record<string, unknown>): { sessions: Sessions; issues: z.core.$ZodIssue[] } {
  const sessions = Object.create(null) as Sessions;
  const issues: z.core.$ZodIssue[] = [];
  for (const name of Object.keys(block)) {
    const parsed = sessionSchema.safeParse(block[name]);
    if (parsed.success) {
      Object.defineProperty(sessions, name, { value: parsed.data, enumerable: true, writable: true, configurable: true });
    } else {
      for (const issue of parsed.error.issues) issues.push({ ...issue, path: ["sessions", name, ...issue.path] });
    }
  }
  return { sessions, issues };
}
