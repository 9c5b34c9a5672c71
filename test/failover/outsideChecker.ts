/*
 * An outside checker of lost acknowledged writes, written from docs/formats.md ("The history")
 * alone: it reads the --history lines as plain JSON and uses nothing of the engine. It follows
 * the timelines through the `promote` lines, the WAL a crash dropped through `truncate`, and at
 * the `end` line classes every acknowledged write as durable, at risk at the end, or lost. It
 * also keeps the `lost` / `restored` lines' own account, to compare with.
 */

/** One history line, as much of it as this checker reads. */
interface Line {
  type: string;
  f?: string;
  op?: number;
  timeUs: number;
  lsn?: number | null;
  timeline?: number | null;
  parentTimeline?: number;
  insertLsn?: number;
}

export interface OutsideCount {
  durable: number;
  atRisk: number;
  lost: number;
  /** op ids of the lost ones, ascending */
  lostOps: number[];
  /** `lost` lines less `restored` lines */
  lostLines: number;
  /** writes whose last lost/restored line is `lost`, ascending */
  lostByLines: number[];
}

interface Acked { timeline: number; lsn: number; seq: number }

export function countLosses(text: string): OutsideCount {
  const lines = text.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as Line);
  /** per timeline: its parent and the switch LSN (timeline 1 has none) */
  const forks = new Map<number, { parent: number; switchLsn: number }>();
  /** per timeline: each truncation's kept LSN and its line number */
  const truncations = new Map<number, { lsn: number; seq: number }[]>();
  const acked = new Map<number, Acked>();
  const lostMark = new Map<number, boolean>();
  let lostLines = 0, end: Line | null = null;
  lines.forEach((e, seq) => {
    switch (e.type) {
      case "promote": forks.set(e.timeline!, { parent: e.parentTimeline!, switchLsn: e.lsn! }); break;
      case "truncate": truncations.set(e.timeline!, [...(truncations.get(e.timeline!) ?? []), { lsn: e.lsn!, seq }]); break;
      case "end": end = e; break;
      case "ok": if (e.f === "write") acked.set(e.op!, { timeline: e.timeline!, lsn: e.lsn!, seq }); break;
      case "lost": lostLines++; lostMark.set(e.op!, true); break;
      case "restored": lostLines--; lostMark.set(e.op!, false); break;
    }
  });
  if (end === null) throw new Error("the history has no end line");
  const last: Line = end;
  /** whether the record of `w` is in the end timeline's history up to `upTo` */
  const holds = (w: Acked, upTo: number): boolean => {
    if ((truncations.get(w.timeline) ?? []).some((t) => t.seq > w.seq && t.lsn < w.lsn)) return false;
    let tl = last.timeline!, bound = upTo;
    while (tl !== w.timeline) {
      const fork = forks.get(tl);
      if (!fork) return false;
      bound = Math.min(bound, fork.switchLsn);
      tl = fork.parent;
    }
    return w.lsn <= bound;
  };
  const out: OutsideCount = { durable: 0, atRisk: 0, lost: 0, lostOps: [], lostLines,
    lostByLines: [...lostMark].filter(([, lost]) => lost).map(([op]) => op).sort((a, b) => a - b) };
  for (const [op, w] of acked) {
    if (holds(w, last.lsn!)) out.durable++;
    else if (holds(w, last.insertLsn!)) out.atRisk++;
    else { out.lost++; out.lostOps.push(op); }
  }
  out.lostOps.sort((a, b) => a - b);
  return out;
}
