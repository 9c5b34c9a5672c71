/*
 * Runs a sweep's points on worker threads (node:worker_threads), one per core by default. Each
 * worker gets the next point as soon as it answers the last, so a slow setting does not hold the
 * others back; results are kept by the point's index, so the output's order does not depend on
 * which worker finished first. A stop (Ctrl-C) sends no more points and ends the workers; what
 * was finished is returned. The threads run the worker bundled into one file (workerBundle.ts).
 */
import { Worker } from "node:worker_threads";
import type { SweepPoint } from "./grid";
import { sweepWorkerFile } from "./workerBundle";
import type { PointAnswer } from "./messages";
import type { RunMetrics } from "./metrics";

export interface PoolHooks {
  /** after each finished point; `thread` is the index of the worker that ran it */
  onDone?(done: number, events: number, thread: number): void;
  /** asked before each point is handed out */
  stopRequested(): boolean;
  /** "tsx": start threads through tsx even when the bundle can be built (the benchmark's before) */
  boot?: "bundle" | "tsx";
}

export interface PoolResult {
  results: (RunMetrics | null)[];
  /** the first point that failed, if any (the sweep stops there) */
  failure: { index: number; message: string } | null;
  stopped: boolean;
}

const BOOT = new URL("./workerBoot.mjs", import.meta.url);
const ENTRY = new URL("./worker.ts", import.meta.url).href;

/** Starts a worker thread: on the bundled worker (workerBundle.ts), else through tsx. */
function starter(bundle: URL | null): () => Worker {
  return bundle !== null ? () => new Worker(bundle) : () => new Worker(BOOT, { workerData: { entry: ENTRY } });
}

export async function runPool(points: Iterator<SweepPoint>, total: number, workers: number, hooks: PoolHooks): Promise<PoolResult> {
  const results: (RunMetrics | null)[] = new Array<RunMetrics | null>(total).fill(null);
  let failure: PoolResult["failure"] = null;
  let stopped = false;
  let done = 0;
  let events = 0;
  const start = starter(hooks.boot === "tsx" ? null : await sweepWorkerFile());
  const threads = Array.from({ length: Math.max(1, Math.min(workers, total)) }, start);
  try {
    await Promise.all(threads.map((thread, threadIndex) => new Promise<void>((resolve, reject) => {
      const next = () => {
        if (failure !== null) return resolve();
        if (hooks.stopRequested()) {
          stopped = true;
          return resolve();
        }
        const point = points.next();
        if (point.done) return resolve();
        thread.postMessage({ index: point.value.index, scenario: point.value.scenario });
      };
      thread.on("message", (answer: PointAnswer) => {
        if (answer.result.ok) {
          results[answer.index] = answer.result.metrics;
          done++;
          events += answer.result.metrics.events;
          hooks.onDone?.(done, events, threadIndex);
        } else {
          failure ??= { index: answer.index, message: answer.result.message };
        }
        next();
      });
      thread.on("error", reject);
      thread.on("exit", (code) => { if (code !== 0) reject(new Error(`a sweep worker stopped (exit code ${code})`)); });
      thread.once("online", next);
    })));
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return { results, failure, stopped };
}
