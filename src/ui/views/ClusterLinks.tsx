/*
 * The links of the cluster view as SVG lines under the dots: a cut link is drawn broken with a
 * cross and the direction that is cut, a link to a crashed node faint and dashed, a link to a
 * standby that commits wait for highlighted.
 */
import type { LinkModel, NodeCardModel } from "./clusterModel";
import type { Point } from "./layout";

interface Props {
  links: LinkModel[];
  nodes: NodeCardModel[];
  positions: ReadonlyMap<string, Point>;
  width: number;
  height: number;
  /** the client's line to the primary, where its commits go */
  client: { from: Point; to: Point | null } | null;
}

const GAP = 10;

export function ClusterLinks({ links, nodes, positions, width, height, client }: Props) {
  const awaited = new Set(nodes.filter((n) => n.awaited).map((n) => n.name));
  return (
    <svg className="rl-cluster__links" width={width} height={height} aria-hidden="true">
      {client?.to && <line className="rl-link rl-link--client" x1={client.from.x} y1={client.from.y} x2={client.to.x} y2={client.to.y} />}
      {links.map((l) => {
        const a = positions.get(l.a);
        const b = positions.get(l.b);
        if (!a || !b) return null;
        const cut = l.cutAB || l.cutBA;
        const cls = ["rl-link", cut ? "rl-link--cut" : "", l.dead ? "rl-link--dead" : "",
          !cut && !l.dead && (awaited.has(l.a) || awaited.has(l.b)) ? "rl-link--awaited" : ""].filter(Boolean).join(" ");
        const key = `${l.a}-${l.b}`;
        if (!cut) return <line key={key} className={cls} x1={a.x} y1={a.y} x2={b.x} y2={b.y} />;
        return <CutLink key={key} cls={cls} a={a} b={b} link={l} />;
      })}
    </svg>
  );
}

function CutLink({ cls, a, b, link }: { cls: string; a: Point; b: Point; link: LinkModel }) {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const ux = (b.x - a.x) / len;
  const uy = (b.y - a.y) / len;
  const both = link.cutAB && link.cutBA;
  const label = both ? "cut" : link.cutAB ? `cut ${link.a}→${link.b}` : `cut ${link.b}→${link.a}`;
  return (
    <g className={cls}>
      <line x1={a.x} y1={a.y} x2={mx - ux * GAP} y2={my - uy * GAP} />
      <line x1={mx + ux * GAP} y1={my + uy * GAP} x2={b.x} y2={b.y} />
      <path className="rl-link__x" d={`M${mx - 5},${my - 5}L${mx + 5},${my + 5}M${mx + 5},${my - 5}L${mx - 5},${my + 5}`} />
      <text className="rl-link__label" x={mx} y={my - 10} textAnchor="middle">{label}</text>
    </g>
  );
}
