import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AckIndex, NONE, type AckFacts } from "../../src/engine/checker/ackIndex";

/*
 * The checker's store of acknowledged writes against a plain list, with a tiny capacity so that
 * compaction runs again and again.
 */

interface Row { op: number; seq: number; key: number; process: number; lost: boolean }

type Step =
  | { t: "ack"; key: number; process: number; back: number }
  | { t: "lose"; key: number; pick: number }
  | { t: "ask"; key: number; process: number; back: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant("ack" as const), key: fc.nat(3), process: fc.nat(2), back: fc.nat(3) }), weight: 6 },
  { arbitrary: fc.record({ t: fc.constant("lose" as const), key: fc.nat(3), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("ask" as const), key: fc.nat(3), process: fc.integer({ min: -1, max: 2 }),
    back: fc.nat(6) }), weight: 3 },
);

/** the naive answer: the largest op of the key acknowledged before beforeSeq, not lost, by process */
function naive(rows: Row[], key: number, beforeSeq: number, process: number): Row | undefined {
  let best: Row | undefined;
  for (const r of rows) {
    if (r.key !== key || r.seq >= beforeSeq || r.lost || (process >= 0 && r.process !== process)) continue;
    if (!best || r.op > best.op) best = r;
  }
  return best;
}

/** marks one not yet lost row of the key lost (the index reads it through its facts) */
function loseOne(rows: Row[], s: { key: number; pick: number }): void {
  const mine = rows.filter((r) => r.key === s.key && !r.lost);
  if (mine.length === 0) return;
  mine[s.pick % mine.length]!.lost = true;
}

/** the index's facts, read from the list's rows by op (ack time, LSN and timeline derived from the op) */
function factsOf(rows: Row[]): AckFacts {
  const byOp = (op: number) => rows.find((r) => r.op === op)!;
  return { process: (op) => byOp(op).process, lost: (op) => byOp(op).lost, ackUs: (op) => op * 10, lsn: (op) => op * 100,
    timeline: () => 1 };
}

function run(steps: Step[], keep: number, check: (got: number, want: Row | undefined, index: AckIndex) => void): AckIndex {
  const rows: Row[] = [];
  const index = new AckIndex(factsOf(rows), 4, keep);
  let nextOp = 10, seq = 0;
  for (const s of steps) {
    if (s.t === "ack") {
      // Mostly in op order; `back` > 0 acknowledges an op below the newest (a commit released late).
      // Ops are whole numbers (write ids); 4n - 7b never repeats for b in 0..3.
      const op = nextOp * 4 - s.back * 7;
      nextOp++;
      // Queries below ask at most 6 acks back: everything after that is "pending" and must be kept.
      if (index.full) index.makeRoom(Math.max(0, seq - 6), seq);
      index.add(op, seq, s.key);
      rows.push({ op, seq, key: s.key, process: s.process, lost: false });
      seq++;
    } else if (s.t === "lose") {
      loseOne(rows, s);
    } else {
      const beforeSeq = Math.max(0, seq - s.back);
      check(index.latest(s.key, beforeSeq, s.process), naive(rows, s.key, beforeSeq, s.process), index);
    }
  }
  return index;
}

describe("AckIndex", () => {
  it("answers like the plain list when nothing was lost and no process is asked for, through compactions", () => {
    const noLoss = fc.array(stepArb.filter((s) => s.t !== "lose").map((s) => (s.t === "ask" ? { ...s, process: -1 } : s)),
      { minLength: 50, maxLength: 400 });
    fc.assert(fc.property(noLoss, fc.integer({ min: 1, max: 4 }), (steps, keep) => {
      run(steps, keep, (got, want, index) => {
        expect(got === NONE ? undefined : [index.op[got], index.seq[got]]).toEqual(want ? [want.op, want.seq] : undefined);
      });
    }), { numRuns: 300 });
  });

  it("with losses and per-process questions, answers like the plain list or, past `keep` rows skipped, not at all", () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 50, maxLength: 400 }), fc.integer({ min: 1, max: 4 }), (steps, keep) => {
      run(steps, keep, (got, want, index) => {
        if (got === NONE) return;
        expect(want).toBeDefined();
        expect([index.op[got], index.seq[got]]).toEqual([want!.op, want!.seq]);
      });
    }), { numRuns: 300 });
  });

  it("answers exactly like the plain list while it has not compacted", () => {
    fc.assert(fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
      const rows: Row[] = [];
      const index = new AckIndex(factsOf(rows), 1024);
      let seq = 0;
      for (const s of steps) {
        if (s.t === "ack") {
          // Op ids are unique, as write ids are, and sometimes below an earlier one (a late ack).
          const op = seq * 4 - s.back * 5;
          index.add(op, seq, s.key);
          rows.push({ op, seq, key: s.key, process: s.process, lost: false });
          seq++;
        } else if (s.t === "lose") {
          loseOne(rows, s);
        } else {
          const got = index.latest(s.key, seq - s.back, s.process);
          const want = naive(rows, s.key, seq - s.back, s.process);
          expect(got === NONE ? undefined : index.op[got]).toBe(want?.op);
        }
      }
    }), { numRuns: 300 });
  });

  it("keeps memory bounded: a long run over few keys holds about keys × keep rows", () => {
    const facts: AckFacts = { process: () => 0, lost: () => false, ackUs: (op) => op, lsn: (op) => op, timeline: () => 1 };
    const index = new AckIndex(facts, 1024, 32);
    for (let i = 0; i < 200_000; i++) {
      if (index.full) index.makeRoom(Infinity, i);
      index.add(i, i, i % 10);
    }
    expect(index.size).toBeLessThanOrEqual(1024);
    expect(index.size).toBeGreaterThanOrEqual(320);
    // The newest acknowledgement of a key is always there.
    expect(index.op[index.latest(3, Infinity, -1)]).toBe(199_993);
  });
});
