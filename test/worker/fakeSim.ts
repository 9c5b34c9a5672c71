/*
 * A stand-in engine for the worker's unit tests: a queue of event times, and a state that is a
 * running hash of what happened, so two runs compare equal only if they did the same things.
 */
import type { SimulationApi } from "../../src/engine/api";
import { CommandError } from "../../src/engine/api";
import type { Command, Snapshot } from "../../src/engine/views";

export class FakeSim implements SimulationApi {
  nowUs = 0;
  /** event times, ascending; each event at t schedules another at t + period */
  private queue: number[];
  trace = "";
  /** wall ms each event "costs", for pacing tests with a fake clock */
  costMs = 0;
  onEvent: () => void = () => undefined;
  /** writes each event adds to writesKept, for the history limit's tests */
  writesPerEvent = 0;
  writesKept = 0;

  constructor(private readonly periodUs = 1000, firstUs = 500) {
    this.queue = [firstUs];
  }

  runUntil(timeUs: number, maxEvents = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxEvents && this.queue.length > 0 && this.queue[0]! <= timeUs) {
      this.process();
      n++;
    }
    const next = this.nextEventUs();
    // Mirror the engine's contract: the clock reaches timeUs unless events before it remain.
    this.nowUs = next !== null && next <= timeUs ? this.nowUs : Math.max(this.nowUs, timeUs);
    return n;
  }

  lastEvent(): { kind: number; a: number; b: number; aNode: string | null } {
    return { kind: 0, a: 0, b: 0, aNode: null };
  }

  step(): boolean {
    if (this.queue.length === 0) return false;
    this.process();
    return true;
  }

  nextEventUs(): number | null {
    return this.queue[0] ?? null;
  }

  command(cmd: Command): void {
    if (cmd.op === "promote" && cmd.node === "nope") throw new CommandError("no node named nope");
    this.trace += `|${this.nowUs}:${JSON.stringify(cmd)}`;
    // A command schedules work, like a write does.
    this.insert(this.nowUs + 250);
  }

  snapshot(): Snapshot {
    throw new Error("not used");
  }

  inFlightColumns(): never {
    throw new Error("not used");
  }

  checkpoint(): never {
    throw new Error("not used");
  }

  report(): never {
    throw new Error("not used");
  }

  private process(): void {
    const t = this.queue.shift()!;
    this.nowUs = t;
    this.trace += `|e${t}`;
    this.writesKept += this.writesPerEvent;
    this.onEvent();
    this.insert(t + this.periodUs);
  }

  private insert(t: number): void {
    const i = this.queue.findIndex((q) => q > t);
    if (i < 0) this.queue.push(t);
    else this.queue.splice(i, 0, t);
  }
}
