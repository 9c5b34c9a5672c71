/*
 * Two runs side by side: the same seed and commands, two settings, advanced in lockstep (both
 * sims reach every slice's end before either goes on), each recording its trace. After every
 * slice the two traces are compared where both have got to, so the first event where the runs
 * part is found however long they are. Each side is driven exactly as `runAlone` drives a run by
 * itself (the tests hold them equal). Pure: the compare worker and the tests use it.
 */
import { CommandError, Simulation } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import type { Command, Report } from "../engine/views";
import { TraceRecorder, type TraceOpEvent } from "../engine/trace/recorder";
import { deltaSince, START_CURSOR, type TraceDelta } from "../spacetime/feed";
import { lsnText, secondsText } from "../spacetime/lsn";

export interface TimedCommand { atUs: number; cmd: Command; }

export interface SideSummary {
  commitP50Ms: number;
  commitP99Ms: number;
  lostAcknowledgedWrites: number;
  staleReads: number;
  /** time commits spent stalled (the report's stalls, the open one to the end) */
  stalledMs: number;
  reads: number;
  readsOnPrimary: number;
  writesAcknowledged: number;
}

export interface Side {
  scenario: Scenario;
  trace: TraceDelta;
  summary: SideSummary;
  /** commands the engine refused on this side */
  refused: string[];
}

export interface Difference {
  atUs: number;
  /** what each side did there, in words */
  a: string;
  b: string;
}

export interface SideBySide { a: Side; b: Side; first: Difference | null; untilUs: number; }

const SLICE_US = 10_000;

/** One side's simulation, driven through commands at their times. */
class Driver {
  readonly rec = new TraceRecorder({ messages: 1 << 18, ops: 1 << 18 });
  readonly sim: Simulation;
  readonly refused: string[] = [];
  private next = 0;
  constructor(readonly scenario: Scenario, private readonly commands: readonly TimedCommand[]) {
    this.sim = new Simulation(scenario, { trace: this.rec });
  }

  /** Every command due by t applied at its time, then on to t. */
  to(t: number): void {
    while (this.next < this.commands.length && this.commands[this.next]!.atUs <= t) {
      const c = this.commands[this.next++]!;
      this.sim.runUntil(c.atUs);
      try {
        this.sim.command(c.cmd);
      } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        this.refused.push(`${secondsText(c.atUs)}: ${err.message}`);
      }
    }
    this.sim.runUntil(t);
  }
}

/** One run by itself, driven exactly as a side of a comparison is. */
export function runAlone(scenario: Scenario, commands: readonly TimedCommand[], untilUs: number): Side {
  const d = new Driver(scenario, commands);
  for (let t = SLICE_US; ; t += SLICE_US) {
    d.to(Math.min(t, untilUs));
    if (t >= untilUs) break;
  }
  return sideOf(d, untilUs);
}

export function runSideBySide(a: Scenario, b: Scenario, commands: readonly TimedCommand[], untilUs: number): SideBySide {
  const da = new Driver(a, commands), db = new Driver(b, commands);
  const cmp = new Comparer(da.rec, db.rec);
  for (let t = SLICE_US; ; t += SLICE_US) {
    const at = Math.min(t, untilUs);
    da.to(at);
    db.to(at);
    cmp.step();
    if (t >= untilUs) break;
  }
  return { a: sideOf(da, untilUs), b: sideOf(db, untilUs), first: cmp.first, untilUs };
}

function sideOf(d: Driver, untilUs: number): Side {
  const report = d.sim.report();
  return { scenario: d.scenario, trace: deltaSince(d.rec, START_CURSOR).delta, summary: summarize(report, d.rec, d.scenario, untilUs),
    refused: d.refused };
}

function summarize(r: Report, rec: TraceRecorder, scenario: Scenario, untilUs: number): SideSummary {
  const endMs = untilUs / 1000;
  const stalledMs = r.stalls.reduce((sum, s) => sum + ((s.toMs ?? endMs) - s.fromMs), 0);
  // the primary at each read's answer: the first one, then each promotion's
  const promotes = rec.cluster.filter((e) => e.type === "promote");
  let reads = 0, onPrimary = 0;
  for (const e of rec.ops.since(0)) {
    if (e.f !== "read" || e.type !== "ok") continue;
    reads++;
    let primary = scenario.cluster.primary.name;
    for (const p of promotes) if (p.timeUs <= e.timeUs) primary = p.node;
    if (e.node === primary) onPrimary++;
  }
  return { commitP50Ms: r.writes.latencyMs.p50, commitP99Ms: r.writes.latencyMs.p99, lostAcknowledgedWrites: r.lostAcknowledgedWrites,
    staleReads: r.reads.stale, stalledMs: Math.round(stalledMs * 1000) / 1000, reads, readsOnPrimary: onPrimary,
    writesAcknowledged: r.writes.acknowledged };
}

const KIND_WORDS = ["", "WAL", "reply", "keepalive", "connect", "connected", "refused", "close"];

/** Walks both traces as they grow and keeps the first place they differ. */
class Comparer {
  first: Difference | null = null;
  private msg = 0;
  private op = 0;
  constructor(private readonly a: TraceRecorder, private readonly b: TraceRecorder) {}

  step(): void {
    if (this.first) return;
    const m = this.firstMessageDifference();
    const o = this.firstOpDifference();
    const pick = [m, o].filter((x): x is Difference => x !== null).sort((x, y) => x.atUs - y.atUs)[0];
    if (pick) this.first = pick;
  }

  private firstMessageDifference(): Difference | null {
    const a = this.a, b = this.b, n = Math.min(a.messageCount, b.messageCount);
    for (; this.msg < n; this.msg++) {
      const ia = this.msg % a.messageCapacity, ib = this.msg % b.messageCapacity;
      if (sameMessage(a, ia, b, ib)) continue;
      return { atUs: Math.min(a.messages.arriveUs[ia]!, b.messages.arriveUs[ib]!), a: messageText(a, ia), b: messageText(b, ib) };
    }
    return null;
  }

  private firstOpDifference(): Difference | null {
    const ea = this.a.ops.since(this.op), eb = this.b.ops.since(this.op);
    const n = Math.min(ea.length, eb.length);
    for (let i = 0; i < n; i++) {
      if (opKey(ea[i]!) === opKey(eb[i]!)) continue;
      return { atUs: Math.min(ea[i]!.timeUs, eb[i]!.timeUs), a: opText(ea[i]!), b: opText(eb[i]!) };
    }
    this.op += n;
    return null;
  }
}

function sameMessage(a: TraceRecorder, i: number, b: TraceRecorder, j: number): boolean {
  const x = a.messages, y = b.messages;
  return x.kind[i] === y.kind[j] && x.from[i] === y.from[j] && x.to[i] === y.to[j] && x.sentUs[i] === y.sentUs[j] &&
    x.arriveUs[i] === y.arriveUs[j] && x.start[i] === y.start[j] && x.end[i] === y.end[j] && x.write[i] === y.write[j] &&
    x.flush[i] === y.flush[j] && x.replay[i] === y.replay[j];
}

function messageText(r: TraceRecorder, i: number): string {
  const m = r.messages, kind = m.kind[i]!;
  const what = kind === 1 ? `WAL ${lsnText(m.start[i]!)}–${lsnText(m.end[i]!)}`
    : kind === 2 ? `reply (write ${lsnText(m.write[i]!)}, flush ${lsnText(m.flush[i]!)}, replay ${lsnText(m.replay[i]!)})` : KIND_WORDS[kind] ?? "message";
  return `${what} ${r.names[m.from[i]!]} → ${r.names[m.to[i]!]}, sent ${secondsText(m.sentUs[i]!)}, arrived ${secondsText(m.arriveUs[i]!)}`;
}

function opKey(e: TraceOpEvent): string {
  return JSON.stringify([e.type, e.f, e.op, e.process, e.key, e.value, e.timeUs, e.node, e.lsn]);
}

function opText(e: TraceOpEvent): string {
  const what = e.type === "invoke" ? "asks" : e.type === "ok" ? "gets ok" : e.type === "fail" ? "fails" : e.type === "info" ? "gets no answer" : e.type;
  return `${e.process} ${e.f} ${e.key}${e.f === "write" ? `=${e.value ?? ""}` : e.type === "ok" ? ` → ${e.value ?? "nothing"}` : ""} ` +
    `${what} on ${e.node ?? "?"} at ${secondsText(e.timeUs)}`;
}
