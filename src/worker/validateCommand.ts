/*
 * The worker is where commands from the page meet the engine, so it checks them first, by the
 * rules a scenario file's actions obey (one validator for both: shape and size, the action
 * schema, actionChecks.ts), and synchronous_standby_names as PostgreSQL parses it (PostgreSQL
 * refuses a bad value at reload and keeps the old one: so do we). A refused command leaves
 * every setting as it was; the answer says what is expected, in the file's own words.
 */
import { actionSchema } from "../engine/scenario/schema";
import { checkInputShape } from "../engine/scenario/inputShape";
import { issuesToErrors } from "../engine/scenario/issueMessages";
import { checkActionAlone } from "../engine/scenario/actionChecks";
import { newFindings, type FieldError } from "../engine/scenario/findings";
import { parseStandbyNames } from "../engine/commit/standbyNames";
import type { Command } from "../engine/views";

export type CommandCheck = { ok: true; cmd: Command } | { ok: false; message: string };

const sentence = (e: FieldError) => (e.path === "" ? e.message : `${e.path}: ${e.message}`);

/** The op a command claims, for the refusal's heading ("command" when it claims none). */
export function opOf(input: unknown): string {
  const op = typeof input === "object" && input !== null ? (input as { op?: unknown }).op : undefined;
  return typeof op === "string" ? op.slice(0, 40) : "command";
}

export function checkCommand(input: unknown): CommandCheck {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, message: "a command is an object with an op" };
  }
  const shape = checkInputShape(input);
  if (shape !== null) return { ok: false, message: sentence(shape) };
  const timed = { ...input, atMs: 0 };
  const parsed = actionSchema.safeParse(timed);
  if (!parsed.success) {
    const errors = issuesToErrors(parsed.error.issues, actionSchema, timed);
    return { ok: false, message: errors[0] ? sentence(errors[0]) : "invalid command" };
  }
  const out = newFindings();
  checkActionAlone(parsed.data, "", out);
  if (out.errors[0]) return { ok: false, message: sentence(out.errors[0]) };
  const { atMs: _atMs, ...cmd } = parsed.data;
  const names = cmd.op === "configure" ? cmd.postgres?.synchronous_standby_names : undefined;
  if (names !== undefined) {
    const standby = parseStandbyNames(names);
    if (!standby.ok) {
      return { ok: false, message: `invalid value for parameter "synchronous_standby_names": '${names}' (${standby.error})` };
    }
  }
  return { ok: true, cmd: cmd as Command };
}
