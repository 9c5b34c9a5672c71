/*
 * Logical replication on the page: each subscription (its state, apply errors, the WAL its slot
 * holds back on the publisher, its wal_status) and the latest conflicts, with the actions a person
 * takes on subscribers (SubscriberControls.tsx). It renders the snapshot's `logical` part only,
 * and nothing at all for a run without subscribers. docs/logical.md says what is modelled and
 * where the model simplifies.
 */
import type { ConflictView, SubscriptionView } from "../../engine/views";
import { formatBytes, formatClockUs, formatCount } from "../views/format";
import { useThrottledLab } from "../views/hooks";
import { RowWrite, SubscriberActions } from "./SubscriberControls";
import "./logical.css";
import { positionsIn } from "../../text/position";

const CONFLICTS_SHOWN = 8;

const STATE_WORDS: Record<SubscriptionView["state"], string> = {
  connecting: "connecting", copying: "copying the tables", streaming: "streaming",
  error: "apply worker stopped, retrying", disabled: "disabled", down: "subscriber down", dropped: "dropped",
};

export function LogicalPanel() {
  const logical = useThrottledLab((s) => s.snapshot?.logical ?? null, 250);
  const primary = useThrottledLab((s) => s.snapshot?.primary ?? null, 250);
  if (!logical) return null;
  const tables = [...new Set([...logical.subscriptions.flatMap((s) => s.tables), "t"])];
  const recent = logical.conflicts.slice(-CONFLICTS_SHOWN).reverse();
  return (
    <section className="panel rl-panel rl-logical" aria-labelledby="rl-logical-title" data-testid="logical-panel">
      <div className="rl-panel__head">
        <h2 id="rl-logical-title">Logical replication</h2>
        <span className="rl-panel__note">subscribers get the published tables&apos; row changes; each has a slot on the publisher</span>
      </div>
      <div className="rl-repl__scroll">
        <table className="rl-table">
          <thead>
            <tr>
              <th scope="col">subscription</th><th scope="col">state</th><th scope="col">tables</th>
              <th scope="col">apply errors</th><th scope="col">slot holds</th><th scope="col">wal_status</th>
              <th scope="col">apply lag</th><th scope="col">rows</th>
            </tr>
          </thead>
          <tbody>
            {logical.subscriptions.map((s) => <SubscriptionRow key={s.name} s={s} />)}
          </tbody>
        </table>
      </div>
      {logical.subscriptions.filter((s) => s.lastError !== null && s.state !== "streaming").map((s) => (
        <p key={s.name} className="rl-logical__error" data-testid="logical-error">
          <strong>{s.name}</strong>: ERROR: {positionsIn(s.lastError ?? "", "postgres")}
        </p>
      ))}
      {logical.subscriptions.map((s) => <SubscriberActions key={s.name} s={s} />)}
      <RowWrite primary={primary} subscribers={logical.subscriptions.map((s) => s.name)} tables={tables} />
      <h3>Conflicts: {formatCount(logical.conflictCount)}</h3>
      {recent.length === 0 ? <p className="rl-panel__note">none so far</p> : (
        <ul className="rl-logical__conflicts" data-testid="logical-conflicts">
          {recent.map((c, i) => <ConflictItem key={`${c.atMs}-${i}`} c={c} />)}
        </ul>
      )}
      <p className="rl-panel__note">
        Simplified: a transaction is one WAL record at its commit; see docs/logical.md, &quot;Where we simplify&quot;.
      </p>
    </section>
  );
}

function SubscriptionRow({ s }: { s: SubscriptionView }) {
  const warn = s.state === "error" || s.walStatus === "lost" || s.walStatus === "unreserved";
  return (
    <tr data-subscription={s.name} className={warn ? "rl-logical__warn" : undefined}>
      <th scope="row">{s.name}</th>
      <td>{STATE_WORDS[s.state]}</td>
      <td>{s.tables.join(", ")}</td>
      <td className="rl-num">{formatCount(s.applyErrorCount)}</td>
      <td className="rl-num">{formatBytes(s.retainedBytes)}</td>
      <td>{s.walStatus ?? "—"}</td>
      <td className="rl-num">{s.applyLagMs === null ? "—" : `${s.applyLagMs.toFixed(1)} ms`}</td>
      <td className="rl-num">{formatCount(s.rows)}</td>
    </tr>
  );
}

function ConflictItem({ c }: { c: ConflictView }) {
  return (
    <li>
      {formatClockUs(c.atMs * 1000)} <strong>{c.kind}</strong> on {c.node}: {c.table} key {c.key}{" "}
      (here {c.localValue ?? "no row"}, from the publisher {c.remoteValue ?? "a delete"}) — {positionsIn(c.resolution, "postgres")}
    </li>
  );
}
