/* The room's events on the simulation's queue: a = argument * 4 + code, b = the generation it belongs to. */
import { EV_MULTI_PRIMARY } from "../core/eventKinds";
import type { Sim } from "../simulation";

/** a write's local commit (a = write id, b = its node's generation) */
export const CODE_COMMIT = 0;
/** a binary-log entry arrives over a link (a = link index, b = the link's generation) */
export const CODE_DELIVER = 1;
/** certification: the group has ordered a write (a = write id) */
export const CODE_ORDER = 2;
/** certification: a node applies its next group-log entry (a = node, b = its generation) */
export const CODE_APPLY = 3;

export function pushMpEvent(sim: Sim, atUs: number, code: number, arg: number, gen: number): void {
  sim.queue.push(Math.max(sim.now, Math.round(atUs)), EV_MULTI_PRIMARY, arg * 4 + code, gen);
}
