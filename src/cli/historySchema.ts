/*
 * One line of the --history file as a zod schema: the source of schemas/history-event.schema.json
 * for outside checkers. Mirrors HistoryEvent in src/engine/views.ts; the check at the bottom
 * fails to compile when the two drift apart.
 */
import { z } from "zod";
import type { HistoryEvent } from "../engine/views";

const lsn = z.number().describe("a WAL position, bytes");
const timeUs = z.number().describe("virtual time, µs");

const operationEvent = z.object({
  type: z.enum(["invoke", "ok", "fail", "info", "lost", "restored", "pending"])
    .describe("invoke, then one of ok / fail / info (outcome unknown); lost: an acknowledged write the engine found lost; " +
      "restored: a write declared lost that a later promotion brought back; pending: at the end, a write still unanswered, with its LSN"),
  f: z.enum(["write", "read"]),
  op: z.number().int().describe("operation id, shared by the invoke and its completion"),
  process: z.string().describe("the session (Jepsen's process)"),
  key: z.string(),
  value: z.string().nullable().describe("written value, or the value a read returned (null: none)"),
  timeUs,
  node: z.string().nullable(),
  lsn: z.number().nullable().describe("commit LSN of a write, or the LSN of the version a read returned"),
  timeline: z.number().int().nullable(),
  writeOp: z.number().int().nullable().optional().describe("read ok: op id of the write whose value it returned"),
  action: z.number().int().nullable().describe("index of the scripted action, null for workload operations"),
  error: z.string().optional(),
  unchanged: z.boolean().optional().describe("a write's ok: an update or delete that matched no row"),
  warning: z.string().optional()
    .describe("e.g. PostgreSQL's \"the transaction has already committed locally, but might not have been replicated\""),
  policy: z.string().optional().describe("a read's completion: the routing policy it went by (\"named node\" when it named its node)"),
  fellBack: z.boolean().optional().describe("a read's completion: the policy wanted a replica and sent it to the primary"),
  breaker: z.boolean().optional().describe("a read's completion: the circuit breaker sent it to a replica instead of the primary"),
});

const promoteEvent = z.object({
  type: z.literal("promote").describe("a standby became the primary on a new timeline"),
  timeUs,
  node: z.string().describe("the new primary"),
  from: z.string().describe("the primary it replaced"),
  automatic: z.boolean(),
  timeline: z.number().int().describe("the new timeline"),
  parentTimeline: z.number().int(),
  lsn: lsn.describe("the switch point: the new timeline holds the parent's WAL up to here"),
});

const truncateEvent = z.object({
  type: z.literal("truncate").describe("a primary's crash dropped its unflushed WAL: records of timeline past lsn are gone"),
  timeUs,
  node: z.string(),
  timeline: z.number().int(),
  lsn: lsn.describe("what the node kept: WAL up to here"),
});

const discardEvent = z.object({
  type: z.literal("discard").describe("a rewind or re-clone threw away a node's WAL from lsn on"),
  timeUs,
  node: z.string(),
  how: z.enum(["rewind", "reclone"]),
  timeline: z.number().int(),
  lsn,
  writes: z.number().int(),
  acknowledgedWrites: z.number().int(),
});

const endEvent = z.object({
  type: z.literal("end").describe("the last line: the final primary and how far its WAL reaches (all null in a multi-primary run)"),
  timeUs,
  node: z.string().nullable().describe("the final primary (null in a multi-primary run: every node is one)"),
  timeline: z.number().int().nullable(),
  lsn: lsn.nullable().describe("its flushed position: what survives a crash"),
  insertLsn: lsn.nullable().describe("the end of its WAL (past lsn: acknowledged but not yet flushed)"),
});

export const historyEventSchema = z.discriminatedUnion("type",
  [operationEvent, promoteEvent, truncateEvent, discardEvent, endEvent]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const historyMatchesType: Same<z.output<typeof historyEventSchema>, HistoryEvent> = true;
void historyMatchesType;
