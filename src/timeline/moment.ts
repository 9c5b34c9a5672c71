/*
 * A moment of a run: how many events the engine had processed and the virtual time. The count is
 * what makes it exact: several events share one microsecond, and a command lands between two of
 * them. Moments of one branch are ordered by (events, atUs); a command logged at (E, t) is part
 * of every moment at or after (E, t).
 */
import type { Command } from "../engine/views";

export interface Moment {
  events: number;
  atUs: number;
}

/** A command applied to a run, with where in the run it landed: after `events` events, at `atUs`. */
export interface LoggedCommand {
  atUs: number;
  events: number;
  cmd: Command;
}

/**
 * A moment of a branch as a view shows it: the moment, and how many of the branch's commands are
 * in force there. The count settles the one case the moment alone does not: a command logged at
 * exactly the time of the event the view stopped on (a step lands after the event, before it).
 */
export interface Point extends Moment {
  commands: number;
}

export const START: Moment = { events: 0, atUs: 0 };

/** Negative before, 0 equal, positive after. */
export function compareMoments(a: Moment, b: Moment): number {
  return a.events - b.events || a.atUs - b.atUs;
}

export function sameMoment(a: Moment, b: Moment): boolean {
  return a.events === b.events && a.atUs === b.atUs;
}

/** The commands of a log that have happened at moment `m` (the log is in moment order). */
export function commandsAt(log: readonly LoggedCommand[], m: Moment): LoggedCommand[] {
  let n = 0;
  while (n < log.length && compareMoments(log[n]!, m) <= 0) n++;
  return log.slice(0, n);
}

/** How many of a log's commands came strictly before moment `m`. */
export function countBefore(log: readonly LoggedCommand[], m: Moment): number {
  let n = 0;
  while (n < log.length && compareMoments(log[n]!, m) < 0) n++;
  return n;
}

/** True when a log's entries are in moment order (a log from outside must be checked). */
export function inMomentOrder(log: readonly LoggedCommand[]): boolean {
  for (let i = 1; i < log.length; i++) if (compareMoments(log[i - 1]!, log[i]!) > 0) return false;
  return true;
}
