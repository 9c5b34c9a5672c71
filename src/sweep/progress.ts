/*
 * A sweep's progress on stderr, by the rules of the sim CLI's (cli/progress.ts): silent for a
 * sweep estimated to end within a few seconds, then one line with the estimate, then a bar
 * redrawn in place on a terminal or a plain line every 10 s, and a closing line. The estimate
 * counts runs, measured from the moment every worker has finished its first (a worker spends
 * seconds starting and compiling the engine: a rate counted from the start is far too low).
 */
import { bigCount, duration, LONG_RUN_MS, PLAIN_EVERY_MS, REDRAW_EVERY_MS, type ProgressOutput } from "../cli/progress";
import type { StopSignal } from "../cli/slicedRun";

export class SweepProgress {
  private readonly startedMs: number;
  private shown = false;
  private lastDrawMs = -Infinity;
  /** when every worker had finished a run: the measurement starts there */
  private warm: { ms: number; done: number; events: number } | null = null;

  constructor(private readonly out: ProgressOutput, private readonly now: () => number, private readonly total: number,
    private readonly plannedEvents: number, private readonly workers: number) {
    this.startedMs = now();
  }

  update(done: number, events: number): void {
    const t = this.now();
    const elapsed = t - this.startedMs;
    if (this.warm === null) {
      if (done >= this.workers) this.warm = { ms: t, done, events };
      return;
    }
    if (done === this.warm.done || t === this.warm.ms) return;
    const msPerRun = (t - this.warm.ms) / (done - this.warm.done);
    const eventsPerSec = ((events - this.warm.events) / (t - this.warm.ms)) * 1000;
    const leftMs = msPerRun * (this.total - done);
    if (!this.shown) {
      if (elapsed + leftMs < LONG_RUN_MS && elapsed < LONG_RUN_MS) return;
      this.shown = true;
      this.out.write(`replab sweep: ${this.total.toLocaleString("en")} runs on ${this.workers} worker threads, about ` +
        `${bigCount(this.plannedEvents)} events: about ${duration(elapsed + leftMs)} in all, at the ${bigCount(eventsPerSec)} ` +
        `events/s measured once every worker had finished a run. Ctrl-C stops it and prints the runs finished.\n`);
    }
    if (t - this.lastDrawMs < (this.out.isTTY ? REDRAW_EVERY_MS : PLAIN_EVERY_MS)) return;
    this.lastDrawMs = t;
    const figures = `${done}/${this.total} runs  ${bigCount(eventsPerSec)} events/s  about ${duration(leftMs)} left`;
    if (!this.out.isTTY) {
      this.out.write(`replab sweep: ${figures}\n`);
      return;
    }
    const width = Math.max(10, Math.min(40, this.out.columns - figures.length - 4));
    const filled = Math.round((width * done) / this.total);
    this.out.write(`\r${`[${"#".repeat(filled)}${".".repeat(width - filled)}] ${figures}`.slice(0, this.out.columns - 1)}\u001b[K`);
  }

  finish(done: number, stopped: StopSignal | null): void {
    const elapsed = this.now() - this.startedMs;
    if (this.shown && this.out.isTTY) this.out.write("\r\u001b[K");
    if (stopped !== null) {
      this.out.write(`replab sweep: ${stopped === "SIGINT" ? "interrupted (Ctrl-C)" : "stopped by SIGTERM"} after ${done} of ` +
        `${this.total} runs, in ${duration(elapsed)}\n`);
    } else if (this.shown) {
      this.out.write(`replab sweep: done: ${done} runs in ${duration(elapsed)}\n`);
    }
  }
}
