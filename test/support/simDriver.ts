/*
 * The common part of the scenario-test drivers (test/engine/lab.ts, test/failover/harness.ts):
 * a Simulation built from a scenario literal, every client history event kept, and the views a
 * test asserts on. Only the engine's public face is used.
 */
import { Simulation } from "../../src/engine";
import { scenarioSchema, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { Command, HistoryEvent, NodeView, OperationEvent, Report, Snapshot, StandbyView } from "../../src/engine/views";

export class SimDriver {
  readonly sim: Simulation;
  /** the client operations' events */
  readonly history: OperationEvent[] = [];
  /** every history line, the cluster's events (promote, truncate, discard, end) included */
  readonly lines: HistoryEvent[] = [];

  constructor(input: ScenarioInput) {
    this.sim = new Simulation(scenarioSchema.parse(input), {
      onHistory: (e) => { this.lines.push(e); if ("f" in e) this.history.push(e); },
    });
  }

  get nowMs(): number {
    return this.sim.nowUs / 1000;
  }

  /** Runs every event up to and including `ms` (virtual time). */
  runTo(ms: number): this {
    this.sim.runUntil(Math.round(ms * 1000));
    return this;
  }

  runFor(ms: number): this {
    return this.runTo(this.nowMs + ms);
  }

  do(cmd: Command): this {
    this.sim.command(cmd);
    return this;
  }

  snapshot(): Snapshot {
    return this.sim.snapshot();
  }

  node(name: string): NodeView {
    const n = this.snapshot().nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  /** The pg_stat_replication row of a standby, or undefined when it is not connected. */
  standby(name: string): StandbyView | undefined {
    return this.snapshot().replication.find((r) => r.name === name);
  }

  syncStates(): Record<string, string> {
    return Object.fromEntries(this.snapshot().replication.map((r) => [r.name, r.syncState]));
  }

  report(): Report {
    return this.sim.report();
  }
}
