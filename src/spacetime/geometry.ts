/*
 * A space-time diagram's geometry, in lanes and microseconds (the view maps them to pixels):
 * one lane per node, then one per client session; an arrow per message, a span per client
 * operation, a band per fault, a mark per promotion, truncation or discard. Only what meets the
 * window [fromUs, toUs] is returned, so the view draws what is visible. Pure.
 */
import type { Band } from "../engine/trace/recorder";
import {
  TAG_ACK_APPLY, TAG_ACK_FLUSH, TAG_ACK_WRITE, TAG_CONTROL, TAG_KEEPALIVE, TAG_REPLY, TAG_WAL, type Span, type TraceBook,
} from "./book";
import { lsnText } from "./lsn";

export type ArrowKind = "wal" | "ack-write" | "ack-flush" | "ack-apply" | "reply" | "keepalive" | "control";

export interface Lane {
  kind: "node" | "session";
  name: string;
}

export interface Arrow {
  /** index of the message in the book */
  index: number;
  kind: ArrowKind;
  from: number;
  to: number;
  sentUs: number;
  arriveUs: number;
  /** e.g. "WAL 0/1F0–0/228", "flush 0/228" */
  readonly label: string;
}

export interface SpanGeom {
  span: Span;
  lane: number;
  invokeUs: number;
  /** the completion, or the window's now for an operation still waiting */
  endUs: number;
  stale: boolean;
  lost: boolean;
}

export interface BandGeom {
  band: Band;
  lane: number;
  peerLane: number | null;
  fromUs: number;
  /** its end, or now while it is open */
  toUs: number;
}

export interface Mark {
  kind: "promote" | "truncate" | "discard";
  lane: number;
  atUs: number;
  text: string;
}

export interface Diagram {
  lanes: Lane[];
  arrows: Arrow[];
  /** messages in the window not drawn because keepalives (and replies that advance nothing) are folded */
  folded: number;
  spans: SpanGeom[];
  bands: BandGeom[];
  marks: Mark[];
}

export interface DiagramOptions {
  fromUs: number;
  toUs: number;
  /** the run's now: open spans and bands end here, later messages are not shown */
  nowUs: number;
  showKeepalives: boolean;
}

const KIND_OF_TAG: Record<number, ArrowKind> = {
  [TAG_WAL]: "wal", [TAG_ACK_WRITE]: "ack-write", [TAG_ACK_FLUSH]: "ack-flush", [TAG_ACK_APPLY]: "ack-apply",
  [TAG_REPLY]: "reply", [TAG_KEEPALIVE]: "keepalive", [TAG_CONTROL]: "control",
};
const CONTROL_NAMES = ["", "", "", "", "connect", "connected", "refused", "close"];

/** Lanes: every node in index order, then sessions in order of their first operation. */
export function lanesOf(book: TraceBook): Lane[] {
  const lanes: Lane[] = book.names.map((name) => ({ kind: "node", name }));
  for (const name of book.sessions) lanes.push({ kind: "session", name });
  return lanes;
}

export function diagramOf(book: TraceBook, o: DiagramOptions): Diagram {
  const lanes = lanesOf(book);
  const laneOf = new Map<string, number>();
  lanes.forEach((l, i) => laneOf.set(`${l.kind}:${l.name}`, i));
  const node = (name: string | null) => (name === null ? -1 : laneOf.get(`node:${name}`) ?? -1);
  const { arrows, folded } = arrowsIn(book, o);
  const spans: SpanGeom[] = [];
  for (const s of book.spansIn(o.fromUs, o.toUs, o.nowUs)) {
    spans.push({ span: s, lane: laneOf.get(`session:${s.process}`)!, invokeUs: s.invokeUs, endUs: s.endUs ?? o.nowUs,
      stale: book.staleReads.has(s.op), lost: s.lostUs !== null });
  }
  const bands: BandGeom[] = [];
  for (const b of book.bands) {
    const toUs = b.toUs ?? o.nowUs;
    if (b.fromUs > o.toUs || toUs < o.fromUs || b.fromUs > o.nowUs) continue;
    bands.push({ band: b, lane: node(b.node), peerLane: b.peer === null ? null : node(b.peer), fromUs: b.fromUs, toUs });
  }
  const marks: Mark[] = [];
  for (const e of book.cluster) {
    if (e.timeUs < o.fromUs || e.timeUs > o.toUs || e.timeUs > o.nowUs) continue;
    const text = e.type === "promote" ? `${e.node} promoted (timeline ${e.timeline}, switch point ${lsnText(e.lsn)})`
      : e.type === "truncate" ? `${e.node} lost its unflushed WAL past ${lsnText(e.lsn)}`
        : `${e.node}: ${e.how} discarded its WAL from ${lsnText(e.lsn)}`;
    marks.push({ kind: e.type, lane: node(e.node), atUs: e.timeUs, text });
  }
  return { lanes, arrows, folded, spans, bands, marks };
}

/** Messages on the way during the window (sent before its end, arrived after its start). */
function arrowsIn(book: TraceBook, o: DiagramOptions): { arrows: Arrow[]; folded: number } {
  const arrows: Arrow[] = [];
  let folded = 0;
  const last = book.firstArrivingFrom(Math.min(o.toUs, o.nowUs) + book.maxTransitUs + 1);
  for (let i = book.firstArrivingFrom(o.fromUs); i < last; i++) {
    const sent = book.sentUs[i]!;
    if (sent > o.toUs || sent > o.nowUs) continue;
    const tag = book.tag[i]!;
    if (!o.showKeepalives && (tag === TAG_KEEPALIVE || tag === TAG_REPLY)) { folded++; continue; }
    arrows.push(new ArrowOf(book, i, KIND_OF_TAG[tag]!, sent));
  }
  return { arrows, folded };
}

/** An arrow whose label is worded only when asked (a frame of thousands labels at most a few dozen). */
class ArrowOf implements Arrow {
  readonly from: number;
  readonly to: number;
  readonly arriveUs: number;
  constructor(private readonly book: TraceBook, readonly index: number, readonly kind: ArrowKind, readonly sentUs: number) {
    this.from = book.from[index]!;
    this.to = book.to[index]!;
    this.arriveUs = book.arriveUs[index]!;
  }

  get label(): string {
    return labelOf(this.book, this.index);
  }
}

/** What a message says, in the words of pg_stat_replication. */
export function labelOf(book: TraceBook, i: number, tag = book.tag[i]!): string {
  switch (tag) {
    case TAG_WAL: return `WAL ${lsnText(book.start[i]!)}–${lsnText(book.end[i]!)}`;
    case TAG_ACK_WRITE: return `write ${lsnText(book.write[i]!)}`;
    case TAG_ACK_FLUSH: return `flush ${lsnText(book.flush[i]!)}`;
    case TAG_ACK_APPLY: return `replay ${lsnText(book.replay[i]!)}`;
    case TAG_REPLY: return `status ${lsnText(book.flush[i]!)}`;
    case TAG_KEEPALIVE: return "keepalive";
    default: return CONTROL_NAMES[book.kind[i]!] ?? "message";
  }
}
