/*
 * A million writes on 1 primary + 3 replicas, run in this process (the bench starts one child
 * process per configuration, so maxRSS belongs to one run). The workload offers writesPerSec
 * until exactly `writes` writes have been attempted, is then switched off by a command, and the
 * run goes on `drainMs` of virtual time so every commit is answered. Wall time covers building
 * the simulation, running it and building the report.
 *
 * No onHistory hook is passed: the engine builds history objects only when one is, and the CLI
 * without --history does not. The count of attempted writes is read from the engine's write table
 * when this version has one (O(1)); otherwise from snapshot totals, in coarser slices.
 */
import { Simulation } from "../src/engine/index";
import { benchScenario, type Preset } from "./scenarios";
import { cpuMsSince } from "./baselineHeap";
import { mb } from "./stats";

/** the whole run must finish within this wall time (per million writes) */
export const MILLION_TARGET_MS = 10_000;

export interface MillionConfig {
  preset: Preset;
  writes: number;
  writesPerSec: number;
  replicas?: number;
  drainMs?: number;
}

export interface MillionResult {
  preset: Preset;
  replicas: number;
  writesAttempted: number;
  writesAcknowledged: number;
  writesPending: number;
  events: number;
  virtualMs: number;
  /** build + run + report */
  wallMs: number;
  runMs: number;
  reportMs: number;
  /** user + system CPU time of build + run + report */
  cpuMs: number;
  eventsPerSec: number;
  writesPerSec: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** RSS once the code is loaded, before the simulation exists */
  rssStartMB: number;
  /** max of the kernel's maxRSS and RSS sampled during the run */
  peakRssMB: number;
  heapUsedEndMB: number;
  /** RSS as the writes went in (every tenth of them): how memory grows with the history */
  rssByWrites: { writes: number; rssMB: number }[];
  /** whether exactly `writes` were attempted (false: the count was read coarsely and may overshoot) */
  exactCount: boolean;
  targetMs: number;
  pass: boolean;
}

/** virtual time run per slice between checks of the write count and RSS samples */
const SLICE_US = 10_000;

/** Writes attempted so far: the engine's own counter if readable, else `null`. */
function internalWriteCount(sim: Simulation): number | null {
  const count = (sim as unknown as { writes?: { count?: unknown } }).writes?.count;
  return typeof count === "number" ? count : null;
}

export function runMillionWrites(cfg: MillionConfig): MillionResult {
  const replicas = cfg.replicas ?? 3;
  const rssStart = process.memoryUsage.rss();
  let peakRss = rssStart;
  const expectedMs = (cfg.writes / cfg.writesPerSec) * 1000;
  // The scenario's duration only bounds the run; the loop below decides when it ends.
  const capUs = Math.ceil(expectedMs * 2 + 1000) * 1000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const scenario = benchScenario({ replicas, preset: cfg.preset, writesPerSec: cfg.writesPerSec, durationMs: capUs / 1000 });
  const sim = new Simulation(scenario);
  const exact = internalWriteCount(sim) !== null;
  const sliceUs = exact ? SLICE_US : SLICE_US * 10;
  const attemptedNow = () => internalWriteCount(sim) ?? sim.snapshot(Number.MAX_SAFE_INTEGER).totals.writesAttempted;
  let attempted = attemptedNow();
  let slices = 0;
  const rssByWrites: MillionResult["rssByWrites"] = [];
  const markEvery = cfg.writes / 10;
  // Slices while far from the target, then single events so that exactly `writes` are attempted.
  while (attempted < cfg.writes - 5_000 && sim.nowUs < capUs) {
    sim.runUntil(sim.nowUs + sliceUs);
    attempted = attemptedNow();
    if (++slices % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (attempted >= (rssByWrites.length + 1) * markEvery) rssByWrites.push({ writes: attempted, rssMB: mb(process.memoryUsage.rss()) });
  }
  if (exact) {
    while (attempted < cfg.writes && sim.nowUs < capUs && sim.step()) attempted = attemptedNow();
  } else {
    while (attempted < cfg.writes && sim.nowUs < capUs) { sim.runUntil(sim.nowUs + 1_000); attempted = attemptedNow(); }
  }
  sim.command({ op: "workload", workload: { writesPerSec: 0 } });
  sim.runUntil(sim.nowUs + (cfg.drainMs ?? 500) * 1000);
  const runMs = performance.now() - t0;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  rssByWrites.push({ writes: attempted, rssMB: mb(process.memoryUsage.rss()) });
  const report = sim.report();
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
  const targetMs = (MILLION_TARGET_MS * cfg.writes) / 1_000_000;
  return {
    preset: cfg.preset,
    replicas,
    writesAttempted: report.writes.attempted,
    writesAcknowledged: report.writes.acknowledged,
    writesPending: report.writes.pending,
    events: sim.eventsProcessed,
    virtualMs: sim.nowUs / 1000,
    wallMs,
    runMs,
    reportMs: wallMs - runMs,
    cpuMs,
    eventsPerSec: sim.eventsProcessed / (runMs / 1000),
    writesPerSec: report.writes.acknowledged / (wallMs / 1000),
    latencyMs: report.writes.latencyMs,
    rssStartMB: mb(rssStart),
    peakRssMB: mb(peakRss),
    heapUsedEndMB: mb(process.memoryUsage().heapUsed),
    rssByWrites,
    exactCount: exact,
    targetMs,
    pass: wallMs < targetMs,
  };
}
