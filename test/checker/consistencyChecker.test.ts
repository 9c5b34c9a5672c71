import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConsistencyChecker, type AnomalyKind } from "../../src/engine/checker/consistencyChecker";
import type { OperationEvent as HistoryEvent } from "../../src/engine/views";

/*
 * The incremental checker against a brute-force reference that reads the whole history and
 * applies the definitions literally, on random histories.
 */

type Step =
  | { t: "wInvoke"; key: number; proc: number }
  | { t: "wComplete"; pick: number; outcome: "ok" | "fail" | "info" }
  | { t: "rInvoke"; key: number; proc: number }
  | { t: "rComplete"; pick: number; version: number }
  | { t: "lose"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant("wInvoke" as const), key: fc.nat(1), proc: fc.nat(1) }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("wComplete" as const), pick: fc.nat(),
    outcome: fc.constantFrom("ok" as const, "ok" as const, "ok" as const, "fail" as const, "info" as const) }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("rInvoke" as const), key: fc.nat(1), proc: fc.nat(1) }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("rComplete" as const), pick: fc.nat(), version: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("lose" as const), pick: fc.nat() }), weight: 1 },
);
const historyArb = fc.array(stepArb, { minLength: 20, maxLength: 160 });

/** Turns random steps into a well-formed history (every completion follows its invoke). */
function buildHistory(steps: Step[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const openWrites: HistoryEvent[] = [];
  const openReads: HistoryEvent[] = [];
  const invokedWrites: HistoryEvent[] = [];
  const acked: HistoryEvent[] = [];
  let nextW = 0, nextR = 1000, time = 0;
  const ev = (e: Omit<HistoryEvent, "timeUs" | "node" | "lsn" | "timeline" | "action">): HistoryEvent =>
    ({ ...e, timeUs: time++, node: "n", lsn: null, timeline: 1, action: null });
  for (const s of steps) {
    if (s.t === "wInvoke") {
      const e = ev({ type: "invoke", f: "write", op: nextW++, process: `p${s.proc}`, key: `k${s.key}`, value: "x" });
      openWrites.push(e); invokedWrites.push(e); out.push(e);
    } else if (s.t === "wComplete" && openWrites.length > 0) {
      const w = openWrites.splice(s.pick % openWrites.length, 1)[0]!;
      const e = ev({ ...w, type: s.outcome, lsn: (w.op + 1) * 100 } as HistoryEvent);
      e.lsn = (w.op + 1) * 100;
      out.push(e);
      if (s.outcome === "ok") acked.push(e);
    } else if (s.t === "rInvoke") {
      const e = ev({ type: "invoke", f: "read", op: nextR++, process: `p${s.proc}`, key: `k${s.key}`, value: null });
      openReads.push(e); out.push(e);
    } else if (s.t === "rComplete" && openReads.length > 0) {
      const r = openReads.splice(s.pick % openReads.length, 1)[0]!;
      const sameKey = invokedWrites.filter((w) => w.key === r.key);
      const v = s.version % (sameKey.length + 1);
      const w = v === sameKey.length ? null : sameKey[v]!;
      const e = ev({ type: "ok", f: "read", op: r.op, process: r.process, key: r.key, value: w ? "x" : null });
      e.writeOp = w ? w.op : null;
      e.lsn = w ? (w.op + 1) * 100 : null;
      out.push(e);
    } else if (s.t === "lose" && acked.length > 0) {
      const w = acked.splice(s.pick % acked.length, 1)[0]!;
      out.push(ev({ type: "lost", f: "write", op: w.op, process: w.process, key: w.key, value: "x" }));
    }
  }
  return out;
}

/** The definitions, applied literally over the whole history. Returns read op -> kinds. */
function bruteForce(h: HistoryEvent[]): Map<number, Set<AnomalyKind>> {
  const found = new Map<number, Set<AnomalyKind>>();
  const add = (op: number, k: AnomalyKind) => { if (!found.has(op)) found.set(op, new Set()); found.get(op)!.add(k); };
  h.forEach((r, iR) => {
    if (r.f !== "read" || r.type !== "ok") return;
    const jR = h.findIndex((e) => e.f === "read" && e.type === "invoke" && e.op === r.op);
    const got = r.writeOp ?? -1;
    const lostBefore = (op: number) => h.some((e, i) => i < iR && e.type === "lost" && e.op === op);
    h.forEach((w, iW) => {
      if (w.f !== "write" || w.type !== "ok" || w.key !== r.key || iW >= jR || w.op <= got || lostBefore(w.op)) return;
      add(r.op, "stale-read");
      if (w.process === r.process) add(r.op, "read-your-writes");
    });
    h.forEach((r0, i0) => {
      if (r0.f === "read" && r0.type === "ok" && i0 < jR && r0.process === r.process && r0.key === r.key && (r0.writeOp ?? -1) > got) {
        add(r.op, "monotonic-read");
      }
    });
  });
  return found;
}

function incremental(h: HistoryEvent[]): Map<number, Set<AnomalyKind>> {
  const c = new ConsistencyChecker();
  const found = new Map<number, Set<AnomalyKind>>();
  for (const e of h) {
    for (const a of c.observe(e)) {
      if (a.read === null) continue;
      if (!found.has(a.read)) found.set(a.read, new Set());
      found.get(a.read)!.add(a.kind);
    }
  }
  return found;
}

const norm = (m: Map<number, Set<AnomalyKind>>) => [...m].map(([op, k]) => `${op}:${[...k].sort().join(",")}`).sort();

describe("consistency checker", () => {
  it("agrees with a brute-force reference on random histories", () => {
    let kinds = new Set<string>();
    fc.assert(fc.property(historyArb, (steps) => {
      const h = buildHistory(steps);
      const expected = bruteForce(h);
      for (const k of expected.values()) kinds = new Set([...kinds, ...k]);
      expect(norm(incremental(h))).toEqual(norm(expected));
    }), { numRuns: 400 });
    // The generator must reach every kind of anomaly, or the agreement above proves little.
    expect([...kinds].sort()).toEqual(["monotonic-read", "read-your-writes", "stale-read"]);
  });

  it("names the read and the write that prove a stale read, with the lag", () => {
    const c = new ConsistencyChecker();
    const base = { node: "s1", timeline: 1, action: null, value: "x" };
    c.observe({ ...base, type: "invoke", f: "write", op: 1, process: "alice", key: "k", timeUs: 0, lsn: null });
    c.observe({ ...base, type: "ok", f: "write", op: 1, process: "alice", key: "k", timeUs: 1000, lsn: 500 });
    c.observe({ ...base, type: "invoke", f: "read", op: 9, process: "bob", key: "k", timeUs: 3000, lsn: null, value: null });
    const found = c.observe({ ...base, type: "ok", f: "read", op: 9, process: "bob", key: "k", timeUs: 3000, lsn: null, value: null, writeOp: null });
    expect(found).toEqual([expect.objectContaining({ kind: "stale-read", read: 9, write: 1, lagMs: 2, lagBytes: 500 })]);
    expect(c.counts.staleReads).toBe(1);
    expect(c.counts.readYourWrites).toBe(0);
  });

  it("does not call a read stale for missing a write acknowledged after it began", () => {
    const c = new ConsistencyChecker();
    const base = { node: "s1", timeline: 1, action: null, value: "x", lsn: null };
    c.observe({ ...base, type: "invoke", f: "read", op: 9, process: "bob", key: "k", timeUs: 0 });
    c.observe({ ...base, type: "invoke", f: "write", op: 1, process: "alice", key: "k", timeUs: 1 });
    c.observe({ ...base, type: "ok", f: "write", op: 1, process: "alice", key: "k", timeUs: 2 });
    expect(c.observe({ ...base, type: "ok", f: "read", op: 9, process: "bob", key: "k", timeUs: 3, writeOp: null })).toEqual([]);
  });
});
