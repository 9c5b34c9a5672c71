/*
 * Helpers for the read-path tests. A run is a scenario plus its history, captured through the
 * public onHistory hook (the same events `--history` writes as JSON lines). Tests judge the
 * engine from outside: from the report, the history and snapshots, never its internals.
 */
import { Simulation, runScenario } from "../../src/engine/index";
import { scenarioSchema, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { OperationEvent as HistoryEvent, OperationReport, Report, Snapshot } from "../../src/engine/views";

export type Policy = Report["reads"]["byPolicy"][string];

export interface Run {
  report: Report;
  history: HistoryEvent[];
}

/** Runs a scenario to its end and keeps every history event. */
export function run(input: ScenarioInput): Run {
  const history: HistoryEvent[] = [];
  const report = runScenario(scenarioSchema.parse(input), { onHistory: (e) => { if ("f" in e) history.push(e); } });
  return { report, history };
}

/** A run driven step by step: the test looks at snapshots between events. */
export class Stepper {
  readonly sim: Simulation;
  readonly history: HistoryEvent[] = [];

  constructor(input: ScenarioInput) {
    this.sim = new Simulation(scenarioSchema.parse(input), { onHistory: (e) => { if ("f" in e) this.history.push(e); } });
  }

  to(ms: number): this {
    this.sim.runUntil(Math.round(ms * 1000));
    return this;
  }

  /** A snapshot without the log (cheap). */
  snapshot(): Snapshot {
    return this.sim.snapshot(Number.MAX_SAFE_INTEGER);
  }

  node(name: string): Snapshot["nodes"][number] {
    const n = this.snapshot().nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  report(): Report {
    return this.sim.report();
  }
}

/** The scripted operation of action `i` (throws when there is none). */
export function opOf(report: Report, action: number): OperationReport {
  const op = report.operations.find((o) => o.action === action);
  if (!op) throw new Error(`no operation for action ${action}`);
  return op;
}

/** The per-policy counts of a run, failing clearly when the policy never read. */
export function policy(report: Report, name: string): Policy {
  const p = report.reads.byPolicy[name];
  if (!p) throw new Error(`no reads by policy "${name}" (policies: ${Object.keys(report.reads.byPolicy).join(", ")})`);
  return p;
}

/** One operation as the history shows it: its invoke and its completion (null: pending at the end). */
export interface HistOp {
  op: number;
  f: "write" | "read";
  invoke: HistoryEvent;
  invokeIndex: number;
  done: HistoryEvent | null;
  doneIndex: number;
  lostIndex: number;
}

/** Operations by id, with the index of each event in the stream (its order). */
export function operations(history: readonly HistoryEvent[]): Map<number, HistOp> {
  const ops = new Map<number, HistOp>();
  history.forEach((e, i) => {
    if (e.type === "invoke") {
      ops.set(e.op, { op: e.op, f: e.f, invoke: e, invokeIndex: i, done: null, doneIndex: -1, lostIndex: -1 });
      return;
    }
    const o = ops.get(e.op);
    if (!o) throw new Error(`history: ${e.type} of op ${e.op} before its invoke`);
    if (e.type === "lost") o.lostIndex = i;
    else { o.done = e; o.doneIndex = i; }
  });
  return ops;
}

/** Reads that completed, in completion order. */
export function completedReads(history: readonly HistoryEvent[]): HistoryEvent[] {
  return history.filter((e) => e.f === "read" && e.type === "ok");
}

/** Mean latency (ms) of the completed (ok or fail) reads in a history, optionally only those served by `node`. */
export function historyReadLatencyMs(history: readonly HistoryEvent[]): number {
  const invoked = new Map<number, number>();
  let total = 0, n = 0;
  for (const e of history) {
    if (e.f !== "read") continue;
    if (e.type === "invoke") invoked.set(e.op, e.timeUs);
    else if (e.type === "ok" || e.type === "fail") { total += e.timeUs - invoked.get(e.op)!; n++; }
  }
  return n === 0 ? 0 : total / n / 1000;
}

/** Share of completed reads served by `node` (0..1). */
export function shareServedBy(history: readonly HistoryEvent[], node: string): number {
  const reads = history.filter((e) => e.f === "read" && (e.type === "ok" || e.type === "fail"));
  return reads.length === 0 ? 0 : reads.filter((e) => e.node === node).length / reads.length;
}
