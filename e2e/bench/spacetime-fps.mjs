#!/usr/bin/env node
/*
 * The space-time diagram's frame rate while live (a script, not a timed test): the built app in
 * headless Chromium, a run busy enough that about 2,000 messages are in the diagram's window, the
 * diagram open and following now. Inside the page it counts requestAnimationFrame callbacks for
 * `--seconds`, samples the messages the figure drew and what drawing a frame cost (figure only),
 * then traces 4 s for the main thread's CPU a frame by thread time (what other processes on a
 * busy machine do not inflate: traceCpu.mjs), and prints them with PASS/MISS beside the 55 fps
 * target. Either serve dist/ first:
 *
 *   npx vite build && npx vite preview --port 4316 --strictPort &
 *   node e2e/bench/spacetime-fps.mjs --port=4316 [--seconds=10] [--width=1440] [--height=900] [--json]
 *
 * or compare two builds side by side: the script serves each directory itself on --port, in turn,
 * `--rounds` times (alternating, so the machine's load falls on both alike), and prints the
 * medians over the rounds with the ratio:
 *
 *   node e2e/bench/spacetime-fps.mjs --port=4316 --dist=/tmp/before-dist,dist [--rounds=3]
 */
import { chromium } from "@playwright/test";
import { traceCpu } from "./traceCpu.mjs";
import { profileMainThread } from "./cpuProfile.mjs";
import { cpus, loadavg } from "node:os";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, "").split("="); return [k, v ?? "true"]; }));
const PORT = Number(args.port ?? 4316), SECONDS = Number(args.seconds ?? 10);
const WIDTH = Number(args.width ?? 1440), HEIGHT = Number(args.height ?? 900);
const TARGET_FPS = 55, TARGET_MESSAGES = 2000;

/** 3 standbys at LAN distances, 1,500 writes/s synchronous: each commit sends WAL and gets replies from all three. */
const SCENARIO = {
  name: "space-time fps benchmark", seed: 1, durationMs: 3_600_000,
  cluster: { primary: { name: "primary", fsyncMs: 1 },
    replicas: [1, 2, 3].map((i) => ({ name: `s${i}`, networkDelayMs: 2 + i, jitterMs: 0.5, fsyncMs: 1 })) },
  commit: { preset: "sync" },
  workload: { writesPerSec: 1500, readsPerSec: 300, sessions: 4, keys: 100, readFrom: "replicas" },
};

async function measure() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-gpu", "--no-sandbox"] });
  const ctx = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
  await ctx.addInitScript(() => localStorage.setItem("replication-lab.lessons.v1", JSON.stringify({ done: [], stoppedAt: [], welcomed: true })));
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${PORT}/?scenario=${encodeURIComponent(JSON.stringify(SCENARIO))}`);
  await page.waitForFunction(() => window.__lab?.snapshot() != null, null, { timeout: 20_000 });
  await page.getByLabel("Speed").selectOption("1");
  await page.getByRole("button", { name: "Space-time diagram" }).click();
  await page.waitForTimeout(4000);
  const result = await page.evaluate((seconds) => new Promise((resolve) => {
    const samples = [], segments = [], costs = [], intervals = [];
    let frames = 0, last = performance.now();
    const start = last;
    const tick = (now) => {
      frames++;
      intervals.push(now - last);
      last = now;
      const f = window.__spacetime.lastFrame();
      samples.push(f.messages);
      segments.push(f.segments ?? f.messages);
      costs.push(f.drawMs);
      if (now - start < seconds * 1000) requestAnimationFrame(tick);
      else resolve({ frames, ms: now - start, samples, segments, costs, intervals, paused: window.__lab.state().paused });
    };
    requestAnimationFrame(tick);
  }), SECONDS);
  const cpu = await traceCpu(browser, page, 4);
  const profile = args.profile ? await profileMainThread(page, 4) : null;
  const canvas = await page.evaluate(() => window.__spacetime.lastFrame().canvas ?? false);
  await browser.close();
  return { result, errors, cpu, canvas, profile };
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)] ?? 0; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0; };
const MIME = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
  ".png": "image/png", ".ico": "image/x-icon", ".webmanifest": "application/manifest+json", ".txt": "text/plain" };

/** A static server of one build directory on PORT (the page's routes fall back to index.html). */
async function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(200, { "content-type": "text/html" }).end(await readFile(join(dir, "index.html")));
    }
  });
  await new Promise((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  return server;
}

function summary({ result, errors, cpu, canvas, profile }) {
  const fps = (result.frames / result.ms) * 1000;
  return {
    fps: Math.round(fps * 10) / 10, frames: result.frames, seconds: Math.round(result.ms) / 1000,
    messagesOnScreen: { median: median(result.samples), min: Math.min(...result.samples), max: Math.max(...result.samples) },
    segments: median(result.segments),
    drawMs: { p50: Math.round(median(result.costs) * 100) / 100, p95: Math.round(pct(result.costs, 0.95) * 100) / 100 },
    frameIntervalMs: { p50: Math.round(median(result.intervals) * 10) / 10, p95: Math.round(pct(result.intervals, 0.95) * 10) / 10 },
    cpuMsPerFrame: Object.fromEntries(Object.entries(cpu.perFrame).map(([k, v]) => [k, Math.round(v * 100) / 100])), tracedFrames: cpu.frames,
    canvas, profile,
    viewport: `${WIDTH}x${HEIGHT}`, cores: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100), errors,
  };
}

if (args.dist) {
  const dirs = String(args.dist).split(",");
  const rounds = Number(args.rounds ?? 3);
  const runs = dirs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, dir] of dirs.entries()) {
      const server = await serve(dir);
      try { runs[i].push(summary(await measure())); } finally { await new Promise((resolve) => server.close(resolve)); }
      const s = runs[i].at(-1);
      console.log(`round ${r + 1} ${dir}: ${s.fps} fps, draw p50 ${s.drawMs.p50} ms, main-thread CPU ${s.cpuMsPerFrame.total} ms a frame ` +
        `(animation frames ${s.cpuMsPerFrame.animationFrame}, paint ${s.cpuMsPerFrame.paint}), ${s.messagesOnScreen.median} messages (${s.segments} segments), ` +
        `canvas ${s.canvas}, load ${s.loadavg[0]}`);
      if (s.profile) for (const row of s.profile.rows) console.log(`    ${String(row.share).padStart(5)}%  ${row.fn}`);
    }
  }
  const med = (i, f) => median(runs[i].map(f));
  const rows = [["frames/s", (s) => s.fps], ["figure draw p50, ms", (s) => s.drawMs.p50], ["figure draw p95, ms", (s) => s.drawMs.p95],
    ["frame interval p50, ms", (s) => s.frameIntervalMs.p50], ["messages on screen", (s) => s.messagesOnScreen.median],
    ["segments drawn", (s) => s.segments ?? 0],
    ["main-thread CPU/frame, ms", (s) => s.cpuMsPerFrame.total], ["  animation frames, ms", (s) => s.cpuMsPerFrame.animationFrame],
    ["  style+layout, ms", (s) => s.cpuMsPerFrame.styleLayout], ["  paint, ms", (s) => s.cpuMsPerFrame.paint],
    ["  snapshot messages, ms", (s) => s.cpuMsPerFrame.snapshotMessages], ["  commit, ms", (s) => s.cpuMsPerFrame.commit]];
  console.log(`\nspace-time diagram, live, ${WIDTH}x${HEIGHT}, median of ${rounds} alternating rounds of ${SECONDS} s (${cpus().length} cores)`);
  console.log(`${"measure".padEnd(24)}${dirs.map((d) => d.slice(-22).padStart(24)).join("")}${dirs.length === 2 ? "   ratio (2nd/1st)" : ""}`);
  for (const [name, f] of rows) {
    const vals = dirs.map((_, i) => med(i, f));
    console.log(`${name.padEnd(24)}${vals.map((v) => String(v).padStart(24)).join("")}${dirs.length === 2 && vals[0] ? `   ${(vals[1] / vals[0]).toFixed(2)}` : ""}`);
  }
  const last = med(dirs.length - 1, (s) => s.fps);
  const cpuLast = med(dirs.length - 1, (s) => s.cpuMsPerFrame.total);
  console.log(`frames/s of ${dirs.at(-1)}: ${last}   target >= ${TARGET_FPS}: ${last >= TARGET_FPS ? "PASS" : "MISS"}; ` +
    `its main-thread CPU a frame ${cpuLast} ms: ${cpuLast <= 1000 / TARGET_FPS ? "fits" : "does not fit"} ${TARGET_FPS} fps (${(1000 / TARGET_FPS).toFixed(1)} ms)`);
  if (args.json) console.log(JSON.stringify({ dirs, runs }));
  process.exit(0);
}

const out = summary(await measure());
if (args.json) console.log(JSON.stringify(out));
else {
  console.log(`space-time diagram, live, ${out.viewport}, ${out.seconds} s measured (${out.cores} cores, load ${out.loadavg.join(" ")})`);
  console.log(`  frames/s            ${out.fps}   target >= ${TARGET_FPS}: ${out.fps >= TARGET_FPS ? "PASS" : "MISS"}`);
  console.log(`  messages on screen  median ${out.messagesOnScreen.median} (min ${out.messagesOnScreen.min}, max ${out.messagesOnScreen.max})   target ~${TARGET_MESSAGES}: ${out.messagesOnScreen.median >= TARGET_MESSAGES ? "PASS" : "MISS"}`);
  console.log(`  figure draw per frame  p50 ${out.drawMs.p50} ms, p95 ${out.drawMs.p95} ms`);
  console.log(`  frame interval         p50 ${out.frameIntervalMs.p50} ms, p95 ${out.frameIntervalMs.p95} ms`);
  console.log(`  main-thread CPU a frame (thread time, ${out.tracedFrames} frames traced): ${JSON.stringify(out.cpuMsPerFrame)}   fits ${TARGET_FPS} fps: ${out.cpuMsPerFrame.total <= 1000 / TARGET_FPS ? "PASS" : "MISS"}`);
  if (out.profile) {
    console.log(`  main thread's JavaScript by self time (${out.profile.samples} samples, ${out.profile.busyShare}% busy; share of the busy ones):`);
    for (const r of out.profile.rows) console.log(`    ${String(r.share).padStart(5)}%  ${r.fn}`);
  }
  if (out.errors.length) console.log(`  page errors: ${out.errors.join("; ")}`);
}
