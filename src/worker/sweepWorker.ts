/*
 * A sweep worker of the page (one per core, src/ui/sweep/webPool.ts): takes points one at a time
 * and answers each with its figures, by the same code as `npm run sweep`'s worker threads
 * (src/sweep/runPoint.ts: parseScenario, then the engine).
 */
/// <reference lib="webworker" />
import "../zodConfig";
import { runPoint } from "../sweep/runPoint";
import { checkJob, type PointAnswer } from "../sweep/messages";

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<unknown>) => {
  const job = checkJob(event.data);
  const answer: PointAnswer = job === null ? { index: 0, result: { ok: false, message: "the sweep worker got a message that is not a point" } }
    : { index: job.index, result: runPoint(job.scenario) };
  self.postMessage(answer);
};
