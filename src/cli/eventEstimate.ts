/*
 * How many engine events a scenario will take, before it runs: what the CLI's time estimate
 * multiplies by the events per second it measures. Counted on the engine (test/cli/eventEstimate
 * .test.ts pins the model to real runs): a write costs about 2 events on the primary (the
 * workload's arrival, the commit) and about 4 per replica (WAL delivered, written and flushed,
 * replayed, feedback delivered); a read about 1; an operation on a node with a capacity
 * (opsPerSec) about 2 more (its queueing and service); everything else (timers, status messages of an
 * idle cluster, scripted faults) is noise beside them in a long run.
 */
import { plannedOperations } from "../engine/scenario/expectedWrites";
import type { Scenario } from "../engine/scenario/schema";

export const EVENTS_PER_WRITE = 2;
export const EVENTS_PER_WRITE_PER_REPLICA = 4;
export const EVENTS_PER_READ = 1;
export const EVENTS_PER_QUEUED_OP = 2;

export interface EventEstimate {
  writes: number;
  reads: number;
  /** replicas a write goes to: those at the start plus any an action adds (an upper bound) */
  replicas: number;
  events: number;
}

export function estimateEvents(scenario: Scenario): EventEstimate {
  const { writes, reads } = plannedOperations(scenario);
  const added = scenario.actions.filter((a) => a.op === "add-replica" && a.atMs <= scenario.durationMs).length;
  const replicas = scenario.cluster.replicas.length + added;
  const queued = [scenario.cluster.primary, ...scenario.cluster.replicas].some((n) => n.opsPerSec > 0) ? EVENTS_PER_QUEUED_OP : 0;
  const events = writes * (EVENTS_PER_WRITE + EVENTS_PER_WRITE_PER_REPLICA * replicas) + reads * EVENTS_PER_READ + (writes + reads) * queued;
  return { writes, reads, replicas, events: Math.ceil(events) };
}
