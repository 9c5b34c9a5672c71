/*
 * The worker's door: every message from the page is checked for shape before the worker acts
 * on it. The page is our own code, but its messages carry what a user typed or loaded, and a
 * worker that dies on a `null` takes the user's run with it. A refused message gets an answer
 * the page shows; it never throws. Scenarios and commands are checked further (parseScenario,
 * checkCommand), with the same rules a scenario file obeys.
 */
import type { Replay, RunSource, ToWorker } from "./protocol";
import { HISTORY_LIMIT_WRITES } from "./historyLimit";

export type MessageCheck = { ok: true; msg: ToWorker } | { ok: false; what: string; message: string };

/** Every RunSource, as a record so that a new one fails to compile until it is listed here. */
const SOURCE_LIST: Record<RunSource, true> = { default: true, file: true, url: true, reset: true, restart: true };
const SOURCES: ReadonlySet<string> = new Set(Object.keys(SOURCE_LIST));
/** a replay longer than this is not one the page could have recorded */
const MAX_REPLAY_COMMANDS = 1_000_000;

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
  return { ok: true, msg: { type: "start", scenario: m.scenario, replay: m.replay as Replay | null, speed: m.speed,
    paused: m.paused, source: m.source as RunSource, logSeq: m.logSeq, historyLimit: m.historyLimit } };
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
    case "pause": case "resume": case "step": case "frame": case "debug-throw":
      return { ok: true, msg: { type: data.type } };
    default:
      return refuse("message", `unknown message type ${JSON.stringify(data.type.slice(0, 40))}`);
  }
}

