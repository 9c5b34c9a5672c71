/*
 * The worker is where commands from the page meet the engine, so it checks them first: the
 * shape and ranges against the scenario schema's action (the same rules a scenario file obeys),
 * and synchronous_standby_names as PostgreSQL parses it (PostgreSQL refuses a bad value at
 * reload and keeps the old one: so do we). A refused command leaves every setting as it was.
 */
import { actionSchema } from "../engine/scenario/schema";
import { parseStandbyNames } from "../engine/commit/standbyNames";
import type { Command } from "../engine/views";

export type CommandCheck = { ok: true; cmd: Command } | { ok: false; message: string };

export function checkCommand(input: unknown): CommandCheck {
  if (typeof input !== "object" || input === null) return { ok: false, message: "a command is an object with an op" };
  const parsed = actionSchema.safeParse({ ...input, atMs: 0 });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { ok: false, message: `${where}${issue?.message ?? "invalid command"}` };
  }
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
