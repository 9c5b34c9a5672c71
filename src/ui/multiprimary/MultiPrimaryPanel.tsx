/*
 * Several primaries on the page: each primary's value of every row side by side (rows that differ
 * marked), each replication channel that stopped and why, the latest conflicts and the updates the
 * checker found lost. It renders the snapshot's `multiPrimary` part only, and nothing at all for a
 * run with one primary. docs/multi-primary.md says what is modelled and where the model simplifies.
 */
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { formatClockUs, formatCount } from "../views/format";
import { useThrottledLab } from "../views/hooks";
import "./multiprimary.css";

const CONFLICTS_SHOWN = 8;
const ROWS_SHOWN = 30;

const MODE_WORDS: Record<MultiPrimaryView["mode"], string> = {
  circular: "circular replication (MySQL/MariaDB, asynchronous both ways): conflicts diverge or stop replication",
  lww: "last writer wins: each row keeps the change with the latest commit timestamp, stamped by its writer's clock",
  certification: "certification (Group Replication / Galera): a majority orders every commit; of two conflicting, the second is rolled back",
};

type Conflict = MultiPrimaryView["conflicts"][number];
type Lost = MultiPrimaryView["lostUpdates"][number];
const shown = (v: string | null) => v ?? "—";

export function MultiPrimaryPanel() {
  const mp = useThrottledLab((s) => s.snapshot?.multiPrimary ?? null, 250);
  if (!mp) return null;
  const recent = mp.conflicts.slice(-CONFLICTS_SHOWN).reverse();
  return (
    <section className="panel rl-panel rl-mp" aria-labelledby="rl-mp-title" data-testid="multi-primary-panel">
      <div className="rl-panel__head">
        <h2 id="rl-mp-title">Rows on each primary</h2>
        <span className="rl-panel__note">{MODE_WORDS[mp.mode]}</span>
      </div>
      <div className="rl-repl__scroll">
        <table className="rl-table" data-testid="mp-rows">
          <caption className="rl-mp__caption">
            Each primary&apos;s rows: {formatCount(mp.divergentKeys.length)} differ
            {mp.settled ? "" : " (changes still in flight: some of it may be lag)"}
          </caption>
          <thead>
            <tr>
              <th scope="col">row</th>
              {mp.nodes.map((n) => (
                <th scope="col" key={n.name} className="rl-num">
                  {n.name}{n.state === "down" ? " (down)" : ""}
                  {n.clockSkewMs !== 0 ? <span className="rl-mp__skew"> clock {n.clockSkewMs > 0 ? "+" : ""}{n.clockSkewMs} ms</span> : null}
                  {n.inQuorum === false ? <span className="rl-mp__skew"> no quorum</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {mp.rows.slice(0, ROWS_SHOWN).map((r) => (
              <tr key={`${r.table}\n${r.key}`} className={r.diverged ? "rl-mp__diverged" : undefined} data-diverged={r.diverged}>
                <th scope="row">{r.table === "t" ? r.key : `${r.table}.${r.key}`}{r.diverged ? " ≠" : ""}</th>
                {r.values.map((v, i) => <td key={mp.nodes[i]!.name} className="rl-num">{shown(v)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        {mp.rows.length === 0 ? <p className="rl-panel__note">no rows yet: write on a primary (name its node)</p> : null}
      </div>
      <h3>Conflicts: {formatCount(mp.conflictCount)}</h3>
      {recent.length === 0 ? <p className="rl-panel__note">none so far</p> : (
        <ul className="rl-mp__list" data-testid="mp-conflicts">{recent.map((c, i) => <ConflictItem key={`${c.atMs}-${i}`} c={c} />)}</ul>
      )}
      <h3>Lost updates: {formatCount(mp.lostUpdates.length)}</h3>
      {mp.lostUpdates.length === 0 ? <p className="rl-panel__note">none: no acknowledged write is held over by an earlier one</p> : (
        <ul className="rl-mp__list" data-testid="mp-lost">{mp.lostUpdates.slice(0, CONFLICTS_SHOWN).map((l, i) => <LostItem key={i} l={l} />)}</ul>
      )}
      <p className="rl-panel__note">
        Simplified: every node replicates directly from every other; applying a change costs nothing; see docs/multi-primary.md,
        &quot;Where we simplify&quot;.
      </p>
    </section>
  );
}

function ConflictItem({ c }: { c: Conflict }) {
  return (
    <li>
      {formatClockUs(c.atMs * 1000)} <strong>{c.kind}</strong> on {c.node}, {c.key}: {c.write.node}&apos;s {shown(c.write.value)}
      {c.other ? <> met {c.other.node}&apos;s {shown(c.other.value)}</> : null} — {c.resolution}
    </li>
  );
}

function LostItem({ l }: { l: Lost }) {
  return (
    <li>
      {l.key}: {l.node}&apos;s {shown(l.value)} (at {formatClockUs(l.atMs * 1000)}) lost on {l.lostOn.join(", ")} to {l.keptNode}&apos;s
      earlier {shown(l.keptValue)} (at {formatClockUs(l.keptAtMs * 1000)})
    </li>
  );
}
