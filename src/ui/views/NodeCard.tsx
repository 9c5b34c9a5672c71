/*
 * One node of the cluster view: role, state and timeline in words (not colour alone). Crashed
 * nodes are greyed, diverged ones marked, awaited standbys ringed. Positioned absolutely by the
 * layout; the flash on a stale read is applied by ClusterView straight on the element.
 */
import type { CSSProperties } from "react";
import { describeNode, stateWords, type NodeCardModel } from "./clusterModel";

interface Props {
  node: NodeCardModel;
  x: number;
  y: number;
  width: number;
  height: number;
  compact: boolean;
}

export function NodeCard({ node, x, y, width, height, compact }: Props) {
  const style: CSSProperties = { left: x - width / 2, top: y - height / 2, width, height };
  const cls = [
    "rl-node", `rl-node--${node.role}`, `rl-node--${node.state}`,
    node.awaited ? "rl-node--awaited" : "", compact ? "rl-node--compact" : "",
    node.role === "replica" && node.state === "up" && node.sender === null ? "rl-node--detached" : "",
    node.problem ? "rl-node--problem" : "",
  ].filter(Boolean).join(" ");
  const description = describeNode(node);
  if (compact) {
    return (
      <div className={cls} style={style} title={description} aria-label={description} role="group" data-node={node.name}>
        <span className="rl-node__name">{node.name}</span>
        <span className="rl-node__state">{stateLabel(node)} <span className="rl-node__tl">TL{node.timeline}</span></span>
      </div>
    );
  }
  return (
    <div className={cls} style={style} title={description} aria-label={description} role="group" data-node={node.name}>
      <div className="rl-node__top">
        <span className="rl-node__name">{node.name}</span>
        <span className="rl-node__role">{node.role === "primary" ? "PRIMARY" : "replica"}</span>
      </div>
      <div className="rl-node__bottom">
        <span className="rl-node__state">{stateLabel(node)}</span>
        <span className="rl-node__tl">TL {node.timeline}</span>
      </div>
    </div>
  );
}

function stateLabel(n: NodeCardModel): string {
  if (n.state === "down") return n.crashKind === "power" ? "down · power" : n.crashKind === "hang" ? "hung" : "down · crash";
  if (n.state !== "up") return stateWords(n);
  if (n.problem) return "⚠ stuck";
  if (n.role === "primary") return "up";
  if (n.sender === null) return "not streaming";
  if (n.sender !== "streaming") return n.sender;
  return n.syncState ?? "async";
}
