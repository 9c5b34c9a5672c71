/*
 * The page's one store. The worker client writes into it; React panels read it through useLab,
 * and high-rate drawing (d3, canvas) subscribes with labStore.subscribe outside React renders.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { Command, LogEntry, Snapshot } from "../engine/views";
import type { Scenario } from "../engine/scenario/schema";
import type { AppliedCommand, TravelState } from "../worker/protocol";
import type { HistoryFull } from "../worker/historyLimit";
import { lagSampleOf, type LagWindowSample } from "../worker/lagWindow";

/** Keyed by replica name in a Map: a name is user text (`constructor`, `__proto__` are names too). */
/**
 * One moment's lags: pg_stat_replication's replay_lag per standby (the primary's view), and each
 * replica's own Seconds_Behind_Source (MySQL's, computed on the replica: the chart's words choose).
 */
export interface LagSample { atUs: number; replayLagUs: ReadonlyMap<string, number | null>; behindUs: ReadonlyMap<string, number | null>; }

/** The chart's sample of a snapshot's lags (lagSampleOf: the page's snapshots and the worker's replayed ones alike). */
export function lagSample(s: LagWindowSample): LagSample {
  return { atUs: s.atUs, replayLagUs: new Map(s.lags), behindUs: new Map(s.behind) };
}

/** An error the worker answered a command with, shown near the control that sent it. */
export interface CommandFailure { id: number; op: string; message: string; atWall: number; }

export interface LabState {
  snapshot: Snapshot | null;          // latest snapshot
  snapshotReceivedAt: number;         // performance.now() when it arrived
  speed: number;                      // virtual ms per wall ms (0.1..100)
  paused: boolean;
  status: "starting" | "running" | "failed";
  error: string | null;
  log: LogEntry[];                    // accumulated, bounded to the last 500
  lagHistory: LagSample[];            // one sample per snapshot, bounded to the last 600
  theme: "light" | "dark";
  largeText: boolean;
  send: (cmd: Command) => void;       // post a command to the worker

  /** the worker could not keep up with wall × speed on its last tick */
  behind: boolean;
  /** virtual ms per wall ms actually achieved (smoothed): below `speed` while behind */
  rate: number;
  /** seed of the current run */
  seed: number | null;
  /** commands the worker rejected, newest last (bounded) */
  failures: CommandFailure[];
  /** errors from the last "Load scenario" (or the page address's ?scenario=), one per problem */
  scenarioErrors: { path: string; message: string }[];
  /** where the scenario with those errors came from */
  scenarioErrorSource: "file" | "url" | "link";
  scenarioWarnings: string[];
  /** the validated scenario the current run started from */
  scenario: Scenario | null;
  /** every command the worker applied in this run, in order: the replay log */
  commands: AppliedCommand[];
  /** events the run had processed at the latest snapshot (its replay point) */
  events: number;
  /** the run holds its limit of writes and stays paused (worker/historyLimit.ts); null while it may go on */
  historyFull: HistoryFull | null;
  /** where the latest snapshot is on the run's timeline (the moment shown; in the past or live) */
  travel: TravelState | null;
  /** messages the worker had read when it posted the latest snapshot (see sentToWorker) */
  received: number;
}

export const LOG_LIMIT = 500;
export const LAG_LIMIT = 600;
export const FAILURE_LIMIT = 5;

function initialTheme(): "light" | "dark" {
  if (typeof window === "undefined" || typeof window.matchMedia !== "function") return "light";
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export const labStore: StoreApi<LabState> = createStore<LabState>(() => ({
  snapshot: null,
  snapshotReceivedAt: 0,
  speed: 1,
  paused: false,
  status: "starting",
  error: null,
  log: [],
  lagHistory: [],
  theme: initialTheme(),
  largeText: false,
  // Replaced by the worker client once it starts; until then commands have nowhere to go.
  send: () => undefined,
  behind: false,
  rate: 1,
  seed: null,
  failures: [],
  scenarioErrors: [],
  scenarioErrorSource: "file",
  scenarioWarnings: [],
  scenario: null,
  commands: [],
  events: 0,
  historyFull: null,
  travel: null,
  received: 0,
}));

export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(labStore, selector);
}

/** How far past the last snapshot we extrapolate: a stalled worker must not make dots fly off. */
const MAX_EXTRAPOLATION_WALL_MS = 250;

/** estimated virtual time now, µs, for animating between snapshots */
export function virtualNowUs(state: LabState, wallNow: number): number {
  const snap = state.snapshot;
  if (!snap) return 0;
  if (state.paused || state.status !== "running") return snap.nowUs;
  const wallMs = Math.min(Math.max(0, wallNow - state.snapshotReceivedAt), MAX_EXTRAPOLATION_WALL_MS);
  // Behind, virtual time moves at the rate the engine manages, not the one asked for.
  const rate = state.behind ? Math.min(state.rate, state.speed) : state.speed;
  return snap.nowUs + wallMs * rate * 1000;
}

/** Merge a fresh snapshot into the state: accumulate its log and one lag sample. */
export function applySnapshot(state: LabState, snap: Snapshot, receivedAt: number): Partial<LabState> {
  const log = snap.log.length === 0 ? state.log : appendBounded(state.log, snap.log, LOG_LIMIT);
  const lagHistory = appendBounded(state.lagHistory, [lagSample(lagSampleOf(snap))], LAG_LIMIT);
  return { snapshot: snap, snapshotReceivedAt: receivedAt, log, lagHistory, rate: achievedRate(state, snap, receivedAt) };
}

/** Smoothed virtual-per-wall rate between the previous snapshot and this one. */
function achievedRate(state: LabState, snap: Snapshot, receivedAt: number): number {
  const prev = state.snapshot;
  const wallMs = receivedAt - state.snapshotReceivedAt;
  if (!prev || wallMs <= 0 || snap.nowUs < prev.nowUs) return state.speed;
  const rate = (snap.nowUs - prev.nowUs) / 1000 / wallMs;
  return state.rate + (rate - state.rate) * 0.2;
}

function appendBounded<T>(list: T[], more: T[], limit: number): T[] {
  const next = list.concat(more);
  return next.length > limit ? next.slice(next.length - limit) : next;
}
