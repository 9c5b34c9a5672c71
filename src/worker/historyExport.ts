/*
 * "Export history" in the page: the run on screen, replayed from the start with a history hook,
 * written as the JSON lines `npm run sim -- --history` writes (docs/formats.md). Replaying costs
 * nothing while nobody asks, and the engine is deterministic: the lines are those of the run shown.
 * They end as a finished run's do (`pending` for writes still waiting, then `end`), at the moment shown.
 */
import { Simulation } from "../engine/index";
import type { Scenario } from "../engine/scenario/schema";
import type { Replay } from "./protocol";
import { Run } from "./run";

/** Beyond this many characters the export is refused rather than exhaust the page's memory. */
export const MAX_HISTORY_CHARS = 256 * 1024 * 1024;

export function historyLines(scenario: Scenario, point: Replay): { lines: string | null; error: string | null } {
  const parts: string[] = [];
  let chars = 0;
  let tooBig = false;
  const sim = new Simulation(scenario, { onHistory: (e) => {
    if (tooBig) return;
    const line = `${JSON.stringify(e)}\n`;
    chars += line.length;
    if (chars > MAX_HISTORY_CHARS) { tooBig = true; return; }
    parts.push(line);
  } });
  new Run(sim, Infinity).replay(point);
  // The closing lines (writes still waiting, the final primary's positions), as a run's end writes them.
  sim.finish();
  if (tooBig) return { lines: null, error: `the history is longer than ${MAX_HISTORY_CHARS / 1024 / 1024} MB: export it with npm run sim -- --history` };
  return { lines: parts.join(""), error: null };
}
