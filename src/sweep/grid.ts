/*
 * The sweep's points: every combination of the varied values (in file order, the last setting
 * changing fastest), each with every seed. A point's scenario is the base with its values set at
 * their paths, its seed, and the primary failure (if asked) at a time drawn from that seed. Paths
 * are checked by a regex (names and [index]); a name of Object.prototype is refused, so a value can
 * only land in the scenario's own data.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { SETTING_PATH, type SweepFile } from "./schema";

export type SettingValue = string | number | boolean | null;

export interface SweepPoint {
  /** its place in the sweep, from 0 */
  index: number;
  /** the varied settings' values, in the file's order */
  values: SettingValue[];
  seed: number;
  /** virtual time of the primary failure, or null */
  failureAtMs: number | null;
  scenario: unknown;
}

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

type Step = string | number;

/** `a.b[2].c` → ["a", "b", 2, "c"]; the schema's regex has checked the shape. */
export function pathSteps(path: string): Step[] {
  const steps: Step[] = [];
  for (const m of path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g)) steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return steps;
}

/** Why `path` cannot be set in `base`, or null. A missing last object field is fine (it is created); a missing list item is not. */
export function pathProblem(base: unknown, path: string): string | null {
  if (!SETTING_PATH.test(path)) {
    return "expected a path into the scenario: names and [index], such as commit.postgres.synchronous_commit or cluster.replicas[0].applyDelayMs";
  }
  const steps = pathSteps(path);
  const bad = steps.find((s) => typeof s === "string" && FORBIDDEN.has(s));
  if (bad !== undefined) return `"${bad}" cannot be part of a path`;
  let at: unknown = base;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i]!;
    const next = steps[i + 1]!;
    if (typeof step === "number") {
      if (!Array.isArray(at) || step >= at.length) return `the scenario has no ${describe(steps.slice(0, i + 1))}`;
      at = at[step];
    } else {
      if (typeof at !== "object" || at === null || Array.isArray(at)) return `the scenario has no ${describe(steps.slice(0, i + 1))}`;
      const field = Object.hasOwn(at, step) ? (at as Record<string, unknown>)[step] : undefined;
      // A missing object on the way is created, unless a list item is wanted in it.
      if (field === undefined && typeof next === "number") return `the scenario has no ${describe(steps.slice(0, i + 1))} list`;
      at = field ?? {};
    }
  }
  const last = steps.at(-1)!;
  if (typeof last === "number" && (!Array.isArray(at) || last >= at.length)) return `the scenario has no ${describe(steps)}`;
  return null;
}

function describe(steps: readonly Step[]): string {
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** A deep copy of `base` with `value` at `path` (pathProblem(base, path) must be null). */
export function withValue(base: unknown, path: string, value: SettingValue): unknown {
  const root = structuredClone(base) as Record<string, unknown>;
  const steps = pathSteps(path);
  let at: Record<string | number, unknown> = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i]!;
    const field = at[step];
    if (field === undefined || field === null || typeof field !== "object") at[step] = {};
    at = at[step] as Record<string | number, unknown>;
  }
  at[steps.at(-1)!] = value;
  return root;
}

/** The failure time of a seed: uniform over [fromMs, toMs] in whole ms, from the seed alone. */
export function failureTimeMs(seed: number, fromMs: number, toMs: number): number {
  // A generator of its own, not the engine's: the scenario's randomness stays the scenario's.
  // Mixed first (murmur3's finalizer): xoroshiro128+'s first outputs for seeds 1, 2, 3 ... are
  // nearly equal, which put every failure within a few ms of the others.
  const from = Math.ceil(fromMs);
  return uniformInt(xoroshiro128plus(mix32(seed ^ 0x5eed)), from, Math.max(from, Math.floor(toMs)));
}

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function runCount(sweep: SweepFile): number {
  return sweep.vary.reduce((n, v) => n * v.values.length, 1) * sweep.seeds.count;
}

/** Every point, in order: combinations in file order (last setting fastest), seeds innermost. */
export function* sweepPoints(sweep: SweepFile): Generator<SweepPoint> {
  const combos = sweep.vary.reduce<SettingValue[][]>((acc, v) => acc.flatMap((c) => v.values.map((x) => [...c, x])), [[]]);
  const primary = primaryName(sweep.scenario);
  let index = 0;
  for (const values of combos) {
    const base = sweep.vary.reduce<unknown>((s, v, i) => withValue(s, v.path, values[i]!), sweep.scenario);
    for (let k = 0; k < sweep.seeds.count; k++) {
      const seed = sweep.seeds.from + k;
      const f = sweep.primaryFailure;
      const failureAtMs = f === undefined ? null : failureTimeMs(seed, f.fromMs, f.toMs);
      const scenario = withValue(base, "seed", seed) as Record<string, unknown>;
      if (f !== undefined && failureAtMs !== null) {
        const actions = Array.isArray(scenario.actions) ? [...(scenario.actions as unknown[])] : [];
        actions.push({ atMs: failureAtMs, op: "crash", node: primary, kind: f.kind });
        if (f.promote !== undefined) actions.push({ atMs: failureAtMs + f.promoteAfterMs, op: "promote", node: f.promote });
        scenario.actions = actions;
      }
      yield { index: index++, values, seed, failureAtMs, scenario };
    }
  }
}

/** The base scenario's primary name, as the scenario schema defaults it. */
function primaryName(scenario: Record<string, unknown>): string {
  const cluster = scenario.cluster as { primary?: { name?: unknown } } | undefined;
  const name = cluster?.primary?.name;
  return typeof name === "string" ? name : "primary";
}
