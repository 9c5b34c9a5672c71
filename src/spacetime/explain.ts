/*
 * Explanations of the checker's findings in Elle's "Let … Then …" form, built from the run's
 * trace: the operations that prove an anomaly, with the times and WAL positions that show why
 * ("Let W be alice's write of x=4, acknowledged at 1.204 s. Then R, bob's read of x on s2 at
 * 1.230 s, returned 3: s2 had replayed up to 0/1F0 and W ends at 0/228"). Pure.
 */
import type { Anomaly } from "../engine/views";
import type { Band } from "../engine/trace/recorder";
import { TAG_WAL, type Span, type TraceBook } from "./book";
import { lsnText, secondsText } from "./lsn";

/** Where the missed write's WAL was, towards the read's node, when the read ran. */
export interface WalWhere {
  /** index of the WAL message (in the book) that carried the write to the read's node, if any */
  message: number | null;
  state: "not-sent" | "on-the-wire" | "received-not-replayed" | "unknown";
}

export interface Explanation {
  anomaly: Anomaly;
  title: string;
  /** the "Let" sentences, then the "Then" sentence */
  lets: string[];
  then: string;
  /** operations it names: the read(s) and the write */
  ops: number[];
  /** the write's WAL towards the read's node (stale reads) */
  wal: WalWhere | null;
  /** the fault band and the promotion (or truncation, discard) that lost a write */
  band: Band | null;
  markUs: number | null;
  /** the span of time worth showing: from the write's invocation to the finding */
  fromUs: number;
  toUs: number;
}

const TITLES: Record<Anomaly["kind"], string> = {
  "stale-read": "Stale read", "read-your-writes": "Read-your-writes violation", "monotonic-read": "Monotonic-read violation",
  "lost-write": "Acknowledged write lost",
};

function valueText(v: string | null): string {
  return v === null ? "nothing (no version of the key)" : JSON.stringify(v);
}

function writeText(w: Span, name: string): string {
  const ack = w.endUs === null ? "not yet acknowledged" : `acknowledged at ${secondsText(w.endUs)}`;
  const end = w.lsn === null ? "" : ` (its WAL record ends at ${lsnText(w.lsn)})`;
  return `Let ${name} be ${w.process}'s write of ${w.key}=${JSON.stringify(w.value ?? "")}, ${ack}${end}.`;
}

export function explain(book: TraceBook, a: Anomaly): Explanation | null {
  if (a.kind === "lost-write") return explainLost(book, a);
  const r = a.read === null ? undefined : book.spans.get(a.read);
  if (!r) return null;
  if (a.kind === "monotonic-read") return explainMonotonic(book, a, r);
  const w = a.write === null ? undefined : book.spans.get(a.write);
  if (!w) return null;
  const wal = walWhere(book, w, r);
  const replayed = r.replayLsn === null ? "" : `${r.node} had replayed up to ${lsnText(r.replayLsn)}`;
  const ends = w.lsn === null ? "" : ` and W ends at ${lsnText(w.lsn)}`;
  const why = [replayed + ends, walSentence(book, wal, r)].filter((s) => s !== "").join("; ");
  const own = a.kind === "read-your-writes" ? ` (${r.process}'s own write)` : "";
  const lag = a.lagMs === null ? "" : ` W had been acknowledged for ${a.lagMs} ms when R began.`;
  return {
    anomaly: a, title: TITLES[a.kind], lets: [writeText(w, "W") + own.replace(/^ /, " ")],
    then: `Then R, ${r.process}'s read of ${r.key} on ${r.node} at ${secondsText(r.invokeUs)}, returned ${valueText(r.value)}` +
      `${why ? `: ${why}` : ""}.${lag}`,
    ops: [r.op, w.op], wal, band: null, markUs: null, fromUs: w.invokeUs, toUs: r.endUs ?? r.invokeUs,
  };
}

function explainMonotonic(book: TraceBook, a: Anomaly, r: Span): Explanation | null {
  const prev = a.previousRead === null ? undefined : book.spans.get(a.previousRead);
  if (!prev) return null;
  return {
    anomaly: a, title: TITLES[a.kind],
    lets: [`Let R1 be ${prev.process}'s read of ${prev.key} on ${prev.node} at ${secondsText(prev.invokeUs)}, which returned ` +
      `${valueText(prev.value)}${prev.lsn === null ? "" : ` (written at ${lsnText(prev.lsn)})`}.`],
    then: `Then R2, ${r.process}'s later read of ${r.key} on ${r.node} at ${secondsText(r.invokeUs)}, returned ${valueText(r.value)}` +
      `${r.lsn === null ? "" : ` (written at ${lsnText(r.lsn)})`}: an older version than the session had already seen` +
      `${r.replayLsn === null ? "" : `; ${r.node} had replayed up to ${lsnText(r.replayLsn)}`}.`,
    ops: [prev.op, r.op], wal: null, band: null, markUs: null, fromUs: prev.invokeUs, toUs: r.endUs ?? r.invokeUs,
  };
}

/** The WAL message that carried write w to the read's node, and where it was when the read ran. */
export function walWhere(book: TraceBook, w: Span, r: Span): WalWhere {
  if (w.lsn === null || r.node === null) return { message: null, state: "unknown" };
  const node = book.names.indexOf(r.node);
  const from = w.node === null ? -1 : book.names.indexOf(w.node);
  for (let i = book.firstArrivingFrom(w.invokeUs); i < book.count; i++) {
    if (book.tag[i] !== TAG_WAL || book.to[i] !== node || (from >= 0 && book.from[i] !== from)) continue;
    if (book.start[i]! < w.lsn && w.lsn <= book.end[i]!) {
      if (book.sentUs[i]! > r.invokeUs) return { message: i, state: "not-sent" };
      return { message: i, state: book.arriveUs[i]! > r.invokeUs ? "on-the-wire" : "received-not-replayed" };
    }
  }
  // No message carried it (yet, or the book does not reach so far): it was not sent before the read.
  return { message: null, state: "not-sent" };
}

function walSentence(book: TraceBook, wal: WalWhere, r: Span): string {
  const i = wal.message;
  switch (wal.state) {
    case "on-the-wire":
      return `W's WAL was on the wire to ${r.node} (sent at ${secondsText(book.sentUs[i!]!)}, arriving at ${secondsText(book.arriveUs[i!]!)})`;
    case "received-not-replayed":
      return `${r.node} had received W's WAL at ${secondsText(book.arriveUs[i!]!)} but not yet replayed it`;
    case "not-sent":
      return i === null ? `W's WAL had not been sent to ${r.node}`
        : `W's WAL was sent to ${r.node} only at ${secondsText(book.sentUs[i]!)}`;
    default: return "";
  }
}

function explainLost(book: TraceBook, a: Anomaly): Explanation | null {
  const w = a.write === null ? undefined : book.spans.get(a.write);
  if (!w) return null;
  const band = faultBefore(book, w.node, a.atUs);
  const promote = book.cluster.find((e) => e.type === "promote" && e.timeUs === a.atUs);
  const truncate = book.cluster.find((e) => e.type === "truncate" && e.timeUs === a.atUs);
  const discard = book.cluster.find((e) => e.type === "discard" && e.timeUs === a.atUs);
  const lets = [writeText(w, "W")];
  if (band) lets.push(`Let F be the ${faultWords(band)} of ${band.node} at ${secondsText(band.fromUs)}.`);
  let then: string;
  const wEnd = w.lsn === null ? "" : ` W ends at ${lsnText(w.lsn)}`;
  if (promote && promote.type === "promote") {
    then = `Then ${promote.node} was promoted at ${secondsText(promote.timeUs)} on timeline ${promote.timeline} with switch point ` +
      `${lsnText(promote.lsn)}:${wEnd}${w.lsn !== null && w.lsn > promote.lsn ? ", past it" : ""}, so the history that won does not hold W.`;
  } else if (truncate && truncate.type === "truncate") {
    then = `Then ${truncate.node}'s crash dropped its unflushed WAL past ${lsnText(truncate.lsn)} at ${secondsText(truncate.timeUs)}:` +
      `${wEnd}, acknowledged but never flushed (synchronous_commit = off).`;
  } else if (discard && discard.type === "discard") {
    then = `Then ${discard.node}'s ${discard.how} at ${secondsText(discard.timeUs)} threw its WAL away from ${lsnText(discard.lsn)}:${wEnd}.`;
  } else {
    then = `Then at ${secondsText(a.atUs)} W was found missing from the history that won.`;
  }
  return { anomaly: a, title: TITLES[a.kind], lets, then, ops: [w.op], wal: null, band, markUs: a.atUs,
    fromUs: w.invokeUs, toUs: a.atUs };
}

/** The latest crash, power loss or hang of `node` that began at or before t. */
function faultBefore(book: TraceBook, node: string | null, t: number): Band | null {
  let best: Band | null = null;
  for (const b of book.bands) {
    if (b.node !== node || b.fromUs > t || (b.kind !== "crash" && b.kind !== "power-loss" && b.kind !== "hang")) continue;
    if (!best || b.fromUs > best.fromUs) best = b;
  }
  return best;
}

function faultWords(b: Band): string {
  return b.kind === "power-loss" ? "power loss" : b.kind === "hang" ? "hang" : "crash";
}
