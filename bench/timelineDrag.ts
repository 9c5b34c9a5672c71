/*
 * The Timeline slider dragged over a long run, in the built page (issue 18: "dragging the Timeline
 * slider keeps ≥ 30 fps"). A run of 1 primary + 3 replicas at 2,000 writes/s (bench/scenarios.ts)
 * is brought to 10 minutes of virtual time by opening a link to that moment (the worker rebuilds it
 * with its checkpoints, as for any link); then the slider's thumb is dragged by the mouse across the
 * whole run for a few seconds, and the page counts animation frames (is the page still fluid?) and
 * the seeks the worker answered (how many moments were drawn while the hand moved).
 *
 *   npm run build && npx vite preview --port 4311 --strictPort &
 *   npm run bench:drag -- --port=4311 [--minutes=10] [--seconds=6]
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium } from "@playwright/test";
import { Simulation } from "../src/engine/index";
import { encodeLink } from "../src/timeline/link";
import { newTree } from "../src/timeline/branches";
import { Run } from "../src/worker/run";
import { benchScenario } from "./scenarios";

const args = new Map(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, "").split("=");
  return [k!, v ?? "true"] as const;
}));
const PORT = Number(args.get("port") ?? 4311);
const MINUTES = Number(args.get("minutes") ?? 10);
const SECONDS = Number(args.get("seconds") ?? 6);
const BASE = `http://127.0.0.1:${PORT}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function main(): Promise<void> {
  // An interactive run (no end), shown at MINUTES of virtual time.
  const scenario = { ...benchScenario({ replicas: 3, preset: "async", writesPerSec: 2000, durationMs: 86_400_000 }), name: "drag benchmark" };
  const endUs = MINUTES * 60_000_000;
  let t0 = performance.now();
  const run = new Run(new Simulation(scenario), 100_000_000);
  run.runUntil(endUs);
  const end = { events: run.events, atUs: run.nowUs };
  console.log(`run: 1 + 3 async, 2,000 writes/s, ${MINUTES} min: ${end.events.toLocaleString("en")} events (built in Node in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const tree = newTree();
  const link = await encodeLink({ scenario, tree: { ...tree, branches: [{ ...tree.branches[0]!, end }] }, moment: { ...end, commands: 0 } });
  if (!link.ok) throw new Error(link.message);

  const browser = await chromium.launch({
    ...(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium" } : {}),
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => localStorage.setItem("replication-lab.lessons.v1", JSON.stringify({ done: [], stoppedAt: [], welcomed: true })));
  const page = await context.newPage();
  t0 = performance.now();
  await page.goto(`${BASE}/#${link.link}`);
  await page.waitForFunction((events) => window.__lab?.timeline().travel?.end.events === events, end.events, { timeout: 600_000, polling: 500 });
  console.log(`the page opened the link (the worker rebuilt the run) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const slider = page.getByRole("slider", { name: "Timeline" });
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  // Counters in the page: animation frames and their intervals, seeks answered.
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__drag = { frames: [], on: true };
    const tick = (t) => {
      if (!window.__drag.on) return;
      window.__drag.frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const seeks0 = await page.evaluate(() => window.__lab!.seeksAnswered());
  const startWall = performance.now();
  await page.mouse.move(box.x + box.width - 2, y);
  await page.mouse.down();
  // Back and forth across the run, a move every ~16 ms, for SECONDS.
  const moves = Math.round((SECONDS * 1000) / 16);
  for (let i = 0; i < moves; i++) {
    const phase = (i / moves) * 2;
    const f = phase < 1 ? 1 - phase : phase - 1;
    await page.mouse.move(box.x + 2 + f * (box.width - 4), y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const wallS = (performance.now() - startWall) / 1000;
  const stats = await page.evaluate<number[]>("(() => { window.__drag.on = false; return window.__drag.frames; })()");
  const seeks = (await page.evaluate(() => window.__lab!.seeksAnswered())) - seeks0;
  const intervals = stats.slice(1).map((t, i) => t - stats[i]!);
  const spanS = ((stats.at(-1) ?? 0) - (stats[0] ?? 0)) / 1000;
  console.log(`drag: ${moves} mouse moves over ${wallS.toFixed(1)} s (load average ${loadavg()[0]!.toFixed(1)} on this machine)`);
  console.log(`  page frames: ${(stats.length / spanS).toFixed(1)} fps; frame interval median ${median(intervals).toFixed(1)} ms, p95 ${pct(intervals, 0.95).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms (target ≥ 30 fps: ${stats.length / spanS >= 30 ? "PASS" : "MISS"})`);
  console.log(`  seeks answered: ${seeks} = ${(seeks / wallS).toFixed(1)} moments drawn per second while dragging`);
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
