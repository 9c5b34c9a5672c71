/*
 * What travels from a trace recorder (src/engine/trace) to a space-time diagram: deltas of
 * plain data, messages as typed-array columns (transferable from a worker). `deltaSince` reads a
 * recorder from a cursor; `TraceBook` (book.ts) adds deltas up on the page. Pure: the worker,
 * the page and the tests share it.
 */
import type { Band, MessageColumns, TraceClusterEvent, TraceOpEvent, TraceRecorder } from "../engine/trace/recorder";
import type { Anomaly } from "../engine/views";

export interface MessageBatch extends MessageColumns {
  /** index (since the start of the run) of the first message in the columns */
  first: number;
  count: number;
}

export interface TraceDelta {
  /** node names by index */
  names: string[];
  messages: MessageBatch;
  ops: TraceOpEvent[];
  cluster: TraceClusterEvent[];
  /** every band when any changed since the cursor, else null */
  bands: Band[] | null;
  anomalies: Anomaly[];
}

/** How much of a recorder a reader has already taken. */
export interface TraceCursor {
  messages: number;
  ops: number;
  cluster: number;
  bandVersion: number;
  anomalies: number;
}

export const START_CURSOR: TraceCursor = { messages: 0, ops: 0, cluster: 0, bandVersion: -1, anomalies: 0 };

/** At most this many messages in one delta (the page catches up over the next frames). */
export const MAX_MESSAGES_PER_DELTA = 50_000;

/** What the recorder holds beyond `cursor`, and the cursor after it. */
export function deltaSince(rec: TraceRecorder, cursor: TraceCursor): { delta: TraceDelta; cursor: TraceCursor } {
  const cap = rec.messageCapacity;
  const first = Math.max(cursor.messages, rec.messageCount - cap);
  const count = Math.min(rec.messageCount - first, MAX_MESSAGES_PER_DELTA);
  const messages = sliceMessages(rec.messages, cap, first, count);
  const bandsChanged = rec.bandVersion !== cursor.bandVersion;
  const delta: TraceDelta = {
    names: [...rec.names],
    messages,
    ops: rec.ops.since(cursor.ops),
    cluster: rec.cluster.slice(cursor.cluster),
    bands: bandsChanged ? rec.bands.map((b) => ({ ...b })) : null,
    anomalies: rec.anomalies.slice(cursor.anomalies),
  };
  return { delta, cursor: { messages: first + count, ops: rec.ops.total, cluster: rec.cluster.length,
    bandVersion: rec.bandVersion, anomalies: rec.anomalies.length } };
}

function sliceMessages(c: MessageColumns, cap: number, first: number, count: number): MessageBatch {
  const out: MessageBatch = {
    first, count, kind: new Uint8Array(count), from: new Uint8Array(count), to: new Uint8Array(count),
    sentUs: new Float64Array(count), arriveUs: new Float64Array(count), start: new Float64Array(count),
    end: new Float64Array(count), write: new Float64Array(count), flush: new Float64Array(count), replay: new Float64Array(count),
  };
  for (let k = 0; k < count; k++) {
    const i = (first + k) % cap;
    out.kind[k] = c.kind[i]!; out.from[k] = c.from[i]!; out.to[k] = c.to[i]!; out.sentUs[k] = c.sentUs[i]!;
    out.arriveUs[k] = c.arriveUs[i]!; out.start[k] = c.start[i]!; out.end[k] = c.end[i]!; out.write[k] = c.write[i]!;
    out.flush[k] = c.flush[i]!; out.replay[k] = c.replay[i]!;
  }
  return out;
}

/** The buffers of a delta to transfer with its message. */
export function deltaBuffers(d: TraceDelta): ArrayBuffer[] {
  const m = d.messages;
  return [m.kind, m.from, m.to, m.sentUs, m.arriveUs, m.start, m.end, m.write, m.flush, m.replay].map((a) => a.buffer as ArrayBuffer);
}
