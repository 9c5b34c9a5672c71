/*
 * Progress of a long run, on stderr. Silent for a run that ends within LONG_RUN_MS. The run's
 * first WARMUP_MS are left out (V8 is still compiling the engine: a rate measured there is 10-30
 * times too low), then its events per second over the next MEASURE_MS and the events the
 * scenario plans (eventEstimate.ts) give an estimate of the whole run's time; a run estimated
 * longer than LONG_RUN_MS (or one that has gone on that long anyway) says so in one line, then
 * shows its progress: a bar redrawn in place when stderr is a terminal, a plain line every
 * PLAIN_EVERY_MS otherwise (a log file gets no carriage returns). Only our own words and numbers
 * are written, so the raw stream is used (the \r and ESC [ K that redraw the bar are ours).
 */

export const WARMUP_MS = 300;
export const MEASURE_MS = 500;
export const LONG_RUN_MS = 3000;
export const REDRAW_EVERY_MS = 200;
export const PLAIN_EVERY_MS = 10_000;

export interface ProgressOutput {
  isTTY: boolean;
  /** the terminal's width (80 when unknown) */
  columns: number;
  write(raw: string): void;
}

export interface RunPlan {
  /** virtual time the run goes to */
  endUs: number;
  /** events the model expects (eventEstimate.ts) */
  events: number;
  /** the words after "about N events": what they come from */
  what: string;
}

export type Finish = { how: "done" } | { how: "stopped"; signal: "SIGINT" | "SIGTERM" };

export class Progress {
  private readonly startedMs: number;
  private shown = false;
  private lastDrawMs = -Infinity;
  /** events per ms; 0 until measured */
  private rate = 0;
  /** where the current measurement started (null before the warm-up is over) */
  private rateAt: { ms: number; events: number } | null = null;

  constructor(private readonly out: ProgressOutput, private readonly now: () => number, private readonly plan: RunPlan) {
    this.startedMs = now();
  }

  /** After a slice: the virtual time and events reached. */
  update(nowUs: number, events: number): void {
    const t = this.now();
    const elapsed = t - this.startedMs;
    if (elapsed < WARMUP_MS) return;
    this.measureRate(t, events);
    if (this.rate === 0) return;
    if (!this.shown) {
      const totalMs = this.plan.events / this.rate;
      if (totalMs < LONG_RUN_MS && elapsed < LONG_RUN_MS) return;
      this.shown = true;
      this.out.write(`replab: a long run: about ${bigCount(this.plan.events)} events (${this.plan.what}), ` +
        `about ${duration(Math.max(totalMs, elapsed))} at the ${bigCount(this.rate * 1000)} events/s measured after a ` +
        `${seconds(WARMUP_MS)} warm-up. Ctrl-C stops it and prints the report so far.\n`);
    }
    const every = this.out.isTTY ? REDRAW_EVERY_MS : PLAIN_EVERY_MS;
    if (t - this.lastDrawMs < every) return;
    this.lastDrawMs = t;
    this.draw(nowUs, events, elapsed);
  }

  /** The run ended (or a signal stopped it): the bar makes way for one closing line. */
  finish(result: Finish, nowUs: number, events: number): void {
    const elapsed = this.now() - this.startedMs;
    if (this.shown && this.out.isTTY) this.out.write("\r\u001b[K");
    const reached = `virtual time ${virtual(nowUs)} of ${virtual(this.plan.endUs)} (${percent(nowUs, this.plan.endUs)})`;
    if (result.how === "stopped") {
      const what = result.signal === "SIGINT" ? "interrupted (Ctrl-C)" : "stopped by SIGTERM";
      this.out.write(`replab: ${what} at ${reached}, after ${bigCount(events)} events in ${duration(elapsed)}\n`);
    } else if (this.shown) {
      this.out.write(`replab: done: ${virtual(this.plan.endUs)} of virtual time, ${bigCount(events)} events in ${duration(elapsed)}\n`);
    }
  }

  /** Events per ms: first over MEASURE_MS after the warm-up, then smoothed over each further second (a machine's load changes). */
  private measureRate(t: number, events: number): void {
    if (this.rateAt === null) {
      this.rateAt = { ms: t, events };
      return;
    }
    const span = t - this.rateAt.ms;
    if (span < (this.rate === 0 ? MEASURE_MS : 1000)) return;
    const recent = Math.max(1e-9, (events - this.rateAt.events) / span);
    this.rate = this.rate === 0 ? recent : 0.5 * this.rate + 0.5 * recent;
    this.rateAt = { ms: t, events };
  }

  private remainingMs(nowUs: number, events: number, elapsed: number): number {
    if (events < this.plan.events) return (this.plan.events - events) / this.rate;
    // More events than the model said: extrapolate from virtual time instead.
    const done = nowUs / this.plan.endUs;
    return done > 0 ? (elapsed * (1 - done)) / done : Infinity;
  }

  private draw(nowUs: number, events: number, elapsed: number): void {
    const left = `about ${duration(this.remainingMs(nowUs, events, elapsed))} left`;
    const figures = `${percent(nowUs, this.plan.endUs)}  virtual ${virtual(nowUs)} of ${virtual(this.plan.endUs)}  ` +
      `${bigCount(this.rate * 1000)} events/s  ${left}`;
    if (!this.out.isTTY) {
      this.out.write(`replab: ${figures}\n`);
      return;
    }
    const width = Math.max(10, Math.min(40, this.out.columns - figures.length - 4));
    const filled = Math.round((width * Math.min(nowUs, this.plan.endUs)) / this.plan.endUs);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${figures}`;
    this.out.write(`\r${line.slice(0, Math.max(1, this.out.columns - 1))}\u001b[K`);
  }
}

/** Whole percent, with a decimal below 10 % (a day-long run spends hours there). */
function percent(part: number, whole: number): string {
  const p = (100 * Math.min(part, whole)) / whole;
  return p < 10 ? `${(Math.floor(p * 10) / 10).toFixed(1)}%` : `${Math.floor(p)}%`;
}

/** 1234567 → "1.2 million"; small counts in full. */
export function bigCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} million`;
  return Math.round(n).toLocaleString("en");
}

/** Wall time in words: "850 ms", "12 s", "3 min 20 s", "2 h 5 min". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "an unknown time";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  return days > 0 ? `${days} d ${h} h` : `${h} h ${min} min`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Virtual time for a person: ms below a second, then s with a decimal. */
function virtual(us: number): string {
  return us < 1_000_000 ? `${Math.round(us / 1000)} ms` : `${(us / 1e6).toFixed(1)} s`;
}
