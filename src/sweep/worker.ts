/*
 * A sweep worker thread: takes points ({index, scenario}) one at a time and answers each with
 * its metrics. Started by pool.ts from the bundle workerBundle.ts builds of it (or through workerBoot.mjs, which teaches the thread TypeScript, if esbuild is missing).
 */
import { parentPort } from "node:worker_threads";
import { runPoint } from "./runPoint";
import type { PointAnswer, PointJob } from "./messages";

const port = parentPort!;
port.on("message", (job: PointJob) => {
  const answer: PointAnswer = { index: job.index, result: runPoint(job.scenario) };
  port.postMessage(answer);
});
