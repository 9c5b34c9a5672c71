/*
 * The sidebar of a multi-primary run, in place of the physical Client, Commit mode, Nodes,
 * Failover, Links and Workload panels (which act on a primary this run does not use): a write on
 * a chosen primary, each primary's Crash / Restart, its generated-key settings
 * (auto_increment_increment / offset) and, under last writer wins, its clock, and each link
 * between two primaries with its delay and Cut / Heal. The headings keep the physical panels' ids,
 * so a lesson step pointing at "client", "nodes" or "links" finds these.
 */
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { CommandPanel } from "../controls/CommandPanel";
import type { CommandInput } from "../../worker/protocol";
import { MpWriteForm } from "./MpWriteForm";
import { NumberFields } from "./NumberFields";
import { useMpView } from "./useMp";
import { plural } from "../../text/plural";

/** the bounds the scenario file takes (scenario/schema.ts; the worker checks every command against it again): a day either way */
const DAY_MS = 86_400_000;
/** MySQL's bounds for auto_increment_increment and auto_increment_offset */
const AUTO_INCREMENT_MAX = 65_535;

type Send = (cmd: CommandInput) => void;

export function MpControls() {
  const mp = useMpView();
  if (!mp) return null;
  return (
    <>
      <section className="panel stack" aria-labelledby="client-heading">
        <h2 id="client-heading">Client</h2>
        <MpWriteForm nodes={mp.nodes.map((n) => n.name)} last={mp.recentWrites?.at(-1) ?? null} />
      </section>
      <CommandPanel title="Primaries" id="nodes">{(send) => <Primaries mp={mp} send={send} />}</CommandPanel>
      <CommandPanel title="Links" id="links">{(send) => <MpLinks mp={mp} send={send} />}</CommandPanel>
    </>
  );
}

function Primaries({ mp, send }: { mp: MultiPrimaryView; send: Send }) {
  return (
    <>
      {mp.nodes.map((n) => (
        <div key={n.name} className="rl-mp__node" role="group" aria-label={`Primary ${n.name}`}>
          <div className="row">
            <strong>{n.name}</strong>
            <span className={`badge ${n.state}`}>{n.state}</span>
            {n.inQuorum === false ? <span className="badge down">no quorum</span> : null}
            <span className="muted small">{plural(n.writesMade, "write")}</span>
            {/* one button, the one that applies: a running node crashes, a crashed one restarts */}
            <button type="button" className={n.state === "up" ? "danger rl-mp__push" : "rl-mp__push"}
              onClick={() => send({ op: n.state === "up" ? "crash" : "restart", node: n.name })}>
              {n.state === "up" ? "Crash" : "Restart"}
            </button>
          </div>
          {/* Under last writer wins each commit is stamped by its own node's clock: how far ahead (or behind) it runs. */}
          {mp.mode === "lww" ? (
            <NumberFields name={`Clock of ${n.name}`} submit="Set clock"
              fields={[{ label: "Clock skew (ms)", value: n.clockSkewMs, min: -DAY_MS, max: DAY_MS, unit: "ms" }]}
              onSet={([ms]) => send({ op: "set", node: n.name, clockSkewMs: ms! })} />
          ) : null}
          {/* the series its generated keys come from (MySQL auto_increment_increment / auto_increment_offset); shown in
              circular mode, where two primaries' equal keys stop replication (the scenario file sets them in every mode) */}
          {mp.mode === "circular" ? <NumberFields name={`Generated keys of ${n.name}`} submit="Set keys" caption="Generated keys (auto_increment)"
            fields={[{ label: "Increment", value: n.autoIncrementIncrement, min: 1, max: AUTO_INCREMENT_MAX, integer: true },
              { label: "Offset", value: n.autoIncrementOffset, min: 1, max: AUTO_INCREMENT_MAX, integer: true }]}
            onSet={([increment, offset]) => send({ op: "set", node: n.name, autoIncrementIncrement: increment!, autoIncrementOffset: offset! })} /> : null}
        </div>
      ))}
      <p className="muted small">
        A crash drops the node&apos;s connections; it keeps its committed rows. Restarted, it reconnects and catches up.
        {mp.mode === "circular" ? " A generated key is the next of offset + N × increment above the table's largest key" +
          " (MySQL's auto_increment_increment and auto_increment_offset)." : null}
      </p>
    </>
  );
}

function MpLinks({ mp, send }: { mp: MultiPrimaryView; send: Send }) {
  return (
    <div className="link-list rl-mp__links">
      {mp.links.map(({ between: [a, b], delayMs, cut }) => (
        <div key={`${a}|${b}`} className="link-row rl-mp__link" role="group" aria-label={`Link ${a} – ${b}`}>
          <div className="row rl-mp__link-head">
            <span>
              {a} – {b} <span className="muted small">{delayMs} ms one way</span>{" "}
              <span className={cut ? "cut small" : "muted small"}>{cut ? "cut" : "connected"}</span>
            </span>
            <button type="button" className={cut ? "" : "danger"}
              onClick={() => send(cut ? { op: "heal", between: [a, b] } : { op: "partition", between: [a, b] })}>
              {cut ? "Heal" : "Cut"}
            </button>
          </div>
          <NumberFields name={`Delay of the link ${a} – ${b}`} submit="Set delay"
            fields={[{ label: "One-way delay (ms)", value: delayMs, min: 0, max: DAY_MS, unit: "ms" }]}
            onSet={([ms]) => send({ op: "set-link", between: [a, b], delayMs: ms! })} />
        </div>
      ))}
    </div>
  );
}
