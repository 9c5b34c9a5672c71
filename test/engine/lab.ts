/*
 * A small driver for scenario tests: builds a Simulation from a scenario literal, records every
 * client history event, and lets a test read like a script ("write x on the primary, crash s1,
 * run 60 s, the commit is still waiting"). It only uses the engine's public face.
 */
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { SimDriver } from "../support/simDriver";
import type { OperationEvent as HistoryEvent, OperationReport } from "../../src/engine/views";

export interface WriteOutcome {
  status: "ok" | "fail" | "info" | "pending";
  invokedUs: number;
  completedUs: number | null;
  /** commit latency in µs, null while the commit waits */
  latencyUs: number | null;
  lsn: number | null;
}

export class Lab extends SimDriver {

  /** Steps event by event until the write has an outcome (or maxMs pass): the test acts at that very µs. */
  runUntilAnswered(op: number, maxMs = 60_000): WriteOutcome {
    const limitUs = this.sim.nowUs + maxMs * 1000;
    while (this.outcome(op).status === "pending") {
      const next = this.sim.nextEventUs();
      if (next === null || next > limitUs) break;
      this.sim.step();
    }
    return this.outcome(op);
  }

  write(key: string, value: string, session = "writer", node?: string): number {
    const before = this.history.length;
    this.sim.command(node === undefined ? { op: "write", session, key, value } : { op: "write", session, key, value, node });
    const invoke = this.history.slice(before).find((e) => e.type === "invoke" && e.f === "write");
    if (!invoke) throw new Error("the write left no invoke event in the history");
    return invoke.op;
  }

  outcome(op: number): WriteOutcome {
    const invoke = this.history.find((e) => e.op === op && e.type === "invoke");
    if (!invoke) throw new Error(`no operation ${op}`);
    // A later "lost" event (a failover dropped the write) does not change what the client saw.
    const done = this.history.find((e): e is HistoryEvent & { type: "ok" | "fail" | "info" } =>
      e.op === op && (e.type === "ok" || e.type === "fail" || e.type === "info"));
    if (!done) return { status: "pending", invokedUs: invoke.timeUs, completedUs: null, latencyUs: null, lsn: null };
    return { status: done.type, invokedUs: invoke.timeUs, completedUs: done.timeUs, latencyUs: done.timeUs - invoke.timeUs, lsn: done.lsn };
  }

  /** Commit latency of an acknowledged write in µs; throws when it was not acknowledged. */
  latencyUs(op: number): number {
    const o = this.outcome(op);
    if (o.status !== "ok" || o.latencyUs === null) throw new Error(`write ${op} is ${o.status}, not acknowledged`);
    return o.latencyUs;
  }

  /** Reads a key on a node now, as a client would; the operation as the report shows it. */
  read(node: string, key: string, session = "reader"): OperationReport {
    this.sim.command({ op: "read", session, key, node });
    return this.sim.report().operations.at(-1)!;
  }

  waitingWriteIds(): number[] {
    return this.snapshot().waitingCommits.map((w) => w.writeId);
  }
}

/** One primary (fsync 1 ms) and standbys with no jitter: every latency is an exact number. */
export function pgLab(
  replicas: ScenarioInput["cluster"]["replicas"],
  postgres: NonNullable<NonNullable<ScenarioInput["commit"]>["postgres"]>,
  extra: Partial<ScenarioInput> = {},
): Lab {
  return new Lab({ seed: 1, durationMs: 600_000, cluster: { primary: { fsyncMs: 1 }, replicas }, commit: { postgres }, ...extra });
}

export function semiLab(
  replicas: ScenarioInput["cluster"]["replicas"],
  semiSync: NonNullable<NonNullable<ScenarioInput["commit"]>["semiSync"]>,
  extra: Partial<ScenarioInput> = {},
): Lab {
  return new Lab({ seed: 1, durationMs: 600_000, cluster: { primary: { fsyncMs: 1 }, replicas }, commit: { semiSync }, ...extra });
}
