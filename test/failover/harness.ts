/*
 * A driver for the failover scenario tests: builds a Simulation from a scenario literal, keeps
 * every client history event, and lets a test read like a script ("cut s1 off, write, crash the
 * primary, promote s1: 3 acknowledged writes are lost"). It uses only the engine's public face:
 * the Simulation, its commands, snapshots, the report and the history hook.
 */
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import { SimDriver } from "../support/simDriver";

export type Replica = NonNullable<ScenarioInput["cluster"]["replicas"]>[number];
export type Postgres = NonNullable<NonNullable<ScenarioInput["commit"]>["postgres"]>;

export interface Outcome {
  status: "ok" | "fail" | "info" | "pending";
  invokedUs: number;
  completedUs: number | null;
  lsn: number | null;
  timeline: number | null;
  node: string | null;
  warning?: string;
  error?: string;
}

export class Run extends SimDriver {

  /** Runs every event up to and including `ms` (virtual time). */
  to(ms: number): this {
    return this.runTo(ms);
  }

  for(ms: number): this {
    return this.runFor(ms);
  }

  /** Starts a write now (to the session's primary unless `node` is named); returns its op id. */
  write(key: string, value: string, session = "app", node?: string): number {
    const before = this.history.length;
    this.sim.command(node === undefined ? { op: "write", session, key, value } : { op: "write", session, key, value, node });
    const invoke = this.history.slice(before).find((e) => e.type === "invoke" && e.f === "write");
    if (!invoke) throw new Error("the write left no invoke event in the history");
    return invoke.op;
  }

  /** `n` writes of distinct keys, `gapMs` apart; returns their op ids. */
  writes(n: number, prefix: string, gapMs: number, session = "app"): number[] {
    const ops: number[] = [];
    for (let i = 0; i < n; i++) {
      ops.push(this.write(`${prefix}${i}`, `${prefix}-v${i}`, session));
      this.for(gapMs);
    }
    return ops;
  }

  outcome(op: number): Outcome {
    const invoke = this.history.find((e) => e.op === op && e.type === "invoke");
    if (!invoke) throw new Error(`no operation ${op}`);
    const done = this.history.find((e) => e.op === op && (e.type === "ok" || e.type === "fail" || e.type === "info"));
    if (!done) return { status: "pending", invokedUs: invoke.timeUs, completedUs: null, lsn: null, timeline: null, node: invoke.node };
    const o: Outcome = { status: done.type as Outcome["status"], invokedUs: invoke.timeUs, completedUs: done.timeUs, lsn: done.lsn,
      timeline: done.timeline, node: done.node };
    if (done.warning !== undefined) o.warning = done.warning;
    if (done.error !== undefined) o.error = done.error;
    return o;
  }

  /** Op ids of the writes the engine declared lost (history "lost" events), in order. */
  lostOps(): number[] {
    return this.history.filter((e) => e.type === "lost").map((e) => e.op);
  }

  /** Reads a key on a node now, as a client; returns the value it saw (null: none). */
  read(node: string, key: string, session = "reader"): string | null {
    this.sim.command({ op: "read", session, key, node });
    return this.sim.report().operations.at(-1)!.value;
  }

  /** Every log line so far (the snapshot's log ring). */
  logText(): string[] {
    return this.sim.snapshot(0).log.map((l) => l.text);
  }

  /** Times (ms) of the log entries whose text matches, oldest first. */
  logTimes(pattern: RegExp): number[] {
    return this.sim.snapshot(0).log.filter((l) => pattern.test(l.text)).map((l) => l.atUs / 1000);
  }
}

/** A PostgreSQL cluster: primary fsync 1 ms, replicas as given (callers set jitter 0 to pin numbers). */
export function pg(replicas: Replica[], postgres: Postgres, extra: Partial<ScenarioInput> = {}): Run {
  return new Run({ seed: 1, durationMs: 600_000, cluster: { primary: { fsyncMs: 1 }, replicas }, commit: { postgres }, ...extra });
}

/** A replica with no jitter, so every time is exact. */
export function rep(name: string, networkDelayMs = 1, more: Partial<Replica> = {}): Replica {
  return { name, networkDelayMs, jitterMs: 0, fsyncMs: 1, ...more };
}
