/*
 * The client: a write (key, value, session) to the primary and a read (key, session) from the
 * primary, a chosen replica, or routed by the session's policy. Shows the latest answers and the
 * commits still waiting, so a stalled write is visible right where it was made. Those change with
 * nearly every snapshot under a workload: they are refreshed four times a second, in their own
 * components, so the forms do not re-render with them.
 */
import { BlockagePanel } from "../views/BlockagePanel";
import { useState, type FormEvent } from "react";
import type { LogEntry } from "../../engine/views";
import { useCommand, useDerived, useThrottledDerived } from "./hooks";
import { InfoTip } from "./InfoTip";
import { plural } from "../../text/plural";
import { positionsIn } from "../../text/position";

const ROUTED = "(routed)";

export function ClientPanel() {
  const [key, setKey] = useState("x");
  const [value, setValue] = useState("1");
  const [session, setSession] = useState("client");
  const [readFrom, setReadFrom] = useState("primary");
  const write = useCommand();
  const read = useCommand();
  const nodes = useDerived((s) => ({
    primary: s.snapshot?.primary ?? null,
    replicas: (s.snapshot?.nodes ?? []).filter((n) => n.role === "replica").map((n) => n.name),
  }));

  const onWrite = (e: FormEvent) => {
    e.preventDefault();
    write.send({ op: "write", session: session || "client", key: key || "x", value });
    // Next click writes a new value, so a stale read is easy to tell apart.
    if (/^\d+$/.test(value)) setValue(String(Number(value) + 1));
  };

  const onRead = (e: FormEvent) => {
    e.preventDefault();
    const base = { op: "read" as const, session: session || "client", key: key || "x" };
    if (readFrom === ROUTED) read.send(base);
    else if (readFrom === "primary") read.send(nodes.primary ? { ...base, node: nodes.primary } : base);
    else read.send({ ...base, node: readFrom });
  };

  return (
    <section className="panel stack" aria-labelledby="client-heading">
      <div className="row">
        <h2 id="client-heading">Client</h2>
        <InfoTip topic="the client">
          <p><strong>Simplification:</strong> clients reach every node instantly. Only the replication links between
            the nodes have delays; a read from a far replica is not slower to arrive, only possibly stale.</p>
        </InfoTip>
      </div>
      <form className="stack" onSubmit={onWrite} aria-label="Write a key">
        <div className="fields">
          <label className="field">Key<input type="text" value={key} onChange={(e) => setKey(e.target.value)} /></label>
          <label className="field">Value<input type="text" value={value} onChange={(e) => setValue(e.target.value)} /></label>
          <label className="field">Session<input type="text" value={session} onChange={(e) => setSession(e.target.value)} /></label>
        </div>
        <div className="row">
          <button type="submit" className="primary">Write</button>
          {write.error && <span className="error-text" role="alert">{write.error}</span>}
        </div>
      </form>
      <form className="row" onSubmit={onRead} aria-label="Read a key">
        <label className="field" style={{ flex: 1 }}>
          Read from
          <select value={readFrom} onChange={(e) => setReadFrom(e.target.value)}>
            <option value="primary">the primary{nodes.primary ? ` (${nodes.primary})` : ""}</option>
            {nodes.replicas.map((r) => <option key={r} value={r}>replica {r}</option>)}
            <option value={ROUTED}>routed by the session&apos;s policy</option>
          </select>
        </label>
        <button type="submit" style={{ alignSelf: "end" }}>Read</button>
        {read.error && <span className="error-text" role="alert">{read.error}</span>}
      </form>
      <LastAnswers />
      <WaitingCommits />
      <BlockagePanel brief />
    </section>
  );
}

/** The latest write and read results (scripted or from the workload). */
function LastAnswers() {
  const last = useThrottledDerived((s) => ({
    write: lastOf(s.log, ["write-ok", "write-failed"]),
    read: lastOf(s.log, ["read", "stale-read", "ryw-violation", "monotonic-violation"]),
  }));
  return (
    <div className="small stack" aria-live="polite">
      <p style={{ margin: 0 }} data-testid="last-write">
        <span className="muted">Last write: </span>{last.write ? <EntryText entry={last.write} /> : "none yet"}
      </p>
      <p style={{ margin: 0 }} data-testid="last-read">
        <span className="muted">Last read: </span>{last.read ? <EntryText entry={last.read} /> : "none yet"}
      </p>
    </div>
  );
}

/** Commits waiting for standbys, the oldest three, and PostgreSQL's way out (cancel). */
function WaitingCommits() {
  const waiting = useThrottledDerived((s) => {
    const list = s.snapshot?.waitingCommits ?? [];
    return {
      count: list.length,
      shown: list.slice(0, 3).map((w) => `${w.session}: ${w.key} waits for ${positionsIn(w.waitsFor, s.snapshot?.commit.mode === "semiSync" ? "mysql" : "postgres")}`),
      postgres: s.snapshot?.commit.mode === "postgres",
    };
  });
  const cancel = useCommand();
  if (waiting.count === 0) return null;
  return (
    <div className="small warn-text" data-testid="waiting-commits">
      <strong>{`${plural(waiting.count, "commit")} waiting`}</strong>
      <ul style={{ margin: "0.2rem 0 0", paddingLeft: "1.2rem" }}>
        {waiting.shown.map((w, i) => <li key={i}>{w}</li>)}
      </ul>
      {waiting.postgres && (
        <div className="row" style={{ marginTop: "0.3rem" }}>
          <button type="button" onClick={() => cancel.send({ op: "cancel" })}
            title="PostgreSQL: the client sees success with a WARNING; the standby may never have the write">
            Cancel waiting commits
          </button>
          {cancel.error && <span className="error-text" role="alert">{cancel.error}</span>}
        </div>
      )}
    </div>
  );
}

function EntryText({ entry }: { entry: LogEntry }) {
  const finding = entry.kind === "stale-read" || entry.kind === "ryw-violation" || entry.kind === "monotonic-violation";
  const cls = finding || entry.kind === "write-failed" ? "error-text" : "ok-text";
  const tag = entry.kind === "ryw-violation" ? "stale read (misses your own write) — "
    : entry.kind === "monotonic-violation" ? "went back in time — "
      : entry.kind === "stale-read" ? "stale read — " : entry.kind === "write-failed" ? "failed — " : "";
  return <span className={cls}>{tag}{entry.text}</span>;
}

function lastOf(log: LogEntry[], kinds: LogEntry["kind"][]): LogEntry | null {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i]!;
    if (kinds.includes(e.kind)) return e;
  }
  return null;
}
