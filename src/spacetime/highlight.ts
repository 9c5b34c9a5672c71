/*
 * What the diagram brings forward: the operations, messages and moments of the finding being
 * explained, or of the key or session being followed; everything else is dimmed. Pure.
 */
import { TAG_WAL, type Span, type TraceBook } from "./book";
import type { Explanation } from "./explain";
import { lsnText } from "./lsn";

export type Follow = { kind: "key" | "session"; name: string } | null;

export interface Pin {
  node: string;
  atUs: number;
  text: string;
}

export interface Highlight {
  dimOthers: boolean;
  ops: Set<number>;
  /** book indexes of the messages brought forward */
  messages: Set<number>;
  /** the WAL message the explanation points at (drawn thick) */
  wal: number | null;
  pins: Pin[];
}

export const NO_HIGHLIGHT: Highlight = { dimOthers: false, ops: new Set(), messages: new Set(), wal: null, pins: [] };

/** The finding explained; else the key or session followed (over the window [fromUs, toUs]); else nothing. */
export function highlightOf(book: TraceBook, e: Explanation | null, follow: Follow, fromUs: number, toUs: number): Highlight {
  if (e) return ofExplanation(book, e);
  if (follow) return ofFollow(book, follow, fromUs, toUs);
  return NO_HIGHLIGHT;
}

function ofExplanation(book: TraceBook, e: Explanation): Highlight {
  const ops = new Set(e.ops);
  const messages = new Set<number>();
  if (e.wal?.message != null) messages.add(e.wal.message);
  const pins: Pin[] = [];
  const a = e.anomaly;
  const r = a.read === null ? undefined : book.spans.get(a.read);
  const w = a.write === null ? undefined : book.spans.get(a.write);
  if (a.kind === "lost-write" && w) {
    if (w.endUs !== null && w.node) pins.push({ node: w.node, atUs: w.endUs, text: `W acknowledged (ends at ${lsnText(w.lsn ?? 0)})` });
    if (e.band) pins.push({ node: e.band.node, atUs: e.band.fromUs, text: e.band.kind === "power-loss" ? "power lost" : e.band.kind });
    const promote = book.cluster.find((c) => c.type === "promote" && c.timeUs === a.atUs);
    if (promote && promote.type === "promote") pins.push({ node: promote.node, atUs: promote.timeUs, text: `promoted: history up to ${lsnText(promote.lsn)}` });
    messages.clear();
    for (const i of walCarrying(book, w)) messages.add(i);
  } else if (r && r.node) {
    const lag = a.lagMs === null ? "" : `, lag ${a.lagMs} ms`;
    const replayed = r.replayLsn === null ? "" : `replayed to ${lsnText(r.replayLsn)}`;
    const ends = w?.lsn == null ? "" : `; W ends at ${lsnText(w.lsn)}`;
    pins.push({ node: r.node, atUs: r.invokeUs, text: `R: ${replayed}${ends}${lag}` });
  }
  return { dimOthers: true, ops, messages, wal: e.wal?.message ?? null, pins };
}

/** WAL messages whose LSN range holds write w's record end (to every standby). */
function walCarrying(book: TraceBook, w: Span): number[] {
  const out: number[] = [];
  if (w.lsn === null) return out;
  for (let i = book.firstArrivingFrom(w.invokeUs); i < book.count && out.length < 64; i++) {
    if (book.tag[i] === TAG_WAL && book.start[i]! < w.lsn && w.lsn <= book.end[i]!) out.push(i);
  }
  return out;
}

function ofFollow(book: TraceBook, f: NonNullable<Follow>, fromUs: number, toUs: number): Highlight {
  const ops = new Set<number>();
  const lsns: number[] = [];
  for (const s of book.spanList) {
    if (f.kind === "key" ? s.key !== f.name : s.process !== f.name) continue;
    ops.add(s.op);
    if (s.f === "write" && s.lsn !== null) lsns.push(s.lsn);
  }
  lsns.sort((a, b) => a - b);
  const messages = new Set<number>();
  const last = book.firstArrivingFrom(toUs + book.maxTransitUs + 1);
  for (let i = book.firstArrivingFrom(fromUs); i < last; i++) {
    if (book.tag[i] !== TAG_WAL) continue;
    // any followed write whose record ends inside (start, end]
    const k = lowerBound(lsns, book.start[i]! + 1);
    if (k < lsns.length && lsns[k]! <= book.end[i]!) messages.add(i);
  }
  return { dimOthers: true, ops, messages, wal: null, pins: [] };
}

function lowerBound(a: number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (a[m]! < v) lo = m + 1; else hi = m; }
  return lo;
}
