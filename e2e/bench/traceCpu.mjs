/* The page's main-thread CPU per frame, from a Chromium trace (run-ui-bench.mjs and spacetime-fps.mjs). */

/**
 * Main-thread CPU per frame from a Chromium trace: thread time (tdur), not wall time, so other
 * processes competing for the CPU do not inflate it. Tells whether a frame's work fits in 16.7 ms
 * even when the frame rate measured on a busy machine says otherwise.
 */
export async function traceCpu(browser, page, seconds) {
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink"] });
  await page.waitForTimeout(seconds * 1000);
  const buf = await browser.stopTracing();
  const events = JSON.parse(buf.toString("utf8")).traceEvents;
  const threads = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const onThread = (name) => events.filter((e) => e.ph === "X" && threads.get(`${e.pid}:${e.tid}`) === name);
  const main = onThread("CrRendererMain");
  const frames = main.filter((e) => e.name === "Commit").length || 1;
  const cpu = (list, name) => list.filter((e) => e.name === name).reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  const worker = onThread("DedicatedWorker thread");
  return {
    frames,
    perFrame: {
      total: cpu(main, "RunTask") / frames,
      animationFrame: cpu(main, "FireAnimationFrame") / frames,
      snapshotMessages: cpu(main, "HandlePostMessage") / frames,
      reactScheduled: cpu(main, "MessagePort::Accept") / frames,
      styleLayout: (cpu(main, "UpdateLayoutTree") + cpu(main, "Layout")) / frames,
      paint: (cpu(main, "LocalFrameView::RunPrePaintLifecyclePhase") + cpu(main, "LocalFrameView::RunPaintLifecyclePhase")) / frames,
      commit: cpu(main, "Commit") / frames,
    },
    // The worker's busy share by wall time: its thread time is not always in the trace.
    workerBusyShare: worker.filter((e) => e.name === "RunTask").reduce((a, e) => a + e.dur, 0) / 1000 / (seconds * 1000),
  };
}
