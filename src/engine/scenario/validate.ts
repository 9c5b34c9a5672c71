/*
 * The one door a scenario comes in by: the CLI, the worker (files a user loads) and tests all
 * call parseScenario. First the zod schema (shape, types, ranges), then what a schema cannot
 * say: names that must exist at the time they are used, settings that must parse, actions that
 * must change something. It never throws; every problem comes back as a path and one sentence.
 * Warnings are for what is legal but probably not meant; the scenario still runs.
 */
import { actionSchema, scenarioSchema, type Action, type Scenario, type Workload } from "./schema";
import { issueToErrors } from "./issueMessages";
import { fail, newFindings, warn, type FieldError, type Findings } from "./findings";
import { startTimeline, stepTimeline, type NodeTimeline } from "./nodeTimeline";
import { checkCommitChoice } from "./commitChecks";
import { checkRoutingParams } from "./routingChecks";
import { joinPath } from "./paths";
import { closest } from "./closest";

export type { FieldError };
export type ParseScenarioResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: FieldError[] };

export function parseScenario(input: unknown): ParseScenarioResult {
  try {
    const parsed = scenarioSchema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, errors: parsed.error.issues.flatMap((issue) => issueToErrors(issue, scenarioSchema, input)) };
    }
    const findings = checkScenario(parsed.data);
    if (findings.errors.length > 0) return { ok: false, errors: findings.errors };
    return { ok: true, scenario: parsed.data, warnings: findings.warnings };
  } catch (error) {
    // A bug here must not take down the worker or print a stack trace at a user.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: "", message: `the scenario could not be checked (${reason})` }] };
  }
}

function checkScenario(scenario: Scenario): Findings {
  const out = newFindings();
  const timeline = startTimeline(scenario, out);
  checkCommitChoice(scenario.commit, "commit", timeline.live, out);
  for (const [name, session] of Object.entries(scenario.sessions)) {
    checkRoutingParams(session.routing, session, joinPath("sessions", name), "routing", out);
  }
  checkWorkload(scenario.workload, out);
  checkActions(scenario, timeline, out);
  return out;
}

function checkWorkload(workload: Workload, out: Findings): void {
  checkRoutingParams(workload.readFrom, workload, "workload", "readFrom", out);
  if (workload.stopMs !== undefined && workload.stopMs < workload.startMs) {
    fail(out, "workload.stopMs", `expected a time ≥ startMs (${workload.startMs} ms), got ${workload.stopMs}`);
  }
}

/** What a set action may change: every field of its schema but the action's own. */
const SET_FIELDS: readonly string[] = (() => {
  const variant = actionSchema.options.find((option) => option.shape.op.value === "set");
  return Object.keys(variant?.shape ?? {}).filter((key) => !["atMs", "op", "node"].includes(key));
})();

/** Walks the actions in the order they happen: (atMs, then file order). */
function checkActions(scenario: Scenario, timeline: NodeTimeline, out: Findings): void {
  const { actions } = scenario;
  const order = actions.map((_, i) => i).sort((a, b) => actions[a]!.atMs - actions[b]!.atMs || a - b);
  const late: number[] = [];
  const state = { workload: scenario.workload, undeclared: new Set<string>() };
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

interface WalkState { workload: Workload; undeclared: Set<string> }

function checkAction(action: Action, path: string, scenario: Scenario, timeline: NodeTimeline,
  state: WalkState, out: Findings): void {
  switch (action.op) {
    case "set":
      if (SET_FIELDS.every((field) => (action as Record<string, unknown>)[field] === undefined)) {
        fail(out, path, `a set action changes at least one of ${SET_FIELDS.join(", ")}; this one names none`);
      }
      return;
    case "configure":
      if (action.preset === undefined && action.postgres === undefined && action.semiSync === undefined) {
        fail(out, path, "a configure action changes at least one of preset, postgres, semiSync; this one names none");
      } else {
        checkCommitChoice(action, path, timeline.live, out);
      }
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
  if (named.length === 0) {
    fail(out, path, "a workload action changes at least one workload field; this one names none");
    return;
  }
  state.workload = { ...state.workload, ...patch };
  const { startMs, stopMs } = state.workload;
  if ((named.includes("startMs") || named.includes("stopMs")) && stopMs !== undefined && stopMs < startMs) {
    fail(out, path, `the workload would stop (stopMs ${stopMs}) before it starts (startMs ${startMs})`);
  }
}

/** A read routed by an undeclared session uses the "primary" policy: likely a misspelt name. */
function checkSession(session: string, node: string | undefined, path: string, scenario: Scenario,
  state: WalkState, out: Findings): void {
  const declared = Object.keys(scenario.sessions);
  if (node !== undefined || declared.length === 0 || Object.hasOwn(scenario.sessions, session)) return;
  if (state.undeclared.has(session)) return;
  state.undeclared.add(session);
  const guess = closest(session, declared);
  const hint = guess === null ? "" : `; did you mean "${guess}"?`;
  warn(out, path, `session "${session}" is not declared in sessions, so its reads route "primary"${hint}`);
}
