/*
 * The sidebar of a multi-primary run, in place of the physical Client, Commit mode, Nodes,
 * Failover, Links and Workload panels (which act on a primary this run does not use): a write on
 * a chosen primary, each primary's Crash / Restart (and, under last writer wins, its clock), and
 * each link between two primaries with Cut / Heal. The headings keep the physical panels' ids, so
 * a lesson step pointing at "client", "nodes" or "links" finds these.
 */
import { useState, type FormEvent } from "react";
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { useCommand } from "../controls/hooks";
import { MpWriteForm } from "./MpWriteForm";
import { useMpView } from "./useMp";

export function MpControls() {
  const mp = useMpView();
  if (!mp) return null;
  return (
    <>
      <section className="panel stack" aria-labelledby="client-heading">
        <h2 id="client-heading">Client</h2>
        <MpWriteForm nodes={mp.nodes.map((n) => n.name)} last={mp.recentWrites?.at(-1) ?? null} />
      </section>
      <PrimariesPanel mp={mp} />
      <MpLinksPanel mp={mp} />
    </>
  );
}

function PrimariesPanel({ mp }: { mp: MultiPrimaryView }) {
  const { send, error } = useCommand();
  return (
    <section className="panel stack" aria-labelledby="nodes-heading">
      <h2 id="nodes-heading">Primaries</h2>
      {error && <p className="error-text" role="alert">{error}</p>}
      {mp.nodes.map((n) => (
        <div key={n.name} className="rl-mp__node" role="group" aria-label={`Primary ${n.name}`}>
          <div className="row">
            <strong>{n.name}</strong>
            <span className={`badge ${n.state}`}>{n.state}</span>
            {n.inQuorum === false ? <span className="badge down">no quorum</span> : null}
            <span className="muted small">{n.writesMade} writes</span>
            {/* one button, the one that applies: a running node crashes, a crashed one restarts */}
            <button type="button" className={n.state === "up" ? "danger rl-mp__push" : "rl-mp__push"}
              onClick={() => send({ op: n.state === "up" ? "crash" : "restart", node: n.name })}>
              {n.state === "up" ? "Crash" : "Restart"}
            </button>
          </div>
          {mp.mode === "lww" ? <ClockField node={n.name} skewMs={n.clockSkewMs} onSet={(ms) => send({ op: "set", node: n.name, clockSkewMs: ms })} /> : null}
        </div>
      ))}
      <p className="muted small">
        A crash drops the node&apos;s connections; it keeps its committed rows. Restarted, it reconnects and catches up.
      </p>
    </section>
  );
}

/** Under last writer wins each commit is stamped by its own node's clock: how far ahead (or behind) it runs. */
function ClockField({ node, skewMs, onSet }: { node: string; skewMs: number; onSet: (ms: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(skewMs);
  const value = Number(text);
  const valid = text.trim() !== "" && Number.isFinite(value) && Math.abs(value) <= 86_400_000;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    onSet(value);
    setDraft(null);
  };
  return (
    <form className="row rl-mp__clock" onSubmit={submit} aria-label={`Clock of ${node}`}>
      <label className="field">Clock skew (ms)
        <input type="number" inputMode="numeric" value={text} aria-invalid={!valid} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" disabled={!valid || value === skewMs}>Set clock</button>
    </form>
  );
}

function MpLinksPanel({ mp }: { mp: MultiPrimaryView }) {
  const { send, error } = useCommand();
  return (
    <section className="panel stack" aria-labelledby="links-heading">
      <h2 id="links-heading">Links</h2>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="link-list rl-mp__links">
        {mp.links.map(({ between: [a, b], delayMs, cut }) => (
          <div key={`${a}|${b}`} className="link-row" role="group" aria-label={`Link ${a} – ${b}`}>
            <span>
              {a} – {b} <span className="muted small">{delayMs} ms one way</span>{" "}
              <span className={cut ? "cut small" : "muted small"}>{cut ? "cut" : "connected"}</span>
            </span>
            <button type="button" className={cut ? "" : "danger"}
              onClick={() => send(cut ? { op: "heal", between: [a, b] } : { op: "partition", between: [a, b] })}>
              {cut ? "Heal" : "Cut"}
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}
