/*
 * A multi-primary run's scoreboard, in place of the physical one (whose primary this run does not
 * use): the primaries' writes, the commit latency their clients saw, and what went wrong between
 * them: conflicts, rows that differ, acknowledged updates lost.
 */
import { Stat } from "../views/TotalsBar";
import { formatDurationUs } from "../views/format";
import { useMpView } from "./useMp";

export function MpTotals() {
  const mp = useMpView();
  if (!mp) return null;
  const w = mp.writes;
  return (
    <section className="rl-totals" aria-label="Totals" data-testid="mp-totals">
      <Stat label="acknowledged" value={w.acknowledged} tone="ok" sub={w.acknowledged > 0 ? `p50 commit ${formatDurationUs(w.latencyMs.p50 * 1000)}` : undefined} />
      <Stat label="writes failed" value={w.failed} tone={w.failed > 0 ? "bad" : "quiet"} />
      <Stat label="writes pending" value={w.pending} tone={w.pending > 0 ? "wait" : "quiet"} />
      <Stat label="conflicts" value={mp.conflictCount} tone={mp.conflictCount > 0 ? "warn" : "quiet"} />
      <Stat label="rows that differ" value={mp.divergentKeys.length} tone={mp.divergentKeys.length > 0 ? "bad" : "quiet"}
        sub={mp.divergentKeys.length > 0 && !mp.settled ? "(some may be lag)" : undefined} />
      <Stat label="lost updates" value={mp.lostUpdates.length} tone={mp.lostUpdates.length > 0 ? "bad" : "quiet"} />
    </section>
  );
}
