/*
 * The one door a scenario comes in by: the CLI, the worker (files a user loads) and tests all
 * call parseScenario. First the zod schema (shape, types, ranges), then what a schema cannot
 * say: names that must exist at the time they are used, settings that must parse, actions that
 * must change something. It never throws; every problem comes back as a path and one sentence.
 * Warnings are for what is legal but probably not meant; the scenario still runs.
 */
import { scenarioSchema, type Action, type RoutingPolicy, type Scenario, type Workload } from "./schema";
import { issuesToErrors } from "./issueMessages";
import { fail, newFindings, warn, type FieldError, type Findings } from "./findings";
import { startTimeline, stepTimeline, type NodeTimeline } from "./nodeTimeline";
import { checkCommitChoice } from "./commitChecks";
import { checkRoutingParams } from "./routingChecks";
import { joinPath } from "./paths";
import { closest } from "./closest";
import { checkInputShape } from "./inputShape";
import { checkActionAlone } from "./actionChecks";
import { parseSessions, splitSessions } from "./sessionsBlock";
import { checkLogical } from "../logical/validate";
import { checkMultiPrimary } from "../multiprimary/validate";
import { msToUs } from "../core/units";

export type { FieldError };
export type ParseScenarioResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: FieldError[] };

export function parseScenario(input: unknown): ParseScenarioResult {
  try {
    const shape = checkInputShape(input);
    if (shape !== null) return { ok: false, errors: [shape] };
    const split = splitSessions(input);
    const parsed = scenarioSchema.safeParse(split.rest);
    const sessions = split.sessions === null ? null : parseSessions(split.sessions);
    const issues = [...(parsed.success ? [] : parsed.error.issues), ...(sessions?.issues ?? [])];
    if (!parsed.success || issues.length > 0) {
      return { ok: false, errors: issuesToErrors(issues, scenarioSchema, input) };
    }
    const scenario: Scenario = sessions === null ? parsed.data : { ...parsed.data, sessions: sessions.sessions };
    const findings = checkScenario(scenario);
    if (findings.errors.length > 0) return { ok: false, errors: findings.errors };
    return { ok: true, scenario, warnings: findings.warnings };
  } catch (error) {
    // A bug here must not take down the worker or print a stack trace at a user.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: "", message: `the scenario could not be checked (${reason})` }] };
  }
}

function checkScenario(scenario: Scenario): Findings {
  const out = newFindings();
  checkDuration(scenario.durationMs, out);
  const timeline = startTimeline(scenario, out);
  checkLogical(scenario, timeline, out);
  checkMultiPrimary(scenario, out);
  checkCommitChoice(scenario.commit, "commit", timeline.live, out);
  const workloads = workloadsOverTime(scenario);
  for (const [name, session] of Object.entries(scenario.sessions)) {
    checkRoutingParams(session.routing, session, joinPath("sessions", name), "routing", out);
    const taken = workloadPolicy(name, workloads);
    if (taken !== null) {
      const when = workloadPolicy(name, workloads.slice(0, 1)) !== null ? "is not used"
        : "is not used once a workload action gives the workload that many sessions";
      warn(out, joinPath("sessions", name), `${JSON.stringify(name)} is also the name of a workload session: the workload sets its routing ` +
        `to workload.readFrom ("${taken}"), so the routing declared here ${when}`);
    }
  }
  checkWorkload(scenario.workload, out);
  checkActions(scenario, timeline, out);
  return out;
}

/**
 * The engine's clock counts whole µs (msToUs rounds): a run shorter than 1 µs would end at time 0
 * before anything happens, and a duration between two µs ends at the nearer one.
 */
function checkDuration(durationMs: number, out: Findings): void {
  const us = msToUs(durationMs);
  if (us < 1) {
    fail(out, "durationMs", `durationMs ${durationMs} is shorter than 1 µs, the engine's time unit: the run would end at time 0, ` +
      "before any write or read; give at least 0.001");
  } else if (Math.abs(durationMs * 1000 - us) > 1e-6) {
    warn(out, "durationMs", `${durationMs} is not a whole number of µs, the engine's time unit: the run ends at ${us / 1000} ms`);
  }
}

/** The workload as it starts and as each workload action changes it, in time order. */
function workloadsOverTime(scenario: Scenario): Workload[] {
  const changes = scenario.actions.map((a, i) => ({ a, i })).sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i)
    .flatMap(({ a }) => (a.op === "workload" ? [a.workload] : []));
  const out = [scenario.workload];
  for (const patch of changes) out.push({ ...out[out.length - 1]!, ...definedFields(patch) });
  return out;
}

function definedFields(patch: Partial<Workload>): Partial<Workload> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/**
 * The routing a workload session has, or null when `name` is none of them. The workload names
 * its sessions w1 … wN and gives each its readFrom, whenever it starts or a workload action
 * changes it (clients.ts); a session past a later, smaller N keeps the policy it had. `workloads`
 * are the workload's states up to now, in time order.
 */
function workloadPolicy(name: string, workloads: readonly Workload[]): RoutingPolicy | null {
  const m = /^w([1-9][0-9]{0,4})$/.exec(name);
  if (!m) return null;
  const k = Number(m[1]);
  for (let i = workloads.length - 1; i >= 0; i--) if (workloads[i]!.sessions >= k) return workloads[i]!.readFrom;
  return null;
}

function checkWorkload(workload: Workload, out: Findings): void {
  checkRoutingParams(workload.readFrom, workload, "workload", "readFrom", out);
  if (workload.stopMs !== undefined && workload.stopMs < workload.startMs) {
    fail(out, "workload.stopMs", `expected a time ≥ startMs (${workload.startMs} ms), got ${workload.stopMs}`);
  }
}

/** Walks the actions in the order they happen: (atMs, then file order). */
function checkActions(scenario: Scenario, timeline: NodeTimeline, out: Findings): void {
  const { actions } = scenario;
  const order = actions.map((_, i) => i).sort((a, b) => actions[a]!.atMs - actions[b]!.atMs || a - b);
  const late: number[] = [];
  const state: WalkState = { workload: scenario.workload, workloads: [scenario.workload], undeclared: new Set<string>() };
  for (const index of order) {
    const action = actions[index]!;
    stepTimeline(action, index, timeline, out);
    if (action.atMs > scenario.durationMs) late.push(index);
    checkAction(action, `actions[${index}]`, scenario, timeline, state, out);
  }
  if (late.length > 0) {
    const first = late.reduce((a, b) => Math.min(a, b));
    const others = late.length === 1 ? "this action never happens" : `this action and ${late.length - 1} more never happen`;
    warn(out, `actions[${first}].atMs`,
      `${actions[first]!.atMs} ms is after the end of the run (durationMs ${scenario.durationMs}); ${others}`);
  }
}

interface WalkState {
  workload: Workload;
  /** the workload's states so far, in time order (its first one and each workload action's) */
  workloads: Workload[];
  undeclared: Set<string>;
}

function checkAction(action: Action, path: string, scenario: Scenario, timeline: NodeTimeline,
  state: WalkState, out: Findings): void {
  const before = out.errors.length;
  checkActionAlone(action, path, out);
  if (out.errors.length > before) return;
  switch (action.op) {
    case "configure":
      checkCommitChoice(action, path, timeline.live, out);
      return;
    case "workload":
      checkWorkloadAction(action.workload, `${path}.workload`, state, out);
      return;
    case "read":
      checkSession(action.session, action.node, `${path}.session`, scenario, state, out);
      return;
    default:
      return;
  }
}

function checkWorkloadAction(patch: Partial<Workload>, path: string, state: WalkState, out: Findings): void {
  const named = Object.keys(patch).filter((key) => patch[key as keyof Workload] !== undefined);
  state.workload = { ...state.workload, ...patch };
  state.workloads.push({ ...state.workloads[state.workloads.length - 1]!, ...definedFields(patch) });
  const { startMs, stopMs } = state.workload;
  if ((named.includes("startMs") || named.includes("stopMs")) && stopMs !== undefined && stopMs < startMs) {
    fail(out, path, `the workload would stop (stopMs ${stopMs}) before it starts (startMs ${startMs})`);
  }
}

/**
 * A read routed by an undeclared session uses the "primary" policy: likely a misspelt name. A
 * workload session (w1 … wN) is no misspelling, but its reads route by workload.readFrom: the
 * warning says so.
 */
function checkSession(session: string, node: string | undefined, path: string, scenario: Scenario,
  state: WalkState, out: Findings): void {
  const declared = Object.keys(scenario.sessions);
  if (node !== undefined || declared.length === 0 || Object.hasOwn(scenario.sessions, session)) return;
  if (state.undeclared.has(session)) return;
  state.undeclared.add(session);
  const policy = workloadPolicy(session, state.workloads);
  if (policy !== null) {
    warn(out, path, `session ${JSON.stringify(session)} is not declared in sessions; it is one of the workload's sessions, ` +
      `so its reads route as workload.readFrom says ("${policy}")`);
    return;
  }
  const guess = closest(session, declared);
  const hint = guess === null ? "" : `; did you mean ${JSON.stringify(guess)}?`;
  warn(out, path, `session ${JSON.stringify(session)} is not declared in sessions, so its reads route "primary"${hint}`);
}
