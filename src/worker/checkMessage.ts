/*
 * The worker's door: every message from the page is checked for shape before the worker acts
 * on it. The page is our own code, but its messages carry what a user typed or loaded, and a
 * worker that dies on a `null` takes the user's run with it. A refused message gets an answer
 * the page shows; it never throws. Scenarios and commands are checked further (parseScenario,
 * checkCommand), with the same rules a scenario file obeys.
 */
import type { Replay, RunSource, TimelineStart, ToWorker } from "./protocol";
import { MAX_BRANCHES } from "../timeline/branches";
import { HISTORY_LIMIT_WRITES } from "./historyLimit";

export type MessageCheck = { ok: true; msg: ToWorker } | { ok: false; what: string; message: string };

/** Every RunSource, as a record so that a new one fails to compile until it is listed here. */
const SOURCE_LIST: Record<RunSource, true> = { default: true, file: true, url: true, reset: true, restart: true };
const SOURCES: ReadonlySet<string> = new Set(Object.keys(SOURCE_LIST));
/** a replay longer than this is not one the page could have recorded */
const MAX_REPLAY_COMMANDS = 1_000_000;
/** a lesson step lasts at most 10 virtual minutes (src/lessons/schema.ts); a stop a day away is plenty */
const MAX_STOP_AFTER_US = 24 * 3_600_000_000;
/** run-for holds the worker until done: a "Show me" wait is seconds, never more than 10 minutes */
const MAX_RUN_FOR_US = 600_000_000;

/** the lag chart's sample spacing: a frame at the fastest speed is well under this */
const MAX_LAG_STEP_US = 10_000_000;

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function refuse(what: string, message: string): MessageCheck {
  return { ok: false, what, message };
}

/** A replay's log: its commands are checked again by checkCommand when they are applied. */
function replayProblem(replay: unknown): string | null {
  if (replay === null) return null;
  if (!isObject(replay)) return "replay is not an object";
  if (!isTime(replay.untilUs) || !isCount(replay.untilEvents)) return "replay needs untilUs and untilEvents ≥ 0";
  if (!Array.isArray(replay.log) || replay.log.length > MAX_REPLAY_COMMANDS) return "replay.log is not a list of commands";
  const bad = (replay.log as unknown[]).findIndex((e) => !isObject(e) || !isTime(e.atUs) || !isCount(e.events) || !isObject(e.cmd));
  return bad < 0 ? null : `replay.log[${bad}] is not {atUs, events, cmd}`;
}

const isMoment = (v: unknown): boolean => isObject(v) && isCount(v.events) && isTime(v.atUs);

/** Branches and a moment to rebuild: shape and counts here; every command is checked again when applied. */
function timelineProblem(timeline: unknown): string | null {
  if (timeline === null) return null;
  if (!isObject(timeline) || !isObject(timeline.tree) || !isObject(timeline.at)) return "timeline is not {tree, at}";
  const { tree, at } = timeline;
  if (!isMoment(at) || !isCount(at.commands)) return "timeline.at is not a moment";
  if (!Array.isArray(tree.branches) || tree.branches.length === 0 || tree.branches.length > MAX_BRANCHES) {
    return `timeline.tree holds 1 to ${MAX_BRANCHES} branches`;
  }
  if (!isCount(tree.current) || !isCount(tree.nextId)) return "timeline.tree needs current and nextId";
  let commands = 0;
  const ids = new Set<number>();
  for (const [i, b] of (tree.branches as unknown[]).entries()) {
    const ok = isObject(b) && isCount(b.id) && !ids.has(b.id) && typeof b.name === "string" && b.name.length <= 1_000 &&
      (b.parent === null || (isCount(b.parent) && ids.has(b.parent))) && (b.forkedAt === null || isMoment(b.forkedAt)) &&
      isMoment(b.end) && Array.isArray(b.log) && isCount(b.inherited) && b.inherited <= b.log.length &&
      (b.log as unknown[]).every((e) => isObject(e) && isTime(e.atUs) && isCount(e.events) && isObject(e.cmd));
    if (!ok) return `timeline.tree.branches[${i}] is not a branch`;
    ids.add(b.id as number);
    commands += (b.log as unknown[]).length;
    if (commands > MAX_REPLAY_COMMANDS) return "timeline.tree holds too many commands";
  }
  return ids.has(tree.current) ? null : "timeline.tree.current names no branch";
}

function checkStart(m: Fields): MessageCheck {
  if (typeof m.speed !== "number" || !Number.isFinite(m.speed)) return refuse("start", "speed is not a number");
  if (typeof m.paused !== "boolean") return refuse("start", "paused is not true or false");
  if (typeof m.source !== "string" || !SOURCES.has(m.source)) return refuse("start", "source is not a known run source");
  if (!isCount(m.logSeq)) return refuse("start", "logSeq is not a whole number ≥ 0");
  if (!isCount(m.historyLimit) || m.historyLimit < 1 || m.historyLimit > HISTORY_LIMIT_WRITES) {
    return refuse("start", `historyLimit is not a whole number from 1 to ${HISTORY_LIMIT_WRITES}`);
  }
  const replay = replayProblem(m.replay);
  if (replay !== null) return refuse("start", replay);
  const timeline = timelineProblem(m.timeline ?? null);
  if (timeline !== null) return refuse("start", timeline);
  return { ok: true, msg: { type: "start", scenario: m.scenario, replay: m.replay as Replay | null, speed: m.speed,
    paused: m.paused, source: m.source as RunSource, logSeq: m.logSeq, historyLimit: m.historyLimit,
    timeline: (m.timeline ?? null) as TimelineStart | null } };
}

/** Checks a message's type and fields; the scenario and the command inside are checked later. */
export function checkMessage(data: unknown): MessageCheck {
  if (!isObject(data) || typeof data.type !== "string") return refuse("message", "a message to the simulation is an object with a type");
  switch (data.type) {
    case "start": return checkStart(data);
    case "command":
      if (!isCount(data.id)) return refuse("command", "a command message needs a whole-number id");
      // The command itself may be anything: checkCommand answers it by id.
      return { ok: true, msg: { type: "command", id: data.id, cmd: data.cmd as never } };
    case "speed":
      if (typeof data.speed !== "number" || !Number.isFinite(data.speed)) return refuse("speed", "speed is not a number");
      return { ok: true, msg: { type: "speed", speed: data.speed } };
    case "seek": {
      const exact = data.atUs !== null || data.commands !== null;
      if (!isCount(data.events) || (exact && !(isTime(data.atUs) && isCount(data.commands)))) {
        return refuse("seek", "a seek needs an event count ≥ 0 (and, for an exact moment, atUs and commands)");
      }
      return { ok: true, msg: { type: "seek", events: data.events, atUs: exact ? data.atUs as number : null,
        commands: exact ? data.commands as number : null } };
    }
    case "switch-branch":
      if (!isCount(data.id)) return refuse("switch-branch", "a branch id is a whole number");
      return { ok: true, msg: { type: "switch-branch", id: data.id } };
    case "rename-branch":
      if (!isCount(data.id) || typeof data.name !== "string" || data.name.length > 1_000) {
        return refuse("rename-branch", "a rename needs a branch id and a name of at most 1,000 characters");
      }
      return { ok: true, msg: { type: "rename-branch", id: data.id, name: data.name } };
    case "trace":
      if (typeof data.on !== "boolean") return refuse("trace", "trace needs on: true or false");
      return { ok: true, msg: { type: "trace", on: data.on } };
    case "export-history":
      if (!isCount(data.id)) return refuse("export-history", "an export needs a whole-number id");
      return { ok: true, msg: { type: "export-history", id: data.id } };
    case "lag-window":
      if (!isCount(data.atUs) || !isCount(data.stepUs) || data.stepUs < 1 || data.stepUs > MAX_LAG_STEP_US) {
        return refuse("lag-window", "a lag window needs a whole-µs moment and a step of 1 µs to 10 s");
      }
      return { ok: true, msg: { type: "lag-window", atUs: data.atUs, stepUs: data.stepUs } };
    case "stop-after":
      if (data.afterUs !== null && !(isCount(data.afterUs) && data.afterUs <= MAX_STOP_AFTER_US)) {
        return refuse("stop-after", "a stop is null or a whole number of virtual µs, at most 24 h");
      }
      return { ok: true, msg: { type: "stop-after", afterUs: data.afterUs as number | null } };
    case "run-for":
      if (!isCount(data.us) || data.us > MAX_RUN_FOR_US) {
        return refuse("run-for", "run-for takes a whole number of virtual µs, at most 10 minutes");
      }
      return { ok: true, msg: { type: "run-for", us: data.us as number } };
    case "step-back": case "live": case "play-here":
      return { ok: true, msg: { type: data.type } };
    case "pause": case "resume": case "step": case "frame": case "debug-throw":
      return { ok: true, msg: { type: data.type } };
    default:
      return refuse("message", `unknown message type ${JSON.stringify(data.type.slice(0, 40))}`);
  }
}

