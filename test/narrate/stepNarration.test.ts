/*
 * Step says which event it ran, what it did and why, in one line. Every kind of event the engine
 * queues has a wording (a kind added to eventKinds.ts without one fails here), and the words are
 * checked against real runs stepped one event at a time, in PostgreSQL's and MySQL's modes.
 */
import { describe, expect, it } from "vitest";
import * as EV from "../../src/engine/core/eventKinds";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import { EVENT_KINDS, narrateStep, wordingOf, type EventKindName } from "../../src/narrate/stepNarration";

function sim(commit: object, extra: object = {}) {
  return new Simulation(scenarioSchema.parse({
    seed: 3, durationMs: 60_000,
    cluster: { primary: { name: "db1", fsyncMs: 1 }, replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 9 }] },
    commit, workload: { writesPerSec: 50, readsPerSec: 20, sessions: 2, keys: 10 }, ...extra,
  }));
}

/** Step `n` events, narrating each as the worker does: [kind name, words]. */
function stepNarrated(s: Simulation, n: number): [EventKindName | undefined, string][] {
  const out: [EventKindName | undefined, string][] = [];
  let seq = 0;
  for (let i = 0; i < n; i++) {
    const before = s.snapshot(seq);
    seq = before.log.at(-1)?.seq ?? seq;
    if (!s.step()) break;
    const after = s.snapshot(seq);
    seq = after.log.at(-1)?.seq ?? seq;
    const ev = s.lastEvent();
    out.push([EVENT_KINDS.get(ev.kind), narrateStep(ev, before, after)]);
  }
  return out;
}

describe("every kind of event has its words", () => {
  const kinds = Object.entries(EV).filter(([name, v]) => name.startsWith("EV_") && typeof v === "number") as [string, number][];

  it("each EV_ constant of eventKinds.ts is named (a new kind without a wording fails here)", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(22);
    for (const [name, kind] of kinds) expect(EVENT_KINDS.get(kind), name).toBeDefined();
    expect(new Set(EVENT_KINDS.values()).size).toBe(kinds.length);
  });

  it("each kind's wording says something of its own, in one line, without falling back to the generic words", () => {
    const s = sim({ preset: "sync" });
    s.runUntil(200_000);
    const snap = s.snapshot();
    const said = new Map<string, EventKindName>();
    for (const [, kind] of kinds) {
      const name = EVENT_KINDS.get(kind)!;
      const text = narrateStep({ kind, a: 1, b: 0, aNode: "s1" }, snap, snap);
      expect(text, name).not.toMatch(/an event of kind/);
      expect(text, name).not.toMatch(/[\n\r]/);
      expect(text.length, name).toBeGreaterThan(25);
      expect(typeof wordingOf(name)).toBe("function");
      // No two kinds say the same thing.
      expect(said.get(text), `${name} says what ${said.get(text)} says`).toBeUndefined();
      said.set(text, name);
    }
  });

  it("an unknown kind is named by its number, not passed off as another", () => {
    const snap = sim({ preset: "async" }).snapshot();
    expect(narrateStep({ kind: 99, a: 0, b: 0, aNode: null }, snap, snap)).toMatch(/^an event of kind 99/);
  });
});

describe("stepping a PostgreSQL run", () => {
  const steps = stepNarrated(sim({ preset: "sync" }), 400);
  const said = (kind: EventKindName) => steps.filter(([k]) => k === kind).map(([, t]) => t);

  it("names what each event did to whom, in PostgreSQL's words, with LSNs as PostgreSQL prints them", () => {
    expect(said("replica-flush").some((t) => /^s[12] flushed WAL to 0\/[0-9A-F]+ — the WAL it received from db1 is now on its disk/.test(t))).toBe(true);
    expect(said("replay").some((t) => /^s[12] replayed WAL to 0\/[0-9A-F]+ — reads on s[12] now see/.test(t))).toBe(true);
    expect(said("deliver").some((t) => /^s[12] received WAL up to 0\/[0-9A-F]+ from db1; its walreceiver writes it/.test(t))).toBe(true);
    expect(said("deliver").some((t) => /^db1 got s[12]'s reply: write 0\/[0-9A-F]+, flush 0\/[0-9A-F]+, apply 0\/[0-9A-F]+ — sent because it (wrote|flushed)/.test(t))).toBe(true);
    expect(said("workload-write").some((t) => /^session w\d writes k\d+=v\d+ \(its record ends at 0\/[0-9A-F]+\) — the workload's next write; db1 puts it in its WAL/.test(t))).toBe(true);
    expect(said("primary-flush").some((t) => /^db1 flushed its WAL to 0\/[0-9A-F]+ — the commit records are on its disk/.test(t))).toBe(true);
  });

  it("says why a commit waits (synchronous_commit and the standby it needs) and which reply releases it", () => {
    const all = steps.map(([, t]) => t);
    expect(all.some((t) => /the commit of k\d+ waits — synchronous_commit = on needs flush (≥ |of the WAL up to LSN )0\/[0-9A-F]+ (on|by) s1, s2 \(FIRST 2 \(s1, s2\)\)/.test(t))).toBe(true);
    expect(said("deliver").some((t) => /^db1 got s[12]'s reply: .*; this releases the commit of k\d+ \(it waited [\d.]+ ms for flush (≥ |of the WAL up to LSN )0\/[0-9A-F]+/.test(t))).toBe(true);
  });

  it("every step's words are one line and none falls back to the generic words", () => {
    expect(steps.length).toBe(400);
    for (const [kind, text] of steps) {
      expect(kind).toBeDefined();
      expect(text).not.toMatch(/an event of kind|[\n\r]/);
    }
  });
});

describe("stepping a MySQL semi-sync run", () => {
  const steps = stepNarrated(sim({ preset: "semi-sync" }), 400);

  it("speaks MySQL: binary log events, the relay log, the semi-sync ACK, binary log positions", () => {
    const all = steps.map(([, t]) => t);
    expect(all.some((t) => /^s[12] received binary log events up to mysql-bin\.000001:\d+ from db1; its I\/O thread writes them to the relay log/.test(t))).toBe(true);
    expect(all.some((t) => /^db1 got s[12]'s semi-sync ACK for mysql-bin\.000001:\d+/.test(t))).toBe(true);
    expect(all.some((t) => /the commit of k\d+ waits — semi-sync needs 1 semi-sync ACK\(s\) of the binary log up to mysql-bin\.000001:\d+/.test(t))).toBe(true);
    expect(all.every((t) => !/walreceiver|synchronous_commit|\bLSN\b|\b0\/[0-9A-F]+/.test(t))).toBe(true);
  });
});
