/*
 * The run's scoreboard: how many writes were acknowledged, how many acknowledged writes were
 * lost and how many reads were stale. The bad numbers turn red once they are not zero.
 */
import type { Totals } from "../../engine/views";
import { formatCount } from "./format";
import { useThrottledLab } from "./hooks";
import { plural } from "../../text/plural";

const EMPTY: Totals = { writesAttempted: 0, writesAcknowledged: 0, writesFailed: 0, writesPending: 0, reads: 0, staleReads: 0,
  readYourWritesViolations: 0, monotonicReadViolations: 0, lostAcknowledgedWrites: 0 };

const sameTotals = (a: Totals, b: Totals) =>
  (Object.keys(a) as (keyof Totals)[]).every((k) => a[k] === b[k]);

export function TotalsBar() {
  const t = useThrottledLab((s) => s.snapshot?.totals ?? EMPTY, 250, sameTotals);
  return (
    <section className="rl-totals" aria-label="Totals">
      <Stat label="acknowledged" value={t.writesAcknowledged} tone="ok" />
      <Stat label="lost (acknowledged)" value={t.lostAcknowledgedWrites} tone={t.lostAcknowledgedWrites > 0 ? "bad" : "quiet"} />
      <Stat label="stale reads" value={t.staleReads} tone={t.staleReads > 0 ? "warn" : "quiet"} sub={`of ${plural(t.reads, "read", "reads", formatCount(t.reads))}`} />
      <Stat label="read-your-writes violations" value={t.readYourWritesViolations} tone={t.readYourWritesViolations > 0 ? "warn" : "quiet"} />
      <Stat label="writes pending" value={t.writesPending} tone={t.writesPending > 0 ? "wait" : "quiet"} />
      <Stat label="writes failed" value={t.writesFailed} tone={t.writesFailed > 0 ? "bad" : "quiet"} />
      <Stat label="writes attempted" value={t.writesAttempted} tone="quiet" />
    </section>
  );
}

export function Stat({ label, value, tone, sub }: { label: string; value: number; tone: "ok" | "bad" | "warn" | "wait" | "quiet"; sub?: string }) {
  return (
    <div className={`rl-stat rl-stat--${tone}`} data-stat={label}>
      <span className="rl-stat__value rl-num">{formatCount(value)}</span>
      <span className="rl-stat__label">{label}{sub && <span className="rl-stat__sub"> {sub}</span>}</span>
    </div>
  );
}
