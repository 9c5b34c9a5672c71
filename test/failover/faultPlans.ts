/*
 * Random fault schedules that end in failovers, and an oracle for what each failover loses.
 *
 * A plan: a cluster of 1–5 replicas, commit settings, a workload, and one or two phases. A phase
 * has faults (process crashes, power losses and hangs of any node, the current primary included,
 * restarts, a node cut off both ways or one way, heals, a slower and lossy network leg); then
 * everything is healed and restarted, the current primary crashes (in an "outage" every other
 * node loses power at the same instant and restarts 1 ms later), and the running standby with
 * the highest (timeline, write LSN) is promoted: promotion replays everything received. Between
 * phases the old primary is restarted and every diverged node rewound, as an operator would.
 *
 * The oracle needs the client history and, per promotion, the promoted standby's timeline and
 * write position: the acknowledged writes a failover loses are exactly those (not lost before)
 * whose WAL record is not in that standby's history up to that position. Timelines fork at each
 * promotion, so the oracle keeps their lineage as the engine must. Each run is a plain scenario
 * file (promotions and rewinds are scripted actions), so a failure prints a reproducer.
 */
import fc from "fast-check";
import { Simulation } from "../../src/engine";
import { scenarioSchema, type ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent, OperationEvent, Report } from "../../src/engine/views";

type Action = NonNullable<ScenarioInput["actions"]>[number];
type Replica = NonNullable<ScenarioInput["cluster"]["replicas"]>[number];
export type Level = "off" | "local" | "remote_write" | "on" | "remote_apply";

const PHASE_MS = 2500;
const FAULTS_FROM_MS = 50, FAULTS_TO_MS = 1500, REPAIR_MS = 1600;

/**
 * A fault on one node: crash (process, power, hang), restart, cut it off from every other node
 * (both ways, or only its sends or its receives), heal it, or slow its network leg down.
 */
export interface Fault {
  atMs: number;
  node: string;
  what: "process" | "power" | "hang" | "restart" | "isolate" | "mute" | "deafen" | "heal" | "slow";
}

export interface Phase {
  faults: Fault[];
  crashKind: "process" | "power";
  /** time between the repair (heal + restart everything) and the primary's crash */
  settleMs: number;
  /** time between the crash and the promotion */
  promoteAfterMs: number;
  outage: boolean;
}

export interface Plan {
  seed: number;
  replicas: Replica[];
  level: Level;
  names: string;
  writesPerSec: number;
  keys: number;
  phases: Phase[];
}

export interface PlanShape {
  levels: readonly Level[];
  /** nodes may lose power during the faults (the primary's final crash may be a power loss either way) */
  replicaPowerLoss: boolean;
  outage: "never" | "sometimes" | "always";
  /** fsync of a replica, ms (slow ones make written-but-unflushed WAL common) */
  fsyncMs: [number, number];
  phases: [number, number];
}

/** synchronous_standby_names over a non-empty subset of the replicas: FIRST n, ANY n or a plain list. */
export function standbyList(replicas: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom("FIRST", "ANY", "plain"), fc.shuffledSubarray(replicas, { minLength: 1 }), fc.nat())
    .map(([method, list, k]) => (method === "plain" ? list.join(", ") : `${method} ${1 + (k % list.length)} (${list.join(", ")})`));
}

function replica(name: string, fsyncMs: [number, number]): fc.Arbitrary<Replica> {
  const ms = (min: number, max: number) => fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((v) => v / 1000);
  return fc.record({
    name: fc.constant(name), networkDelayMs: ms(0.1, 20), jitterMs: fc.oneof(fc.constant(0), ms(0, 3)), fsyncMs: ms(fsyncMs[0], fsyncMs[1]),
    applyDelayMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }) }),
  });
}

function phase(nodes: string[], shape: PlanShape): fc.Arbitrary<Phase> {
  const kinds: Fault["what"][] = ["restart", "restart", "isolate", "mute", "deafen", "heal", "heal", "slow", "process", "process", "hang",
    ...(shape.replicaPowerLoss ? ["power" as const, "power" as const] : [])];
  const fault = fc.record({
    atMs: fc.integer({ min: FAULTS_FROM_MS, max: FAULTS_TO_MS }), node: fc.constantFrom(...nodes), what: fc.constantFrom(...kinds),
  });
  return fc.record({
    faults: fc.array(fault, { maxLength: 12 }),
    crashKind: fc.constantFrom("process" as const, "power" as const),
    settleMs: fc.integer({ min: 0, max: 100 }),
    promoteAfterMs: fc.integer({ min: 0, max: 50 }),
    outage: shape.outage === "sometimes" ? fc.boolean() : fc.constant(shape.outage === "always"),
  });
}

export function plan(shape: PlanShape): fc.Arbitrary<Plan> {
  return fc.integer({ min: 1, max: 5 }).chain((n) => {
    const rs = Array.from({ length: n }, (_, i) => `s${i + 1}`);
    return fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      replicas: fc.tuple(...rs.map((r) => replica(r, shape.fsyncMs))).map((t) => [...t]),
      level: fc.constantFrom(...shape.levels),
      names: standbyList(rs),
      writesPerSec: fc.integer({ min: 20, max: 200 }),
      keys: fc.integer({ min: 1, max: 20 }),
      phases: fc.array(phase(["primary", ...rs], shape), { minLength: shape.phases[0], maxLength: shape.phases[1] }),
    });
  });
}

/** When phase k's primary crashes, when its promotion happens, and when the operator tidies up. */
export function timesOf(p: Plan, k: number): { crashMs: number; promoteMs: number; tidyMs: number } {
  const ph = p.phases[k]!;
  const crashMs = k * PHASE_MS + REPAIR_MS + ph.settleMs;
  const promoteMs = crashMs + (ph.outage ? 2 : 0) + ph.promoteAfterMs;
  return { crashMs, promoteMs, tidyMs: promoteMs + 300 };
}

function faultActions(f: Fault, at: number, nodes: string[]): Action[] {
  const others = nodes.filter((n) => n !== f.node);
  const pairs = (oneWay: boolean, out: boolean): Action[] => others.map((o) =>
    ({ atMs: at, op: "partition", between: out ? [f.node, o] : [o, f.node], oneWay }));
  switch (f.what) {
    case "process": case "power": case "hang": return [{ atMs: at, op: "crash", node: f.node, kind: f.what }];
    case "slow": return [{ atMs: at, op: "set", node: f.node, networkDelayMs: 5 + (at % 7) * 10, lossPercent: at % 3 === 0 ? 20 : 0 }];
    case "restart": return [{ atMs: at, op: "restart", node: f.node }];
    case "isolate": return pairs(false, true);
    case "mute": return pairs(true, true);
    case "deafen": return pairs(true, false);
    case "heal": return others.map((o) => ({ atMs: at, op: "heal", between: [f.node, o] }));
  }
}

/**
 * The scenario of the first `upTo` phases' promotions: `targets[k]` is phase k's promoted standby,
 * `rewinds[k]` the nodes to rewind after it. Without a target, phase k ends at its crash.
 */
export function scenarioOf(p: Plan, targets: string[], rewinds: string[][]): ScenarioInput {
  const nodes = ["primary", ...p.replicas.map((r) => r.name)];
  const actions: Action[] = [];
  let primary = "primary", endMs = 0;
  p.phases.forEach((ph, k) => {
    if (k > targets.length) return;
    const base = k * PHASE_MS, { crashMs, promoteMs, tidyMs } = timesOf(p, k);
    actions.push(...[...ph.faults].sort((a, b) => a.atMs - b.atMs).flatMap((f) => faultActions(f, base + f.atMs, nodes)));
    for (const n of nodes) {
      actions.push(...nodes.filter((o) => o > n).map((o): Action => ({ atMs: base + REPAIR_MS, op: "heal", between: [n, o] })));
      actions.push({ atMs: base + REPAIR_MS, op: "restart", node: n });
    }
    actions.push({ atMs: crashMs, op: "crash", node: primary, kind: ph.crashKind });
    const rest = nodes.filter((n) => n !== primary);
    if (ph.outage) {
      actions.push(...rest.map((n): Action => ({ atMs: crashMs, op: "crash", node: n, kind: "power" })));
      actions.push(...rest.map((n): Action => ({ atMs: crashMs + 1, op: "restart", node: n })));
    }
    endMs = promoteMs + 500;
    const target = targets[k];
    if (target === undefined) return;
    actions.push({ atMs: promoteMs, op: "promote", node: target });
    actions.push({ atMs: tidyMs, op: "restart", node: primary });
    actions.push(...(rewinds[k] ?? []).map((n): Action => ({ atMs: tidyMs + 100, op: "rewind", node: n })));
    primary = target;
    endMs = k + 1 < p.phases.length ? (k + 1) * PHASE_MS : promoteMs + 500;
  });
  const async = p.level === "local" || p.level === "off";
  return {
    name: `failover property: ${p.level} '${async ? "" : p.names}'`, seed: p.seed, durationMs: endMs,
    cluster: { primary: { name: "primary", fsyncMs: 1 }, replicas: p.replicas },
    commit: { postgres: { synchronous_commit: p.level, synchronous_standby_names: async ? "" : p.names } },
    workload: { writesPerSec: p.writesPerSec, sessions: 3, keys: p.keys },
    actions,
  };
}

function snapshotAt(input: ScenarioInput, us: number) {
  const sim = new Simulation(scenarioSchema.parse(input));
  sim.runUntil(us);
  return sim.snapshot(Number.MAX_SAFE_INTEGER);
}

/** The running standby with the highest (timeline, write LSN) just before `promoteUs`. */
function mostAdvanced(input: ScenarioInput, promoteUs: number): string | null {
  const up = snapshotAt(input, promoteUs - 1).nodes.filter((n) => n.role === "replica" && n.state === "up");
  if (up.length === 0) return null;
  return up.reduce((a, b) => (b.timeline > a.timeline || (b.timeline === a.timeline && b.lsn.write > a.lsn.write) ? b : a)).name;
}

export interface Promotion {
  promoted: string;
  /** its timeline and write (received) LSN just before the promotion, and what the snapshot said it would lose */
  timeline: number;
  writeLsn: number;
  wouldLose: number | null;
  crashUs: number;
  promoteUs: number;
}

export interface FailoverRun {
  scenario: ScenarioInput;
  report: Report;
  /** the client operations' events */
  history: OperationEvent[];
  /** every line --history would hold, the cluster's events included */
  lines: HistoryEvent[];
  promotions: Promotion[];
}

/** Decides each phase's promotion (and the rewinds after it) by running the plan so far, then runs it whole. */
export function runPlan(p: Plan): FailoverRun | null {
  const targets: string[] = [], rewinds: string[][] = [];
  for (let k = 0; k < p.phases.length; k++) {
    const { promoteMs, tidyMs } = timesOf(p, k);
    const target = mostAdvanced(scenarioOf(p, targets, rewinds), promoteMs * 1000);
    if (!target) return null;
    targets.push(target);
    if (k + 1 < p.phases.length) {
      const snap = snapshotAt(scenarioOf(p, targets, rewinds), (tidyMs + 100) * 1000 - 1);
      rewinds.push(snap.nodes.filter((n) => n.state === "diverged").map((n) => n.name));
    }
  }
  const scenario = scenarioOf(p, targets, rewinds);
  const { history, lines, onHistory } = recorder();
  const sim = new Simulation(scenarioSchema.parse(scenario), { onHistory });
  const promotions = targets.map((promoted, k): Promotion => {
    const { crashMs, promoteMs } = timesOf(p, k);
    sim.runUntil(promoteMs * 1000 - 1);
    const n = sim.snapshot(Number.MAX_SAFE_INTEGER).nodes.find((x) => x.name === promoted)!;
    return { promoted, timeline: n.timeline, writeLsn: n.lsn.write, wouldLose: n.wouldLose, crashUs: crashMs * 1000, promoteUs: promoteMs * 1000 };
  });
  sim.runUntil(scenario.durationMs! * 1000);
  return { scenario, report: sim.finish(), history, lines, promotions };
}

/** Timeline lineage as the promotions built it: timeline k + 2 forked from promotion k's timeline at its write LSN. */
function lineage(run: FailoverRun): Map<number, { parent: number; switchLsn: number }> {
  return new Map(run.promotions.map((pr, k) => [k + 2, { parent: pr.timeline, switchLsn: pr.writeLsn }]));
}

/** Whether a node on `timeline` holding WAL up to `upTo` has the record ending at `lsn` written on `tl`. */
function holds(tls: ReturnType<typeof lineage>, timeline: number, upTo: number, tl: number, lsn: number): boolean {
  if (lsn > upTo) return false;
  let t = timeline;
  for (let fork = tls.get(t); fork && lsn - 1 < fork.switchLsn; fork = tls.get(t)) t = fork.parent;
  return t === tl;
}

export interface Expected {
  /** op ids of the acknowledged writes the failover must lose, ascending */
  lost: number[];
  rpoMs: number;
}

/** From the history alone: acknowledged, not lost before the promotion, not in the promoted standby's history. */
export function expectedLoss(run: FailoverRun, k: number): Expected {
  const pr = run.promotions[k]!, tls = lineage(run);
  const lostBefore = new Set(run.history.filter((e) => e.type === "lost" && e.timeUs < pr.promoteUs).map((e) => e.op));
  const oks = run.history.filter((e) => e.type === "ok" && e.f === "write" && e.timeUs < pr.promoteUs && !lostBefore.has(e.op)
    && !holds(tls, pr.timeline, pr.writeLsn, e.timeline!, e.lsn!));
  const oldestAck = Math.min(...oks.map((e) => e.timeUs));
  return { lost: oks.map((e) => e.op).sort((a, b) => a - b), rpoMs: oks.length > 0 ? Math.round(pr.crashUs - oldestAck) / 1000 : 0 };
}

/**
 * The same plan (one phase) under automatic failover (failover.auto, detectMs) instead of a
 * scripted promotion. Its faults leave the primary alone: the monitor would fail over mid-schedule.
 */
export function runAutoPlan(p: Plan, detectMs: number): { scenario: ScenarioInput; report: Report } {
  const one = { ...p, phases: p.phases.slice(0, 1).map((ph) => ({ ...ph, faults: ph.faults.filter((f) => f.node !== "primary") })) };
  const scenario: ScenarioInput = { ...scenarioOf(one, [], []), failover: { auto: true, detectMs } };
  scenario.durationMs = timesOf(one, 0).crashMs + detectMs + 500;
  const sim = new Simulation(scenarioSchema.parse(scenario));
  sim.runUntil(scenario.durationMs * 1000);
  return { scenario, report: sim.report() };
}

export interface SplitBrainRun {
  scenario: ScenarioInput;
  report: Report;
  history: OperationEvent[];
  lines: HistoryEvent[];
  promoted: Promotion;
}

/**
 * The plan's first phase without fencing: instead of crashing, the primary is cut off from every
 * standby (its clients still reach it) and the most advanced standby is promoted. The old primary
 * keeps taking its sessions' writes until it is shut down 400 ms later and rewound 100 ms after.
 */
export function runSplitBrainPlan(p: Plan): SplitBrainRun | null {
  const one = { ...p, phases: p.phases.slice(0, 1).map((ph) => ({ ...ph, outage: false })) };
  const { crashMs, promoteMs } = timesOf(one, 0);
  const build = (target?: string): ScenarioInput => {
    const base = scenarioOf(one, [], []);
    const actions = base.actions!.filter((a) => !(a.op === "crash" && a.atMs === crashMs));
    actions.push(...p.replicas.map((r): Action => ({ atMs: crashMs, op: "partition", between: ["primary", r.name] })));
    if (target) {
      actions.push({ atMs: promoteMs, op: "promote", node: target }, { atMs: promoteMs + 400, op: "crash", node: "primary", kind: "process" },
        { atMs: promoteMs + 400, op: "restart", node: "primary" }, { atMs: promoteMs + 500, op: "rewind", node: "primary" });
    }
    return { ...base, failover: { fencing: false }, durationMs: promoteMs + 800, actions };
  };
  const target = mostAdvanced(build(), promoteMs * 1000);
  if (!target) return null;
  const scenario = build(target);
  const { history, lines, onHistory } = recorder();
  const sim = new Simulation(scenarioSchema.parse(scenario), { onHistory });
  sim.runUntil(promoteMs * 1000 - 1);
  const n = sim.snapshot(Number.MAX_SAFE_INTEGER).nodes.find((x) => x.name === target)!;
  sim.runUntil(scenario.durationMs! * 1000);
  return { scenario, report: sim.finish(), history, lines,
    promoted: { promoted: target, timeline: n.timeline, writeLsn: n.lsn.write, wouldLose: n.wouldLose, crashUs: crashMs * 1000, promoteUs: promoteMs * 1000 } };
}

/** Keeps every history line, and the client operations' apart. */
function recorder(): { history: OperationEvent[]; lines: HistoryEvent[]; onHistory: (e: HistoryEvent) => void } {
  const history: OperationEvent[] = [], lines: HistoryEvent[] = [];
  return { history, lines, onHistory: (e) => { lines.push(e); if ("f" in e) history.push(e); } };
}

/** A failure message that is also a reproducer. */
export function describeRun(run: FailoverRun, what: string): string {
  const promos = run.promotions.map((pr) => `${pr.promoted} at ${pr.promoteUs / 1000} ms (timeline ${pr.timeline}, write LSN ${pr.writeLsn})`);
  return `${what}\npromoted ${promos.join(", then ")}\nreproduce: save as x.json and run \`npm run sim -- x.json\`\n` +
    JSON.stringify(run.scenario);
}
