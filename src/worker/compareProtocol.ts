/* The compare worker's messages (compareHost.ts), and the check of a request's shape. */
import type { SideBySide } from "../compare/lockstep";
import type { Variant } from "../compare/variantText";
import { PRESETS, ROUTING_POLICIES, SYNCHRONOUS_COMMIT_LEVELS, WAIT_POINTS } from "../engine/scenario/schema";

export interface CompareRequest {
  type: "compare";
  id: number;
  /** the run's scenario (checked again in the worker) */
  scenario: unknown;
  /** the run's commands at their virtual times */
  commands: { atUs: number; cmd: unknown }[];
  variant: Variant;
  /** run both to this virtual time, µs */
  untilUs: number;
}

export type CompareResponse =
  | { type: "compared"; id: number; result: SideBySide }
  | { type: "compare-failed"; id: number; message: string };

/** the longest comparison the page may ask for: an hour of virtual time */
export const MAX_COMPARE_US = 3_600e6;
const MAX_COMMANDS = 100_000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const oneOf = (list: readonly string[], v: unknown) => typeof v === "string" && list.includes(v);
const isMs = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 86_400_000;

function variantOk(v: unknown): boolean {
  if (!isObj(v)) return false;
  switch (v.kind) {
    case "preset": return oneOf(PRESETS, v.value);
    case "synchronous_commit": return oneOf(SYNCHRONOUS_COMMIT_LEVELS, v.value);
    case "synchronous_standby_names": return typeof v.value === "string" && v.value.length <= 10_000;
    case "wait-point": return oneOf(WAIT_POINTS, v.value);
    case "routing": return oneOf(ROUTING_POLICIES, v.value);
    case "apply-delay": return isMs(v.ms);
    case "network-delay": return isMs(v.ms) && typeof v.node === "string" && v.node.length <= 63;
    default: return false;
  }
}

export function checkCompareRequest(d: unknown): { ok: true; req: CompareRequest } | { ok: false; message: string } {
  if (!isObj(d) || d.type !== "compare" || typeof d.id !== "number" || !Number.isSafeInteger(d.id)) return { ok: false, message: "not a compare request" };
  if (typeof d.untilUs !== "number" || !(d.untilUs > 0) || d.untilUs > MAX_COMPARE_US) return { ok: false, message: "untilUs must be > 0 and at most an hour" };
  if (!Array.isArray(d.commands) || d.commands.length > MAX_COMMANDS) return { ok: false, message: "commands is not a list" };
  if (!d.commands.every((c: unknown) => isObj(c) && typeof c.atUs === "number" && c.atUs >= 0 && isObj(c.cmd))) return { ok: false, message: "a command is not {atUs, cmd}" };
  if (!variantOk(d.variant)) return { ok: false, message: "the second setting is not one the comparison knows" };
  return { ok: true, req: d as unknown as CompareRequest };
}
