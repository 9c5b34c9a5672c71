/*
 * A link to a moment: scenario, seed (in the scenario), every branch's commands, the branch on
 * screen and the moment, versioned (link format + engine version). One codec for the page and the
 * CLI: JSON → deflate-raw (CompressionStream) → base64url, in the address's fragment as
 * `#moment=<format>.<base64url>`, so it never reaches a server.
 *
 * A link is input from anyone, so decoding checks sizes and counts before and while it works: the
 * text's length first, the format version, base64url, then inflating is capped, the JSON's nesting
 * is measured before JSON.parse, and every field is checked for type, range and count. What cannot
 * be used is dropped with a sentence saying so (`notices`); the scenario and the commands are then
 * validated like a scenario file by whoever runs them (the worker, the CLI).
 */
import { ENGINE_VERSION } from "../engine/version";
import { cleanName, type Branch, type BranchTree } from "./branches";
import { commandsAt, compareMoments, countBefore, inMomentOrder, type LoggedCommand, type Moment, type Point } from "./moment";
import { deflate, fromBase64Url, inflateCapped, jsonDepthExceeds, toBase64Url } from "./bytes";

export const LINK_FORMAT = 1;
/** The fragment's key: `#moment=1.<base64url>`. */
export const LINK_KEY = "moment";

/** Limits, checked before the work they bound. */
export const LINK_LIMITS = {
  /** characters of the link's payload (browsers keep addresses of a few MB; this is far below) */
  chars: 300_000,
  /** bytes of JSON once inflated */
  jsonBytes: 4_000_000,
  /** nesting of arrays and objects in that JSON */
  depth: 40,
  branches: 100,
  /** commands over all branches (each counted once, where it was given) */
  commands: 20_000,
} as const;

/** What a link holds, decoded. */
export interface MomentLink {
  format: number;
  engine: number;
  /** the scenario as given (validated by whoever runs it) */
  scenario: unknown;
  tree: BranchTree;
  /** the moment on screen, on `tree.current` */
  moment: Point;
}

export type EncodeResult = { ok: true; link: string } | { ok: false; message: string };

export type DecodeResult =
  | { ok: true; link: MomentLink; notices: string[] }
  | { ok: false; message: string };

// ---------- encoding ----------

interface WireBranch {
  id: number;
  name: string;
  parent: number | null;
  forkedAt: [number, number] | null;
  /** how many of its parent's commands it starts with */
  inherited: number;
  /** only the branch's own commands: the rest are its parent's up to forkedAt */
  commands: [number, number, unknown][];
  end: [number, number];
}

/** A link's contents as JSON data (what is compressed into the link; the CLI's moment file). */
export function linkJson(link: Omit<MomentLink, "format" | "engine">): Record<string, unknown> {
  return {
    format: LINK_FORMAT,
    engine: ENGINE_VERSION,
    scenario: link.scenario,
    branches: link.tree.branches.map(toWire),
    current: link.tree.current,
    moment: [link.moment.events, link.moment.atUs, link.moment.commands],
  };
}

/** The fragment (`moment=1.…`, without '#') for a link. Refuses what would be too long to open. */
export async function encodeLink(link: Omit<MomentLink, "format" | "engine">): Promise<EncodeResult> {
  const wire = linkJson(link);
  const json = new TextEncoder().encode(JSON.stringify(wire));
  if (json.byteLength > LINK_LIMITS.jsonBytes) return { ok: false, message: tooLongToLink(`${json.byteLength.toLocaleString("en")} bytes`) };
  const text = toBase64Url(await deflate(json));
  if (text.length > LINK_LIMITS.chars) return { ok: false, message: tooLongToLink(`${text.length.toLocaleString("en")} characters`) };
  return { ok: true, link: `${LINK_KEY}=${LINK_FORMAT}.${text}` };
}

function tooLongToLink(size: string): string {
  return `this run is too long to share as a link (${size}; a link holds at most ${LINK_LIMITS.chars.toLocaleString("en")} ` +
    "characters): copy the scenario instead";
}

function toWire(b: Branch): WireBranch {
  return {
    id: b.id, name: b.name, parent: b.parent,
    forkedAt: b.forkedAt ? [b.forkedAt.events, b.forkedAt.atUs] : null,
    inherited: b.inherited,
    commands: b.log.slice(b.inherited).map((e) => [e.events, e.atUs, e.cmd]),
    end: [b.end.events, b.end.atUs],
  };
}

// ---------- decoding ----------

/** The link's payload from a whole address, a fragment (`#moment=…`) or the payload itself; null when it holds none. */
export function linkPayload(text: string): string | null {
  const hash = text.indexOf("#");
  const fragment = hash >= 0 ? text.slice(hash + 1) : text;
  const prefix = `${LINK_KEY}=`;
  return fragment.startsWith(prefix) ? fragment.slice(prefix.length) : null;
}

/** Decode a link (a whole address, a fragment, or the payload after `moment=`). */
export async function decodeLink(text: string): Promise<DecodeResult> {
  const payload = linkPayload(text) ?? text;
  // Length first: nothing else is looked at in a link that is too long.
  if (payload.length > LINK_LIMITS.chars) {
    return fail(`it is ${payload.length.toLocaleString("en")} characters long; a link holds at most ${LINK_LIMITS.chars.toLocaleString("en")}`);
  }
  const dot = payload.indexOf(".");
  const version = dot > 0 ? payload.slice(0, dot) : "";
  if (!/^\d{1,6}$/.test(version)) return fail("it does not start with a link format version (is it cut short or mistyped?)");
  if (Number(version) !== LINK_FORMAT) {
    return fail(`it is in link format ${version}, and this page reads format ${LINK_FORMAT}` +
      (Number(version) > LINK_FORMAT ? " (it was made by a newer Replication Lab)" : ""));
  }
  const bytes = fromBase64Url(payload.slice(dot + 1));
  if (bytes === null) return fail("it holds characters a link never has (was it cut short or changed by hand?)");
  const inflated = await inflateCapped(bytes, LINK_LIMITS.jsonBytes);
  if (!inflated.ok) {
    return fail(inflated.reason === "too-big"
      ? `it unpacks to more than ${LINK_LIMITS.jsonBytes.toLocaleString("en")} bytes, more than any run this page makes`
      : "it is damaged: its compressed data is cut short or altered");
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail("it is damaged: its contents are not text");
  }
  if (jsonDepthExceeds(json, LINK_LIMITS.depth)) return fail(`it is nested deeper than ${LINK_LIMITS.depth} levels, which no link of this page is`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return fail("it is damaged: its contents are not valid JSON");
  }
  return readLinkJson(value);
}

function fail(why: string): DecodeResult {
  return { ok: false, message: `The link could not be opened: ${why}. Nothing from it was restored.` };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function momentOf(v: unknown): Moment | null {
  return Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1]) ? { events: v[0], atUs: v[1] } : null;
}

/** A moment of `branch` with the count of its commands in force: those before it, perhaps those at it. */
function pointOf(v: unknown, branch: Branch): Point | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const m = momentOf([v[0], v[1]]);
  const commands: unknown = v[2];
  if (!m || !isCount(commands) || compareMoments(m, branch.end) > 0) return null;
  return commands >= countBefore(branch.log, m) && commands <= commandsAt(branch.log, m).length ? { ...m, commands } : null;
}

/** A link's contents as parsed JSON (decodeLink's last step; the CLI reads moment files with it), checked field by field. */
export function readLinkJson(value: unknown): DecodeResult {
  if (!isObject(value)) return fail("its contents are not a link");
  if (value.format !== LINK_FORMAT) return fail("its contents do not say the link format they are in");
  if (!isObject(value.scenario)) return fail("it holds no scenario");
  if (!Array.isArray(value.branches) || value.branches.length === 0) return fail("it holds no branch of a run");
  const notices: string[] = [];
  if (!isCount(value.engine)) notices.push("The link does not say which engine version made it: its numbers may differ from what its author saw.");
  else if (value.engine !== ENGINE_VERSION) {
    notices.push(`The link was made by engine version ${value.engine}; this page runs version ${ENGINE_VERSION}. Its scenario, ` +
      "commands and branches were restored, but the simulation may now behave differently: the numbers may differ from what its author saw.");
  }
  if (value.branches.length > LINK_LIMITS.branches) {
    notices.push(`The link holds ${value.branches.length.toLocaleString("en")} branches; only the first ${LINK_LIMITS.branches} were read.`);
  }
  const tree = readBranches(value.branches.slice(0, LINK_LIMITS.branches), notices);
  if (tree.branches.length === 0) {
    notices.push("The link's first branch was damaged: only its scenario was restored, from the start.");
    return { ok: true, link: { format: LINK_FORMAT, engine: ENGINE_VERSION, scenario: value.scenario, tree: emptyTree(), moment: { events: 0, atUs: 0, commands: 0 } }, notices };
  }
  const current = tree.branches.find((b) => b.id === value.current);
  const shown = current ?? tree.branches[0]!;
  if (!current) notices.push(`The branch the link was showing could not be restored; "${shown.name}" is shown instead, at its end.`);
  const endPoint: Point = { ...shown.end, commands: shown.log.length };
  let moment = current ? pointOf(value.moment, shown) : endPoint;
  if (!moment) {
    notices.push("The link's moment was damaged or beyond its branch's end: the branch is shown at its end instead.");
    moment = endPoint;
  }
  return { ok: true, link: { format: LINK_FORMAT, engine: isCount(value.engine) ? value.engine : ENGINE_VERSION,
    scenario: value.scenario, tree: { branches: tree.branches, current: shown.id, nextId: tree.nextId }, moment }, notices };
}

function emptyTree(): BranchTree {
  return { branches: [{ id: 0, name: "main", parent: null, forkedAt: null, log: [], inherited: 0, end: { events: 0, atUs: 0 } }], current: 0, nextId: 1 };
}

/** The branches that check out, parents before children; a damaged branch is dropped with its descendants. */
function readBranches(list: unknown[], notices: string[]): { branches: Branch[]; nextId: number } {
  const kept = new Map<number, Branch>();
  let commands = 0;
  let cleaned = 0;
  for (const [i, raw] of list.entries()) {
    const checked = readBranch(raw, i, kept, LINK_LIMITS.commands - commands);
    if (!checked.ok) {
      notices.push(`Branch ${i + 1} of the link could not be restored (${checked.why})` +
        (i === 0 ? "." : ", nor any branch forked from it."));
      continue;
    }
    commands += checked.own;
    if (checked.renamed) cleaned++;
    kept.set(checked.branch.id, checked.branch);
  }
  if (cleaned > 0) notices.push(`${cleaned} branch name${cleaned === 1 ? " held" : "s held"} control characters or was too long; shown cleaned.`);
  const branches = [...kept.values()];
  return { branches, nextId: branches.reduce((m, b) => Math.max(m, b.id + 1), 1) };
}

type BranchCheck = { ok: true; branch: Branch; own: number; renamed: boolean } | { ok: false; why: string };

function readBranch(raw: unknown, index: number, kept: ReadonlyMap<number, Branch>, commandsLeft: number): BranchCheck {
  if (!isObject(raw)) return { ok: false, why: "it is not a branch" };
  const { id, name, parent, forkedAt, inherited, commands, end } = raw;
  if (!isCount(id) || id > 1_000_000 || kept.has(id)) return { ok: false, why: "its id is missing, out of range or taken" };
  if (typeof name !== "string" || name.length > 10_000) return { ok: false, why: "its name is not text" };
  const endMoment = momentOf(end);
  if (!endMoment) return { ok: false, why: "it does not say how far it ran" };
  if (!Array.isArray(commands)) return { ok: false, why: "its commands are not a list" };
  if (commands.length > commandsLeft) return { ok: false, why: `the link holds more than ${LINK_LIMITS.commands.toLocaleString("en")} commands` };
  const own: LoggedCommand[] = [];
  for (const c of commands) {
    const at = Array.isArray(c) && c.length === 3 ? momentOf([c[0], c[1]]) : null;
    if (!at || !isObject(c[2]) || typeof c[2].op !== "string") return { ok: false, why: `its command ${own.length + 1} is damaged` };
    own.push({ events: at.events, atUs: at.atUs, cmd: c[2] as unknown as LoggedCommand["cmd"] });
  }
  const base = readBase(index, parent, forkedAt, inherited, kept);
  if (!base.ok) return base;
  const log = [...base.inherited, ...own];
  const startsBeforeFork = base.forkedAt !== null && own.length > 0 && compareMoments(own[0]!, base.forkedAt) < 0;
  if (startsBeforeFork || !inMomentOrder(log)) return { ok: false, why: "its commands are out of order" };
  const last = log[log.length - 1];
  if ((last && compareMoments(last, endMoment) > 0) || (base.forkedAt && compareMoments(base.forkedAt, endMoment) > 0)) {
    return { ok: false, why: "it ends before its own commands" };
  }
  const clean = cleanName(name) || `branch ${id + 1}`;
  return { ok: true, own: own.length, renamed: clean !== name,
    branch: { id, name: clean, parent: base.parent, forkedAt: base.forkedAt, log, inherited: base.inherited.length, end: endMoment } };
}

type Base = { ok: true; parent: number | null; forkedAt: Moment | null; inherited: LoggedCommand[] } | { ok: false; why: string };

/** Where a branch starts: the first at the run's start, any other on a kept parent at a moment of its past. */
function readBase(index: number, parent: unknown, forkedAt: unknown, inherited: unknown, kept: ReadonlyMap<number, Branch>): Base {
  if (index === 0) {
    return parent === null && forkedAt === null ? { ok: true, parent: null, forkedAt: null, inherited: [] }
      : { ok: false, why: "the first branch cannot have a parent" };
  }
  const from = isCount(parent) ? kept.get(parent) : undefined;
  if (!from) return { ok: false, why: "the branch it was forked from is missing" };
  const at = momentOf(forkedAt);
  if (!at || compareMoments(at, from.end) > 0) return { ok: false, why: "where it was forked is missing or beyond its parent's end" };
  // It starts with the parent's commands before that moment, and perhaps those logged at it.
  if (!isCount(inherited) || inherited < countBefore(from.log, at) || inherited > commandsAt(from.log, at).length) {
    return { ok: false, why: "the commands it shares with its parent do not match where it was forked" };
  }
  return { ok: true, parent: from.id, forkedAt: at, inherited: from.log.slice(0, inherited) };
}
