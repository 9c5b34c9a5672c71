/*
 * One node of the cluster view: role, state and timeline in words (not colour alone). Crashed
 * nodes are greyed, diverged ones marked, awaited standbys ringed. A third line says what is
 * wrong with the node, or what promoting this standby now would lose, or (on the primary) how
 * much WAL it keeps on disk. Positioned absolutely by the layout; the flash on a stale read is
 * applied by ClusterView straight on the element.
 */
import { memo, type CSSProperties } from "react";
import { describeNode, problemWords, stateWords, type NodeCardModel } from "./clusterModel";
import { formatBytes, formatCount } from "./format";
import { Tape } from "./picture/Tape";
import { Term } from "./glossary";
import { useSystem } from "./settings";
import type { TapeCell } from "./picture/tape";

interface Props {
  node: NodeCardModel;
  x: number;
  y: number;
  width: number;
  height: number;
  compact: boolean;
  /** acknowledged writes a promotion now would lose; null: not a candidate */
  wouldLose: number | null;
  /** wouldLose is a lower bound: shown with a "+" */
  wouldLoseAtLeast: boolean;
  /** the primary's WAL kept on disk; null on a replica */
  walRetainedBytes: number | null;
  /** the node's log as a tape of records (empty: no room for it) */
  tape: TapeCell[];
}

export const NodeCard = memo(function NodeCard({ node, x, y, width, height, compact, wouldLose, wouldLoseAtLeast, walRetainedBytes, tape }: Props) {
  const style: CSSProperties = { left: x - width / 2, top: y - height / 2, width, height };
  const troubled = node.problem !== null && node.state !== "down";
  const cls = [
    "rl-node", `rl-node--${node.role}`, `rl-node--${node.state}`,
    node.awaited ? "rl-node--awaited" : "", compact ? "rl-node--compact" : "",
    node.role === "replica" && node.state === "up" && node.sender === null ? "rl-node--detached" : "",
    node.problem ? "rl-node--problem" : "",
  ].filter(Boolean).join(" ");
  // MySQL/MariaDB's words: the binary log, the replica's I/O thread (no WAL, no walsender states).
  const mysql = useSystem() === "mysql";
  const description = describeNode(node, { wouldLose, wouldLoseAtLeast, walRetainedBytes }, mysql);
  const lose = wouldLose === null ? "" : formatCount(wouldLose) + (wouldLoseAtLeast ? "+" : "");
  if (compact) {
    return (
      <div className={cls} style={style} title={description} aria-label={description} role="group" data-node={node.name}>
        <span className="rl-node__name">{node.name}</span>
        <span className="rl-node__state">{stateLabel(node, mysql)} <span className="rl-node__tl">TL{node.timeline}</span></span>
        {wouldLose !== null && wouldLose > 0 && !troubled && (
          <span className="rl-node__badge" aria-hidden="true" data-would-lose={wouldLose}>−{lose}</span>
        )}
      </div>
    );
  }
  return (
    <div className={cls} style={style} title={description} aria-label={description} role="group" data-node={node.name}>
      <div className="rl-node__top">
        <span className="rl-node__name">{node.name}</span>
        <span className="rl-node__tl"><Term id="timeline">TL {node.timeline}</Term></span>
      </div>
      {/* The role on its own line, apart from the name: a node may be named anything, "primary" too. */}
      <div className="rl-node__bottom">
        {/* Said once when the name is the role ("primary" that is the primary): no "primary · PRIMARY". */}
        <span className="rl-node__role" data-role={roleLabel(node)}>{roleLabel(node).toLowerCase() === node.name.toLowerCase() ? "" : roleLabel(node)}</span>
        <span className="rl-node__state">{stateLabel(node, mysql)}</span>
      </div>
      <ThirdLine node={node} troubled={troubled} wouldLose={wouldLose} lose={lose} walRetainedBytes={walRetainedBytes} mysql={mysql} />
      <Tape cells={tape} node={node.name} />
    </div>
  );
});

function ThirdLine({ node, troubled, wouldLose, lose, walRetainedBytes, mysql }:
  { node: NodeCardModel; troubled: boolean; wouldLose: number | null; lose: string; walRetainedBytes: number | null; mysql: boolean }) {
  // aria-hidden: the card's label already says all of this in full sentences.
  if (troubled) return <span className="rl-node__extra rl-node__extra--bad" aria-hidden="true">⚠ {problemWords(node.problem!)}</span>;
  if (wouldLose !== null) {
    return wouldLose > 0
      ? <span className="rl-node__extra rl-node__extra--warn" aria-hidden="true" data-would-lose={wouldLose}>promote: loses {lose}</span>
      : <span className="rl-node__extra rl-node__extra--safe" aria-hidden="true" data-would-lose={0}>promote: loses none</span>;
  }
  if (walRetainedBytes !== null) {
    return <span className="rl-node__extra" aria-hidden="true">{mysql ? "binary log kept" : "WAL kept"} {formatBytes(walRetainedBytes)}</span>;
  }
  return null;
}

function roleLabel(n: NodeCardModel): string {
  return n.oldPrimary ? "OLD PRIMARY" : n.role === "primary" ? "PRIMARY" : "REPLICA";
}

function stateLabel(n: NodeCardModel, mysql: boolean): string {
  if (n.state === "down") return n.crashKind === "power" ? "down · power" : n.crashKind === "hang" ? "hung" : "down · crash";
  if (n.state !== "up") return stateWords(n, mysql);
  if (n.problem) return "stuck";
  if (n.role === "primary") return "up";
  // MySQL: Replica_IO_Running No / Connecting; a replica reading old events is "catching up".
  if (n.sender === null) return mysql ? "I/O thread stopped" : "not streaming";
  if (n.sender !== "streaming") return mysql ? "catching up" : n.sender;
  return n.semiSync ? "semi-sync" : n.syncState ?? "async";
}
