/*
 * The slow-changing part of the cluster picture: which nodes exist, their role, state,
 * timeline and sync state, which links are cut and which standbys commits wait for. The
 * cluster view re-renders React only when this changes; everything faster goes to canvas.
 */
import type { NodeRole, NodeState, NodeView, Snapshot, SyncState, WalSenderState } from "../../engine/views";
import { formatBytes } from "./format";

export interface NodeCardModel {
  name: string;
  role: NodeRole;
  state: NodeState;
  crashKind: NodeView["crashKind"];
  timeline: number;
  /** why a running node cannot do its job (e.g. its WAL was removed) */
  problem: string | null;
  /** pg_stat_replication as the primary sees this standby; null: not connected */
  sender: WalSenderState | null;
  syncState: SyncState | null;
  /** MySQL/MariaDB semi-sync mode: a connected replica is a semi-sync replica, not "async" */
  semiSync: boolean;
  /** commits are waiting for this standby's confirmation */
  awaited: boolean;
  /** a node that ran as a primary but is not the current one (crashed, fenced, or split brain) */
  oldPrimary: boolean;
}

export interface LinkModel {
  a: string;
  b: string;
  cutAB: boolean;
  cutBA: boolean;
  /** one end is down: nothing can travel */
  dead: boolean;
}

export interface ClusterStructure {
  primary: string | null;
  nodes: NodeCardModel[];
  links: LinkModel[];
  waiting: number;
}

export function clusterStructure(s: Snapshot | null): ClusterStructure {
  if (!s) return { primary: null, nodes: [], links: [], waiting: 0 };
  const rows = new Map(s.replication.map((r) => [r.name, r]));
  const awaited = new Set<string>();
  for (const c of s.waitingCommits) for (const sb of c.standbys) awaited.add(sb);
  const down = new Set(s.nodes.filter((n) => n.state === "down").map((n) => n.name));
  return {
    primary: s.primary,
    nodes: s.nodes.map((n) => {
      const row = rows.get(n.name);
      return {
        name: n.name, role: n.role, state: n.state, crashKind: n.crashKind, timeline: n.timeline, problem: n.problem,
        sender: row?.state ?? null, syncState: row?.syncState ?? null, awaited: awaited.has(n.name),
        semiSync: s.commit.mode === "semiSync",
        oldPrimary: n.role === "primary" && n.name !== s.primary,
      };
    }),
    links: s.links.map((l) => ({ a: l.a, b: l.b, cutAB: l.cutAB, cutBA: l.cutBA, dead: down.has(l.a) || down.has(l.b) })),
    // Only "some" vs "none" matters to the layout; the count is shown by a throttled panel.
    waiting: s.waitingCommits.length > 0 ? 1 : 0,
  };
}

/** A string that changes exactly when the structure does: cheap to compare in a selector. */
export function structureKey(s: Snapshot | null): string {
  return JSON.stringify(clusterStructure(s));
}

/** What a card says, in words: its title and the text a screen reader reads. */
export function describeNode(n: NodeCardModel, figures: NodeFigures = NO_FIGURES, mysql = false): string {
  const parts = [`${n.name}: ${n.role}`, stateWords(n, mysql), `timeline ${n.timeline}`];
  const link = mysql ? (n.sender === "streaming" ? "I/O thread reading the source's binary log" : "I/O thread catching up") : n.sender;
  if (n.role === "replica") parts.push(n.sender ? `${link}, ${n.semiSync ? "semi-sync replica" : n.syncState ?? "async"}` : "not connected to the primary");
  if (n.problem) parts.push(n.problem);
  if (n.awaited) parts.push("commits are waiting for it");
  if (figures.wouldLose !== null) parts.push(wouldLoseWords(figures.wouldLose, figures.wouldLoseAtLeast));
  if (figures.walRetainedBytes !== null) parts.push(`${formatBytes(figures.walRetainedBytes)} of ${mysql ? "binary log" : "WAL"} kept on disk`);
  return parts.join(", ");
}

/**
 * The numbers on a card that move with every write: what promoting this standby now would lose
 * (null: not a candidate) and, on the primary, the WAL it keeps on disk (null on a replica). They
 * are kept out of the structure, which would otherwise change with every snapshot.
 */
export interface NodeFigures {
  wouldLose: number | null;
  /** wouldLose is a lower bound (the engine stopped counting) */
  wouldLoseAtLeast: boolean;
  walRetainedBytes: number | null;
}

export const NO_FIGURES: NodeFigures = { wouldLose: null, wouldLoseAtLeast: false, walRetainedBytes: null };

/** A string that changes exactly when some node's figures do: [name, figures] pairs, never an
 *  object keyed by name (a node may be called `__proto__`). */
export function figuresKey(s: Snapshot | null): string {
  if (!s) return "[]";
  return JSON.stringify(s.nodes.map((n): [string, NodeFigures] =>
    [n.name, { wouldLose: n.wouldLose, wouldLoseAtLeast: n.wouldLoseAtLeast, walRetainedBytes: n.walRetainedBytes }]));
}

/** figuresKey's string back as a map from node name to its figures. */
export function figuresByName(key: string): ReadonlyMap<string, NodeFigures> {
  return new Map(JSON.parse(key) as [string, NodeFigures][]);
}

export function wouldLoseWords(n: number, atLeast = false): string {
  if (n === 0 && !atLeast) return "promoting it now would lose no acknowledged writes";
  return `promoting it now would lose ${atLeast ? "at least " : ""}${n} acknowledged write${n === 1 && !atLeast ? "" : "s"}`;
}

/** A node's problem in the few words a card has room for; the full text is in its title. */
export function problemWords(problem: string): string {
  if (/already been removed/.test(problem)) return "needs re-clone";
  if (/^diverged/.test(problem)) return "needs rewind";
  if (/not a primary/.test(problem)) return "upstream not primary";
  const first = problem.split(/[;:(]/)[0]!.trim();
  return first.length > 24 ? `${first.slice(0, 23)}…` : first;
}

export function stateWords(n: Pick<NodeCardModel, "state" | "crashKind">, mysql = false): string {
  switch (n.state) {
    case "up": return "up";
    case "down": return n.crashKind === "power" ? "down (power loss)" : n.crashKind === "hang" ? "hung (not answering)" : "down (crashed)";
    case "promoting": return "promoting";
    case "diverged": return mysql ? "diverged binary log" : "diverged WAL";
  }
}
