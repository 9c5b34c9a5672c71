/*
 * Engine throughput beside the bare-heap baseline, in one process (one per cluster, so the JIT
 * sees one scenario shape, as the CLI does). A calibration run, untimed, counts the events and
 * the mean queue size the engine sees at each event; untimed warm-up rounds follow (warmUp), then
 * timed repetitions alternate baseline, the engine's queue alone and the engine, all doing that
 * many events, and the medians are compared.
 */
import { Simulation } from "../src/engine/index";
import type { Scenario } from "../src/engine/scenario/schema";
import { cpuMsSince, runBaseline, type BaselineOptions, type BaselineResult } from "./baselineHeap";
import { runQueueOnly } from "./queueOnly";
import { recordSchedule, runHeapOnSchedule } from "./scheduleTrace";
import { benchScenario, type ClusterLoad } from "./scenarios";
import { median } from "./stats";

/** engine events/s must be at least this fraction of the baseline's */
export const RATIO_TARGET = 0.5;

export interface ThroughputConfig extends ClusterLoad {
  label: string;
  reps: number;
  /** untimed rounds run until the engine has handled this many events (see warmUp) */
  warmupEvents: number;
}

export interface EngineRun {
  events: number;
  writesAcknowledged: number;
  /** building the Simulation (not in wallMs): its tables are sized, some filled, for the declared writes */
  buildMs: number;
  /** minor page faults of the process during the timed run (all its threads): fresh memory first touched */
  pageFaults: number;
  wallMs: number;
  cpuMs: number;
  eventsPerSec: number;
  eventsPerCpuSec: number;
  writesPerSec: number;
}

export interface Calibration {
  events: number;
  writesAcknowledged: number;
  /** mean size of the engine's queue over its events; null when it could not be read */
  meanQueue: number | null;
  maxQueue: number | null;
}

export interface ThroughputResult {
  label: string;
  replicas: number;
  preset: string;
  offeredWritesPerSec: number;
  virtualMs: number;
  calibration: Calibration;
  baselineQueueSize: number;
  /** the untimed rounds before the timed ones: the engine's events/s in each, first (coldest) first */
  warmup: { rounds: number; engineEventsPerSec: number[] };
  engine: EngineRun[];
  baseline: BaselineResult[];
  /** the engine's own queue with the baseline's trivial handlers (see queueOnly.ts) */
  queueOnly: BaselineResult[];
  medianEngineEventsPerSec: number;
  medianEngineWritesPerSec: number;
  medianBaselineEventsPerSec: number;
  medianQueueOnlyEventsPerSec: number;
  medianEngineBuildMs: number;
  medianEnginePageFaults: number;
  /** median engine events/s over median baseline events/s */
  ratio: number;
  /** engine/baseline of each adjacent pair, for judging the noise */
  pairRatios: number[];
  /** the same ratio from CPU time instead of wall time: less sensitive to other load on the machine */
  ratioCpu: number;
  /**
   * Diagnostic, not the target: the bare heap on the engine's own recorded schedule
   * (scheduleTrace.ts), measured after the engine's runs in rounds beside the baseline.
   */
  onSchedule: {
    medianEventsPerSec: number;
    /** its median ÷ the baseline's median in the same rounds */
    speedup: number;
    /** ratio ÷ speedup: the engine against the heap on the engine's own schedule */
    ratio: number;
  };
  target: number;
  pass: boolean;
}

/** The engine's queue size, if this version of the engine lets it be read. */
function queueSize(sim: Simulation): number | null {
  const size = (sim as unknown as { queue?: { size?: unknown } }).queue?.size;
  return typeof size === "number" ? size : null;
}

/** Steps event by event (untimed): how many events and how big the queue is on average. */
export function calibrate(scenario: Scenario): Calibration {
  const sim = new Simulation(scenario);
  const end = scenario.durationMs * 1000;
  let sum = 0, peak = 0, readable = true;
  for (let t = sim.nextEventUs(); t !== null && t <= end; t = sim.nextEventUs()) {
    sim.step();
    const q = queueSize(sim);
    if (q === null) readable = false;
    else { sum += q; if (q > peak) peak = q; }
  }
  const events = sim.eventsProcessed;
  return {
    events,
    writesAcknowledged: sim.report().writes.acknowledged,
    meanQueue: readable && events > 0 ? sum / events : null,
    maxQueue: readable ? peak : null,
  };
}

export function runEngine(scenario: Scenario): EngineRun {
  const b0 = performance.now();
  const sim = new Simulation(scenario);
  const buildMs = performance.now() - b0;
  const faults0 = process.resourceUsage().minorPageFault;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  sim.runUntil(scenario.durationMs * 1000);
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  const pageFaults = process.resourceUsage().minorPageFault - faults0;
  const events = sim.eventsProcessed;
  const writesAcknowledged = sim.report().writes.acknowledged;
  return { events, writesAcknowledged, buildMs, pageFaults, wallMs, cpuMs, eventsPerSec: events / (wallMs / 1000),
    eventsPerCpuSec: events / (cpuMs / 1000), writesPerSec: writesAcknowledged / (wallMs / 1000) };
}

/** When the queue size cannot be read, the baseline runs with this many events queued. */
const FALLBACK_QUEUE = 64;

export function measureThroughput(cfg: ThroughputConfig): ThroughputResult {
  const scenario = benchScenario(cfg);
  const calibration = calibrate(scenario);
  const baselineQueueSize = Math.max(1, Math.round(calibration.meanQueue ?? FALLBACK_QUEUE));
  // With a seed already, so warm-up and timed runs pass options of one shape: a new shape in the
  // first timed run threw away the baseline's optimized code and made that run 30-40 % slower.
  const baselineOpts = { events: calibration.events, queueSize: baselineQueueSize, maxDelayUs: 5000, seed: 1 };
  const warmup = warmUp(scenario, baselineOpts, cfg.warmupEvents);
  const engine: EngineRun[] = [];
  const baseline: BaselineResult[] = [];
  const queueOnly: BaselineResult[] = [];
  for (let i = 0; i < cfg.reps; i++) {
    const r = runRound(scenario, { ...baselineOpts, seed: i + 1 });
    baseline.push(r.baseline);
    queueOnly.push(r.queueOnly);
    engine.push(r.engine);
  }
  const medE = median(engine.map((r) => r.eventsPerSec));
  const medB = median(baseline.map((r) => r.eventsPerSec));
  const ratio = medE / medB;
  const onSchedule = heapOnSchedule(scenario, calibration.events, baselineOpts, cfg.reps);
  return {
    label: cfg.label,
    replicas: cfg.replicas,
    preset: cfg.preset,
    offeredWritesPerSec: cfg.writesPerSec,
    virtualMs: cfg.durationMs,
    calibration,
    baselineQueueSize,
    warmup,
    engine,
    baseline,
    queueOnly,
    medianEngineEventsPerSec: medE,
    medianEngineWritesPerSec: median(engine.map((r) => r.writesPerSec)),
    medianBaselineEventsPerSec: medB,
    medianQueueOnlyEventsPerSec: median(queueOnly.map((r) => r.eventsPerSec)),
    medianEngineBuildMs: median(engine.map((r) => r.buildMs)),
    medianEnginePageFaults: median(engine.map((r) => r.pageFaults)),
    ratio,
    pairRatios: engine.map((e, i) => e.eventsPerSec / baseline[i]!.eventsPerSec),
    ratioCpu: median(engine.map((r) => r.eventsPerCpuSec)) / median(baseline.map((r) => r.eventsPerCpuSec)),
    onSchedule: { ...onSchedule, ratio: ratio / onSchedule.speedup },
    target: RATIO_TARGET,
    pass: ratio >= RATIO_TARGET,
  };
}

/**
 * Untimed rounds of all three loops, interleaved as the timed ones are, until the engine has
 * handled `events` events (at least one round). The calibration stepped the engine event by event,
 * a different path through it; and V8 goes on optimizing the engine for a few million events:
 * a 1 + 3 cluster's runs go from ~5 M events/s in the first to ~10 M by the third, and hold
 * 11-12 M only from about the twelfth (3 M events), while the baseline is steady from its second
 * run (docs/benchmarks.md). The timed rounds compare the two at their steady speeds.
 */
export function warmUp(scenario: Scenario, baselineOpts: BaselineOptions, events: number) {
  const engineEventsPerSec: number[] = [];
  let done = 0;
  do {
    const run = runRound(scenario, baselineOpts).engine;
    engineEventsPerSec.push(run.eventsPerSec);
    done += run.events;
  } while (done < events);
  return { rounds: engineEventsPerSec.length, engineEventsPerSec };
}

/** One round: the baseline, the engine's queue alone and the engine, in that order (warm-up and timed alike). */
function runRound(scenario: Scenario, baselineOpts: BaselineOptions) {
  return { baseline: runBaseline(baselineOpts), queueOnly: runQueueOnly(baselineOpts), engine: runEngine(scenario) };
}

/**
 * The bare heap on the engine's recorded schedule, in rounds beside the baseline. After the
 * engine's timed runs: recording changes a Simulation's shape (see scheduleTrace.ts).
 */
function heapOnSchedule(scenario: Scenario, events: number, baselineOpts: BaselineOptions, reps: number) {
  const trace = recordSchedule(scenario);
  if (trace.pushes.length !== events) throw new Error(`recorded ${trace.pushes.length} events, calibrated ${events}`);
  runHeapOnSchedule(trace);
  const heap: number[] = [], base: number[] = [];
  for (let i = 0; i < reps; i++) {
    base.push(runBaseline({ ...baselineOpts, seed: i + 1 }).eventsPerSec);
    heap.push(runHeapOnSchedule(trace).eventsPerSec);
  }
  return { medianEventsPerSec: median(heap), speedup: median(heap) / median(base) };
}
