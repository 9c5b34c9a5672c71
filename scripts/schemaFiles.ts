/*
 * The JSON Schema files under schemas/, generated from the zod schemas so they cannot drift.
 * The scenario schema describes input (defaulted fields are optional, with their defaults
 * shown); the report schema describes output (every field is always there).
 */
import { z } from "zod";
import { scenarioSchema } from "../src/engine/scenario/schema";
import { reportSchema } from "../src/cli/reportSchema";
import { historyEventSchema } from "../src/cli/historySchema";
import { sweepSchema } from "../src/sweep/schema";

function render(schema: z.ZodType, io: "input" | "output", title: string): string {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io });
  return `${JSON.stringify({ $schema, title, ...rest }, null, 2)}\n`;
}

/** file name (under schemas/) → content */
export function schemaFiles(): Record<string, string> {
  return {
    "scenario.schema.json": render(scenarioSchema, "input",
      "Replication Lab scenario (see docs/formats.md)"),
    "report.schema.json": render(reportSchema, "output",
      "Replication Lab report, as printed by `npm run sim -- <scenario> --json` (see docs/formats.md)"),
    "history-event.schema.json": render(historyEventSchema, "output",
      "One line of a Replication Lab --history file (JSON lines; see docs/formats.md)"),
    "sweep.schema.json": render(sweepSchema, "input",
      "Replication Lab sweep file, run by `npm run sweep -- <sweep.json>` (see docs/formats.md#sweeps)"),
  };
}
