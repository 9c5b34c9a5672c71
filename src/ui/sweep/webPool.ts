/*
 * A sweep's points on a pool of Web Workers (src/worker/sweepWorker.ts), one per core: each
 * worker gets the next point as soon as it answers the last (as `npm run sweep`'s pool does on
 * worker threads); results are kept by the point's index. Cancel ends the workers at once; the
 * points finished so far are kept. Every answer is checked before it is believed.
 */
import type { SweepPoint } from "../../sweep/grid";
import type { RunMetrics } from "../../sweep/metrics";
import { checkAnswer, type PointJob } from "../../sweep/messages";

export interface WebSweepResult {
  results: (RunMetrics | null)[];
  /** the first point that failed (the sweep stops there) */
  failure: { index: number; message: string } | null;
  cancelled: boolean;
  /** wall time, ms, workers' start included */
  ms: number;
}

export interface WebSweep {
  cancel(): void;
  done: Promise<WebSweepResult>;
}

export function workersWanted(): number {
  const n = typeof navigator !== "undefined" ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.min(16, Number.isFinite(n) && n > 0 ? n : 2));
}

export function runInWorkers(points: readonly SweepPoint[], workers: number, onDone: (done: number, index: number) => void): WebSweep {
  const total = points.length;
  const results: (RunMetrics | null)[] = new Array<RunMetrics | null>(total).fill(null);
  const started = performance.now();
  const threads: Worker[] = [];
  let next = 0, done = 0, busy = 0, finished = false;
  let failure: WebSweepResult["failure"] = null;
  let resolve!: (r: WebSweepResult) => void;
  const promise = new Promise<WebSweepResult>((r) => { resolve = r; });
  const end = (cancelled: boolean) => {
    if (finished) return;
    finished = true;
    for (const t of threads) t.terminate();
    resolve({ results, failure, cancelled, ms: performance.now() - started });
  };
  const feed = (w: Worker) => {
    if (failure !== null || next >= total) {
      if (busy === 0) end(false);
      return;
    }
    const p = points[next++]!;
    busy++;
    const job: PointJob = { index: p.index, scenario: p.scenario };
    w.postMessage(job);
  };
  for (let i = 0; i < Math.max(1, Math.min(workers, total)); i++) {
    const w = new Worker(new URL("../../worker/sweepWorker.ts", import.meta.url), { type: "module", name: `replication-lab-sweep-${i + 1}` });
    threads.push(w);
    w.onmessage = (ev: MessageEvent<unknown>) => {
      busy--;
      const answer = checkAnswer(ev.data, total);
      if (answer === null) failure ??= { index: -1, message: "a sweep worker sent an answer that is not one" };
      else if (answer.result.ok) {
        results[answer.index] = answer.result.metrics;
        done++;
        onDone(done, answer.index);
      } else failure ??= { index: answer.index, message: answer.result.message };
      feed(w);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      busy--;
      failure ??= { index: -1, message: ev.message || "a sweep worker failed" };
      feed(w);
    };
  }
  if (total === 0) end(false);
  for (const w of threads) feed(w);
  return { cancel: () => end(true), done: promise };
}
