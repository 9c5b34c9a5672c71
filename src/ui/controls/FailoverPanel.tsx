/*
 * Failover: the settings in force (automatic failover, its detection time, fencing) and what
 * promoting each standby now would lose. The settings are the scenario's `failover` block; no
 * command changes them while a run goes on, so they are shown read-only with where to set them.
 */
import { formatCount } from "../views/format";
import { useDerived, useThrottledDerived } from "./hooks";
import { InfoTip } from "./InfoTip";

export function FailoverPanel() {
  const failover = useDerived((s) => s.snapshot?.failover ?? null);
  return (
    <section className="panel stack" aria-labelledby="failover-heading">
      <div className="row">
        <h2 id="failover-heading">Failover</h2>
        <InfoTip topic="automatic failover">
          <p><strong>Simplification:</strong> the failover monitor sees each node&apos;s state directly: no consensus
            among monitors and no network view of its own, so a partition alone never triggers a failover.</p>
        </InfoTip>
      </div>
      {failover && (
        <dl className="settings-list" data-testid="failover-settings">
          <dt>Automatic failover</dt>
          <dd>
            {failover.auto
              ? `on: once the primary has been down ${formatMs(failover.detectMs)}, the most advanced standby (newest timeline, then highest flush LSN) is promoted`
              : "off: a person promotes a standby"}
          </dd>
          <dt>Fencing</dt>
          <dd>
            {failover.fencing
              ? "on: a promotion shuts the old primary down"
              : "off: clients still connected to the old primary keep writing to it (split brain)"}
          </dd>
        </dl>
      )}
      <p className="muted small" style={{ margin: 0 }}>
        Set in the scenario file (<span className="mono">failover.auto</span>, <span className="mono">detectMs</span>,{" "}
        <span className="mono">fencing</span>); “Load scenario” to change them.
      </p>
      <PromotionCandidates />
    </section>
  );
}

/** Every standby that could be promoted now, with the acknowledged writes it does not hold. */
function PromotionCandidates() {
  const candidates = useThrottledDerived((s) =>
    (s.snapshot?.nodes ?? []).filter((n) => n.wouldLose !== null).map((n) => ({ name: n.name, lose: n.wouldLose ?? 0 })));
  if (candidates.length === 0) return <p className="small warn-text" style={{ margin: 0 }}>No standby could be promoted now.</p>;
  return (
    <div className="small">
      <p style={{ margin: 0 }}>Promoting now would lose:</p>
      <ul className="candidates" data-testid="promotion-candidates">
        {candidates.map((c) => (
          <li key={c.name} className={c.lose > 0 ? "warn-text" : "ok-text"}>
            <strong>{c.name}</strong>: {c.lose > 0 ? `${formatCount(c.lose)} acknowledged write${c.lose === 1 ? "" : "s"}` : "nothing (safe)"}
          </li>
        ))}
      </ul>
    </div>
  );
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
