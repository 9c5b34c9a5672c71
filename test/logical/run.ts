/* A driver for logical-replication scenario tests: a scenario literal through the real validator, commands at times. */
import { expect } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import type { Command, Report, SubscriptionView } from "../../src/engine/views";

export class LogicalLab {
  readonly sim: Simulation;

  constructor(input: unknown) {
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    this.sim = new Simulation(parsed.scenario);
  }

  runTo(ms: number): this {
    this.sim.runUntil(ms * 1000);
    return this;
  }

  do(cmd: Command): this {
    this.sim.command(cmd);
    return this;
  }

  report(): Report {
    return this.sim.report();
  }

  sub(name = "sub1"): SubscriptionView {
    const s = this.report().subscriptions?.find((x) => x.name === name);
    expect(s, `subscription ${name}`).toBeDefined();
    return s!;
  }

  /** the value a read on `node` returns now (the last operation's value) */
  read(node: string, key: string, table?: string): string | null {
    this.do(table === undefined ? { op: "read", node, key } : { op: "read", node, key, table });
    const ops = this.report().operations;
    return ops[ops.length - 1]!.value;
  }

  lastOp(): Report["operations"][number] {
    const ops = this.report().operations;
    return ops[ops.length - 1]!;
  }
}

export const oneSubscriber = (sub: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  seed: 3, durationMs: 120_000,
  cluster: { replicas: [], subscribers: [{ name: "sub1", tables: ["t"], networkDelayMs: 5, ...sub }], ...(extra.cluster as object ?? {}) },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "cluster")),
});
