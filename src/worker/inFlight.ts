/*
 * The worker posts messages in flight as typed-array columns (transferred, not copied); the page
 * turns them back into message views for its drawing code. Pure, so both sides and tests share it.
 */
import type { AckCause, InFlightColumns, MessageView } from "../engine/views";

const KIND_NAMES = ["wal", "ack", "keepalive"] as const;
/** AckCause by the engine's FB_* number (src/engine/cluster/state.ts; a unit test keeps them in step) */
export const ACK_CAUSES: readonly AckCause[] = ["write", "flush", "apply", "status", "reply", "start"];

export function messagesFromColumns(c: InFlightColumns): MessageView[] {
  const out = new Array<MessageView>(c.count);
  for (let i = 0; i < c.count; i++) {
    const kind = KIND_NAMES[c.kinds[i]!] ?? "keepalive";
    const v: MessageView = { id: c.ids[i]!, kind, from: c.names[c.from[i]!]!, to: c.names[c.to[i]!]!, sentUs: c.sentUs[i]!,
      arriveUs: c.arriveUs[i]!, lsn: c.lsn[i]! };
    if (kind === "ack") v.ack = { write: c.ackWrite[i]!, flush: c.ackFlush[i]!, replay: c.ackReplay[i]!, cause: ACK_CAUSES[c.ackCause[i]!] ?? "status" };
    out[i] = v;
  }
  return out;
}

/** The buffers to transfer with a snapshot message. */
export function columnBuffers(c: InFlightColumns): ArrayBuffer[] {
  return [c.ids, c.kinds, c.from, c.to, c.sentUs, c.arriveUs, c.lsn, c.ackWrite, c.ackFlush, c.ackReplay, c.ackCause]
    .map((a) => a.buffer as ArrayBuffer);
}
