/*
 * One card per node: its role and state, the fault buttons (Crash, Power loss, Hang, Restart,
 * Promote; Rewind / Re-clone for a node that cannot follow), and for replicas the sliders that
 * shape its link and disk. Add/remove replica too. What the buttons depend on (state, role,
 * settings, problem) follows each snapshot; the numbers that move with every write (what a
 * promotion would lose, the WAL the primary keeps) are refreshed four times a second.
 */
import type { ReactNode } from "react";
import type { NodeView } from "../../engine/views";
import type { CommandInput } from "../../worker/protocol";
import { formatBytes, formatCount } from "../views/format";
import { useCommand, useDerived, useThrottledDerived } from "./hooks";
import { InfoTip } from "./InfoTip";
import { Slider } from "./Slider";

/** The page offers 1–16 replicas; a scenario file may hold more (the engine takes up to 64). */
export const MAX_REPLICAS_UI = 16;

type CardNode = Pick<NodeView, "name" | "role" | "state" | "crashKind" | "timeline" | "config" | "problem">;

export function NodeCards() {
  const nodes = useDerived((s) =>
    (s.snapshot?.nodes ?? []).map((n): CardNode => ({
      name: n.name, role: n.role, state: n.state, crashKind: n.crashKind, timeline: n.timeline, config: n.config, problem: n.problem,
    })),
  );
  const { send, error } = useCommand();
  const replicas = nodes.filter((n) => n.role === "replica");

  const addReplica = () => {
    const taken = new Set(nodes.map((n) => n.name));
    let i = 1;
    while (taken.has(`s${i}`)) i++;
    // The schema's defaults fill in the rest (the worker validates every command).
    send({ op: "add-replica", replica: { name: `s${i}`, networkDelayMs: 20, jitterMs: 2, fsyncMs: 2 } });
  };

  return (
    <section className="panel stack" aria-labelledby="nodes-heading">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="nodes-heading">Nodes</h2>
        <button type="button" onClick={addReplica} disabled={replicas.length >= MAX_REPLICAS_UI}>Add replica</button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {nodes.map((n) => (
        <NodeCard key={n.name} node={n} send={send} canRemove={n.role === "replica" && replicas.length > 1} />
      ))}
    </section>
  );
}

/**
 * A button that is unavailable but stays focusable (aria-disabled, not disabled): pressing
 * "Crash s1" from the keyboard must not drop focus to the page when s1 goes down.
 */
function SoftButton({ off, onClick, children }: { off: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" aria-disabled={off || undefined} onClick={off ? undefined : onClick}>
      {children}
    </button>
  );
}

const CRASH_WORDS = { process: "crashed", power: "power lost", hang: "hung" } as const;

function NodeCard({ node, send, canRemove }: { node: CardNode; send: (cmd: CommandInput) => void; canRemove: boolean }) {
  const { name, role, state, config } = node;
  const down = state === "down";
  const stuck = state === "diverged" || node.problem !== null;
  const set = (field: keyof NodeView["config"]) => (value: number) => send({ op: "set", node: name, [field]: value });
  const stateText = down ? `down (${CRASH_WORDS[node.crashKind ?? "process"]})` : state;

  return (
    <article className="node-card" aria-label={`Node ${name}`}>
      <header>
        <span className="name">{name}</span>
        <span className="badge role">{role}</span>
        <span className={`badge ${state}`}>{stateText}</span>
        {node.timeline > 1 && <span className="muted small">timeline {node.timeline}</span>}
      </header>
      {node.problem && (
        <p className="node-problem" data-testid={`problem-${name}`}>
          <span aria-hidden="true">⚠ </span>{node.problem}
        </p>
      )}
      {role === "replica" ? <PromotionRisk name={name} /> : <WalKept name={name} />}
      <div className="buttons">
        <SoftButton off={down} onClick={() => send({ op: "crash", node: name, kind: "process" })}>Crash {name}</SoftButton>
        <SoftButton off={down} onClick={() => send({ op: "crash", node: name, kind: "power" })}>Power loss {name}</SoftButton>
        <SoftButton off={down} onClick={() => send({ op: "crash", node: name, kind: "hang" })}>Hang {name}</SoftButton>
        <SoftButton off={!down} onClick={() => send({ op: "restart", node: name })}>Restart {name}</SoftButton>
        <InfoTip topic={`restarting ${name}`}>
          <p><strong>Simplification:</strong> a restart is instantaneous. Crash recovery replays the node&apos;s own
            WAL and a standby reconnects at once; a real server takes hundreds of milliseconds or more.</p>
        </InfoTip>
        {role === "replica" && (
          <SoftButton off={down || state === "promoting"} onClick={() => send({ op: "promote", node: name })}>Promote {name}</SoftButton>
        )}
        {role === "primary" && !down && (
          <button type="button" onClick={() => send({ op: "checkpoint" })} title="Removes WAL that no replica or slot still needs">Checkpoint</button>
        )}
        {stuck && !down && (
          <>
            <button type="button" onClick={() => send({ op: "rewind", node: name })} title="pg_rewind onto the current primary's timeline">Rewind {name}</button>
            <button type="button" onClick={() => send({ op: "reclone", node: name })} title="A fresh base backup of the current primary">Re-clone {name}</button>
          </>
        )}
        {canRemove && (
          <button type="button" className="danger" onClick={() => send({ op: "remove-replica", node: name })}>Remove {name}</button>
        )}
      </div>
      <div className="sliders">
        {role === "replica" && (
          <>
            <Slider label="Network delay" labelTail={` ${name} (ms)`} value={config.networkDelayMs} min={0} max={500} step={1} unit="ms" onCommit={set("networkDelayMs")}
              info={(
                <InfoTip topic={`the network delay of ${name}`}>
                  <p><strong>Simplification:</strong> the network is a star. Each node sits this far from the network
                    core, so a message from a to b takes a&apos;s delay plus b&apos;s. The original primary sits at the core
                    (0 ms): after a failover the new primary keeps its own delay.</p>
                </InfoTip>
              )} />
            <Slider label="Jitter" labelTail={` ${name} (ms)`} value={config.jitterMs} min={0} max={100} step={1} unit="ms" onCommit={set("jitterMs")} />
            <Slider label="Packet loss" labelTail={` ${name} (%)`} value={config.lossPercent} min={0} max={50} step={1} unit="%" onCommit={set("lossPercent")} />
          </>
        )}
        <Slider label="Fsync" labelTail={` ${name} (ms)`} value={config.fsyncMs} min={0} max={50} step={0.5} unit="ms" onCommit={set("fsyncMs")} />
        {role === "replica" && (
          <Slider label="Apply delay" labelTail={` ${name} (ms)`} value={config.applyDelayMs} min={0} max={5000} step={50} unit="ms" onCommit={set("applyDelayMs")} />
        )}
      </div>
    </article>
  );
}

/** "Promoting s2 now would lose 12 acknowledged writes": what a failover to this replica costs. */
function PromotionRisk({ name }: { name: string }) {
  const lose = useThrottledDerived((s) => s.snapshot?.nodes.find((n) => n.name === name)?.wouldLose ?? null);
  if (lose === null) return null;
  return (
    <p className={`promotion-risk${lose > 0 ? " warn" : ""}`} data-testid={`would-lose-${name}`}>
      {lose > 0 && <span aria-hidden="true">⚠ </span>}
      Promoting {name} now would lose {lose > 0 ? `${formatCount(lose)} acknowledged write${lose === 1 ? "" : "s"}` : "no acknowledged writes"}
    </p>
  );
}

/** The primary's WAL kept on disk: what slots and wal_keep_size hold back. */
function WalKept({ name }: { name: string }) {
  const bytes = useThrottledDerived((s) => s.snapshot?.nodes.find((n) => n.name === name)?.walRetainedBytes ?? null);
  if (bytes === null) return null;
  return <p className="muted small" style={{ margin: 0 }} data-testid={`wal-kept-${name}`}>WAL kept on disk: {formatBytes(bytes)}</p>;
}
