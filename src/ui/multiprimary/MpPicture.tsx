/*
 * The picture of a multi-primary run, in place of the physical cluster picture: the primaries,
 * and between each two the link (its one-way delay; drawn broken when cut). Under circular and
 * last-writer-wins replication each direction is a replication channel, an arrow from the source
 * to the node applying its changes: green while it runs, red and labelled with the error when it
 * stopped (1062, 1032), grey and dashed while disconnected. Under certification the group needs a
 * majority: the nodes inside it are marked, and a node outside refuses writes. Everything drawn is
 * also said in the words under it (and in the figure's label, for a screen reader).
 */
import { useEffect, useRef, useState } from "react";
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { mpPictureWords } from "./pictureWords";
import { useMpView } from "./useMp";
import { plural } from "../../text/plural";

// Drawn at about the size it is shown in the picture's column (some 350 px at 1440 px), so its words stay readable.
const BOX_W = 124, BOX_H = 62;
/**
 * The figure is drawn at the width it is shown (its words at their real size, whatever the
 * column): two nodes face each other on one line, more go round an ellipse.
 */
const sizeFor = (n: number, width: number) => ({ w: Math.max(320, Math.min(width, n <= 2 ? 640 : 520)), h: n <= 2 ? 112 : 230 });

type Pt = { x: number; y: number };

/** Places n nodes round an ellipse, the first on the left (two face each other, three make a triangle). */
export function placeNodes(n: number, width: number): Pt[] {
  const { w, h } = sizeFor(n, width);
  return Array.from({ length: n }, (_, i) => {
    const a = Math.PI + (2 * Math.PI * i) / n;
    return { x: w / 2 + (w / 2 - BOX_W / 2 - 4) * Math.cos(a), y: h / 2 + (h / 2 - BOX_H / 2 - 4) * Math.sin(a) };
  });
}

/** Where the segment from the centre of a box towards `to` leaves the box. */
function edge(from: Pt, to: Pt): Pt {
  const dx = to.x - from.x, dy = to.y - from.y;
  const t = Math.min((BOX_W / 2 + 4) / Math.abs(dx || 1e-9), (BOX_H / 2 + 4) / Math.abs(dy || 1e-9));
  return { x: from.x + dx * t, y: from.y + dy * t };
}

/** The width of the element, followed as it changes. */
function useWidth(shown: boolean): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(400);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round(e!.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [shown]);
  return [ref, width];
}

export function MpPicture() {
  const mp = useMpView();
  const [ref, width] = useWidth(mp !== null);
  if (!mp) return null;
  const size = sizeFor(mp.nodes.length, width);
  const pos = placeNodes(mp.nodes.length, width);
  const index = new Map(mp.nodes.map((n, i) => [n.name, i]));
  const words = mpPictureWords(mp);
  return (
    <section className="panel rl-panel rl-mp-picture" aria-labelledby="rl-mp-picture-title" data-testid="mp-picture">
      <div className="rl-panel__head">
        <h2 id="rl-mp-picture-title">Primaries</h2>
        <span className="rl-panel__note">{words.mode}</span>
      </div>
      <div ref={ref}>
      <svg viewBox={`0 0 ${size.w} ${size.h}`} width={size.w} height={size.h} className="rl-mp-picture__svg" role="img" aria-label={words.all.join(" ")}>
        <defs>
          {(["run", "stop", "off"] as const).map((k) => (
            <marker key={k} id={`rl-mp-arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className={`rl-mp-arrow rl-mp-arrow--${k}`} />
            </marker>
          ))}
        </defs>
        {mp.links.map((l) => <LinkLines key={l.between.join("|")} mp={mp} link={l} a={pos[index.get(l.between[0])!]!} b={pos[index.get(l.between[1])!]!} />)}
        {mp.nodes.map((n, i) => <NodeBox key={n.name} mp={mp} node={n} at={pos[i]!} />)}
      </svg>
      </div>
      <ul className="rl-mp-picture__words" data-testid="mp-picture-words">
        {words.lines.map((line) => <li key={line.text} className={line.bad ? "rl-mp__error" : undefined}>{line.text}</li>)}
      </ul>
    </section>
  );
}

function LinkLines({ mp, link, a, b }: { mp: MultiPrimaryView; link: MultiPrimaryView["links"][number]; a: Pt; b: Pt }) {
  const [na, nb] = link.between;
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  // the normal, for the two directions side by side
  const nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
  // a short link (a narrow column) has no room for an error beside its arrows: the words under the figure say it
  const roomy = len - BOX_W >= 200;
  const delay = <text x={mid.x + nx * 17} y={mid.y + ny * 17 + 4} className="rl-mp-picture__delay" textAnchor="middle">{link.cut ? "cut" : `${link.delayMs} ms`}</text>;
  if (mp.mode === "certification") {
    return (
      <g>
        <line x1={edge(a, b).x} y1={edge(a, b).y} x2={edge(b, a).x} y2={edge(b, a).y} className={link.cut ? "rl-mp-line rl-mp-line--cut" : "rl-mp-line rl-mp-line--group"} />
        {delay}
      </g>
    );
  }
  const arrow = (from: string, to: string, p: Pt, q: Pt, side: number) => {
    const ch = mp.channels.find((c) => c.source === from && c.node === to);
    if (!ch) return null;
    const k = ch.state === "stopped" ? "stop" : ch.connected ? "run" : "off";
    const off = { x: nx * 6 * side, y: ny * 6 * side };
    const s = edge(p, q), e = edge(q, p);
    return (
      <g key={`${from}>${to}`}>
        <line x1={s.x + off.x} y1={s.y + off.y} x2={e.x + off.x} y2={e.y + off.y} className={`rl-mp-line rl-mp-line--${k}`} markerEnd={`url(#rl-mp-arrow-${k})`} />
        {ch.state === "stopped" && roomy ? (
          // a third of the way from the middle towards the node applying, on its arrow's side
          <text x={mid.x + (q.x - mid.x) * 0.35 + off.x * 2.8} y={mid.y + (q.y - mid.y) * 0.35 + off.y * 2.8 + 4} textAnchor="middle" className="rl-mp-picture__err">
            error {ch.lastErrno}
          </text>
        ) : null}
      </g>
    );
  };
  return <g>{arrow(na, nb, a, b, -1)}{arrow(nb, na, b, a, 1)}{delay}</g>;
}

function NodeBox({ mp, node, at }: { mp: MultiPrimaryView; node: MultiPrimaryView["nodes"][number]; at: Pt }) {
  const outside = node.inQuorum === false;
  const cls = ["rl-mp-box", node.state === "down" ? "rl-mp-box--down" : "", outside ? "rl-mp-box--outside" : "",
    node.inQuorum === true ? "rl-mp-box--member" : ""].filter(Boolean).join(" ");
  const second = node.state === "down" ? "down (crashed)" : outside ? "refuses writes" : `${plural(node.rows, "row")} · ${plural(node.writesMade, "write")}`;
  const third = mp.mode === "lww" ? `clock ${node.clockSkewMs === 0 ? "right" : `${node.clockSkewMs > 0 ? "+" : ""}${node.clockSkewMs / 1000} s`}`
    : mp.mode === "certification" ? (node.inQuorum ? "in the majority" : "no majority") : "primary";
  return (
    <g className={cls} transform={`translate(${at.x - BOX_W / 2}, ${at.y - BOX_H / 2})`}>
      <rect width={BOX_W} height={BOX_H} rx="8" />
      <text x={BOX_W / 2} y="19" textAnchor="middle" className="rl-mp-box__name">{node.name}</text>
      <text x={BOX_W / 2} y="37" textAnchor="middle" className="rl-mp-box__line">{second}</text>
      <text x={BOX_W / 2} y="54" textAnchor="middle" className="rl-mp-box__line">{third}</text>
    </g>
  );
}

