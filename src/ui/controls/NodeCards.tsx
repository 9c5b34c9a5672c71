/*
 * One card per node: its role and state, the fault buttons (Crash, Power loss, Hang, Restart,
 * Promote; Rewind / Re-clone for a node that cannot follow), and for replicas the sliders that
 * shape its link and disk. Add/remove replica too. What the buttons depend on (state, role,
 * settings, problem) follows each snapshot; the numbers that move with every write (what a
 * promotion would lose, the WAL the primary keeps) are refreshed four times a second.
 */
import { useSystem } from "../views/settings";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { NodeView } from "../../engine/views";
import type { CommandInput } from "../../worker/protocol";
import { formatBytes, formatCount } from "../views/format";
import { useCommand, useDerived, useThrottledDerived } from "./hooks";
import { InfoTip } from "./InfoTip";
import { Slider } from "./Slider";

/** The page offers 1–16 replicas; a scenario file may hold more (the engine takes up to 64). */
export const MAX_REPLICAS_UI = 16;

type CardNode = Pick<NodeView, "name" | "role" | "state" | "crashKind" | "timeline" | "config" | "problem"> & {
  /** this node is the primary now (an old primary keeps role "primary" until it is rewound) */
  current: boolean;
};

/** The role in words, apart from the name: a node named "primary" may well be a replica. */
export function roleWords(n: Pick<CardNode, "role" | "current">): string {
  return n.role === "replica" ? "replica" : n.current ? "primary" : "old primary";
}

export function NodeCards() {
  const nodes = useDerived((s) =>
    (s.snapshot?.nodes ?? []).map((n): CardNode => ({
      name: n.name, role: n.role, state: n.state, crashKind: n.crashKind, timeline: n.timeline, config: n.config, problem: n.problem,
      current: n.name === s.snapshot?.primary,
    })),
  );
  const { send, error } = useCommand();
  const replicas = nodes.filter((n) => n.role === "replica");
  const full = replicas.length >= MAX_REPLICAS_UI;
  const [removed, setRemoved] = useState<CardNode | null>(null);
  const remove = (n: CardNode) => {
    send({ op: "remove-replica", node: n.name });
    setRemoved(n);
  };

  const addReplica = () => {
    // Lower case: a name differing from a node's only in case is refused (PostgreSQL matches standby names so).
    const taken = new Set(nodes.map((n) => n.name.toLowerCase()));
    let i = 1;
    while (taken.has(`s${i}`)) i++;
    // The schema's defaults fill in the rest (the worker validates every command).
    send({ op: "add-replica", replica: { name: `s${i}`, networkDelayMs: 20, jitterMs: 2, fsyncMs: 2 } });
  };

  return (
    <section className="panel stack" aria-labelledby="nodes-heading">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="nodes-heading">Nodes</h2>
        <SoftButton off={full} onClick={addReplica} describedBy={full ? "add-replica-why" : undefined}>Add replica</SoftButton>
      </div>
      {full && (
        <p className="muted small" id="add-replica-why" data-testid="add-replica-why">
          The page runs at most {MAX_REPLICAS_UI} replicas (a scenario file may hold up to 64): remove one to add another.
        </p>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
      {removed && <UndoRemove node={removed} send={send} onDone={() => setRemoved(null)} />}
      {nodes.map((n) => (
        <NodeCard key={n.name} node={n} send={send} canRemove={n.role === "replica" && replicas.length > 1} onRemove={remove} />
      ))}
    </section>
  );
}

/**
 * A button that is unavailable but stays focusable (aria-disabled, not disabled): pressing
 * "Crash s1" from the keyboard must not drop focus to the page when s1 goes down.
 */
function SoftButton({ off, onClick, children, label, title, describedBy }:
  { off: boolean; onClick: () => void; children: ReactNode; label?: string; title?: string; describedBy?: string }) {
  return (
    <button type="button" aria-disabled={off || undefined} onClick={off ? undefined : onClick} aria-label={label} title={title}
      aria-describedby={describedBy}>
      {children}
    </button>
  );
}

const CRASH_WORDS = { process: "crashed", power: "power lost", hang: "hung" } as const;

function NodeCard({ node, send, canRemove, onRemove }:
  { node: CardNode; send: (cmd: CommandInput) => void; canRemove: boolean; onRemove: (n: CardNode) => void }) {
  const { name, role, state, config } = node;
  const down = state === "down";
  const stuck = state === "diverged" || node.problem !== null;
  const set = (field: keyof NodeView["config"]) => (value: number) => send({ op: "set", node: name, [field]: value });
  const stateText = down ? `down (${CRASH_WORDS[node.crashKind ?? "process"]})` : state;
  const role_ = roleWords(node);
  // Visible verbs are short and the card is titled with the name, so a node named "primary"
  // never reads "Promote primary"; the accessible names still say which node ("Promote s1").
  // Every button stays rendered (aria-disabled when it does not apply), so the Tab order does
  // not shift when a node goes down or is promoted, and focus stays on the button pressed.
  return (
    <article className="node-card" aria-label={`Node ${name}`}>
      <header>
        <span className="name">{name}</span>
        {/* The role only when it says more than the name: a node named "primary" that is the primary reads once. */}
        {role_ !== name.toLowerCase()
          ? <span className={`badge role${node.current ? " current" : ""}`} data-role={role_}>{role_}</span>
          : <span className="sr-only">({role_})</span>}
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
        <SoftButton off={down} label={`Crash ${name}`} onClick={() => send({ op: "crash", node: name, kind: "process" })}>Crash</SoftButton>
        <SoftButton off={down} label={`Power loss ${name}`} onClick={() => send({ op: "crash", node: name, kind: "power" })}>Power loss</SoftButton>
        <SoftButton off={down} label={`Hang ${name}`} onClick={() => send({ op: "crash", node: name, kind: "hang" })}>Hang</SoftButton>
        <SoftButton off={!down} label={`Restart ${name}`} onClick={() => send({ op: "restart", node: name })}>Restart</SoftButton>
        <InfoTip topic={`restarting ${name}`}>
          <p><strong>Simplification:</strong> a restart is instantaneous. Crash recovery replays the node&apos;s own
            WAL and a standby reconnects at once; a real server takes hundreds of milliseconds or more.</p>
        </InfoTip>
        <SoftButton off={role !== "replica" || down || state === "promoting"} label={`Promote ${name}`}
          title={role !== "replica" ? `${name} is not a replica` : undefined}
          onClick={() => send({ op: "promote", node: name })}>Promote</SoftButton>
        {role === "primary" && <CheckpointButton name={name} off={down || !node.current} send={send} />}
        {stuck && !down && (
          <>
            <button type="button" aria-label={`Rewind ${name}`} onClick={() => send({ op: "rewind", node: name })}
              title="pg_rewind onto the current primary's timeline">Rewind</button>
            <button type="button" aria-label={`Re-clone ${name}`} onClick={() => send({ op: "reclone", node: name })}
              title="A fresh base backup of the current primary">Re-clone</button>
          </>
        )}
        {canRemove && (
          <button type="button" className="danger" aria-label={`Remove ${name}`} onClick={() => onRemove(node)}>Remove</button>
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
  const mysql = useSystem() === "mysql";
  if (bytes === null) return null;
  return <p className="muted small" style={{ margin: 0 }} data-testid={`wal-kept-${name}`}>{mysql ? "Binary log kept on disk" : "WAL kept on disk"}: {formatBytes(bytes)}</p>;
}

/**
 * Checkpoint, and what it did: the WAL kept on disk before and after (a checkpoint removes WAL
 * no slot and no wal_keep_size still needs), said in a status line under the buttons.
 */
function CheckpointButton({ name, off, send }: { name: string; off: boolean; send: (cmd: CommandInput) => void }) {
  const kept = useDerived((s) => s.snapshot?.nodes.find((n) => n.name === name)?.walRetainedBytes ?? null);
  const mysql = useSystem() === "mysql";
  const [before, setBefore] = useState<number | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  if (before !== null && kept !== null && kept !== before) {
    setSaid(mysql ? `Checkpoint done: binary log kept on disk ${formatBytes(before)} → ${formatBytes(kept)} (removed what the retention settings no longer keep).`
      : `Checkpoint done: WAL kept on disk ${formatBytes(before)} → ${formatBytes(kept)} (removed what no slot or wal_keep_size needs).`);
    setBefore(null);
  }
  useEffect(() => {
    if (before === null) return;
    // Nothing to remove: the kept WAL does not change, so say that after the command had time to land.
    const t = setTimeout(() => {
      setSaid(`Checkpoint done: nothing to remove (all ${formatBytes(before)} of WAL kept is still needed, or within wal_keep_size).`);
      setBefore(null);
    }, 600);
    return () => clearTimeout(t);
  }, [before]);
  return (
    <>
      <SoftButton off={off} label={`Checkpoint ${name}`} title="Removes WAL that no replica or slot still needs"
        onClick={() => { setSaid(null); setBefore(kept ?? 0); send({ op: "checkpoint" }); }}>Checkpoint</SoftButton>
      <span className="muted small checkpoint-said" role="status" data-testid={`checkpoint-said-${name}`}>{said}</span>
    </>
  );
}

/** After Remove: the replica can be added back with the same settings (an undo), for a while. */
function UndoRemove({ node, send, onDone }: { node: CardNode; send: (cmd: CommandInput) => void; onDone: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  // The Remove button went with its card: focus moves here, where the user can undo.
  useEffect(() => { ref.current?.focus(); }, [node]);
  const c = node.config;
  const undo = () => {
    send({ op: "add-replica", replica: { name: node.name, networkDelayMs: c.networkDelayMs, jitterMs: c.jitterMs, fsyncMs: c.fsyncMs,
      applyDelayMs: c.applyDelayMs, lossPercent: c.lossPercent } });
    onDone();
  };
  return (
    <div className="undo-remove" role="status" data-testid="undo-remove">
      <span>Removed {node.name}.</span>
      <button type="button" ref={ref} onClick={undo}>Undo: add {node.name} back</button>
      <span className="muted small">(same settings; it copies the primary&apos;s data anew)</span>
      <button type="button" aria-label="Dismiss" onClick={onDone}>✕</button>
    </div>
  );
}
