/*
 * One line of the --history file as a zod schema: the source of schemas/history-event.schema.json
 * for outside checkers. Mirrors HistoryEvent in src/engine/views.ts; the check at the bottom
 * fails to compile when the two drift apart.
 */
import { z } from "zod";
import type { HistoryEvent } from "../engine/views";

export const historyEventSchema = z.object({
  type: z.enum(["invoke", "ok", "fail", "info", "lost"])
    .describe("invoke, then one of ok / fail / info (outcome unknown); lost: an acknowledged write the engine found lost"),
  f: z.enum(["write", "read"]),
  op: z.number().int().describe("operation id, shared by the invoke and its completion"),
  process: z.string().describe("the session (Jepsen's process)"),
  key: z.string(),
  value: z.string().nullable().describe("written value, or the value a read returned (null: none)"),
  timeUs: z.number().describe("virtual time, µs"),
  node: z.string().nullable(),
  lsn: z.number().nullable().describe("commit LSN of a write, or the LSN of the version a read returned"),
  timeline: z.number().int().nullable(),
  writeOp: z.number().int().nullable().optional().describe("read ok: op id of the write whose value it returned"),
  action: z.number().int().nullable().describe("index of the scripted action, null for workload operations"),
  error: z.string().optional(),
  warning: z.string().optional()
    .describe("e.g. PostgreSQL's \"the transaction has already committed locally, but might not have been replicated\""),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const historyMatchesType: Same<z.output<typeof historyEventSchema>, HistoryEvent> = true;
void historyMatchesType;
