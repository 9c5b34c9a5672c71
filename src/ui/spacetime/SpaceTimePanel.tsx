/*
 * The space-time diagram's panel: the figure (drawn by figure.ts once a frame: the live run's
 * arrows and bars on a canvas under the SVG, a still run's and every export's all in the SVG), its controls
 * (follow now, zoom, keepalives, follow a key or a session, exports) and the findings beside it,
 * each explained in Let/Then form and shown in the figure when chosen.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import * as d3 from "d3";
import { labStore } from "../store";
import { onFrame } from "../views/frameLoop";
import { onPaletteChange } from "../views/palette";
import { setTraceWanted } from "../controls/lab";
import { explain, type Explanation } from "../../spacetime/explain";
import { highlightOf } from "../../spacetime/highlight";
import { secondsText } from "../../spacetime/lsn";
import type { Anomaly } from "../../engine/views";
import { clearCanvas } from "./canvasDraw";
import { arrowAt, attachSpanHover, drawFigure, isInMinimap, LABEL_W, minimapTimeAt, spanAt, type LaneLayout } from "./figure";
import { labelOf } from "../../spacetime/geometry";
import { frameStats, lastDrawn, setLastDrawn, spacetimeStore, traceBook, useSpacetime } from "./traceStore";
import { selectEvent, selectionStore, type SelectedEvent } from "../selection";
import { ExportButtons } from "./ExportButtons";
import { useOverMain } from "./overMain";
import "./spacetime.css";
import { plural } from "../../text/plural";

/** window widths a person can zoom between: 50 µs to an hour */
const MIN_SPAN_US = 50;
const MAX_SPAN_US = 3_600e6;
const DEFAULT_SPAN_US = 400_000;
/** the status line under a live figure is rewritten at most this often */
const STATUS_EVERY_MS = 250;

interface Win { spanUs: number; endUs: number; followNow: boolean; }

export function SpaceTimeButton() {
  const open = useSpacetime((s) => s.open);
  return (
    <button type="button" aria-pressed={open} onClick={() => setOpen(!open)}
      title="Every message between the nodes and every client operation, laid out in time">
      Space-time diagram
    </button>
  );
}

export function setOpen(open: boolean): void {
  spacetimeStore.setState({ open });
  setTraceWanted(open);
}

export function SpaceTimePanel() {
  const open = useSpacetime((s) => s.open);
  if (!open) return null;
  return <Panel />;
}

function Panel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** draws the current window now, all in the SVG (an export reads it right after) */
  const drawStill = useRef<() => void>(() => undefined);
  const boxRef = useRef<HTMLDivElement>(null);
  const win = useRef<Win>({ spanUs: DEFAULT_SPAN_US, endUs: 0, followNow: true });
  const [following, setFollowing] = useState(true);
  const [selected, setSelected] = useState<Explanation | null>(null);
  /** a message chosen by a click on its arrow (its index in the book) */
  const [message, setMessage] = useState<number | null>(null);
  const messageRef = useRef<number | null>(null);
  messageRef.current = message;
  const showKeepalives = useSpacetime((s) => s.showKeepalives);
  const follow = useSpacetime((s) => s.follow);
  const status = useRef<HTMLParagraphElement>(null);
  const lanesRef = useRef<LaneLayout | null>(null);
  const redraw = useRef(true);
  const selectedRef = useRef<Explanation | null>(null);
  selectedRef.current = selected;

  // one frame's drawing, outside React
  useEffect(() => {
    let lastKey = "";
    let lastStatus = -Infinity;
    const unPalette = onPaletteChange(() => { redraw.current = true; });
    const frame = (still: boolean) => {
      const svg = svgRef.current, box = boxRef.current, canvas = canvasRef.current;
      const lab = labStore.getState();
      const snap = lab.snapshot;
      if (!svg || !box || !snap) return;
      // live: the arrows and bars on the canvas (figure.ts says why); still: all in the SVG
      const live = !still && !lab.paused && lab.status === "running" && canvas !== null;
      const book = traceBook();
      const w = win.current;
      const nowUs = snap.nowUs;
      if (w.followNow) w.endUs = nowUs;
      const fromUs = w.endUs - w.spanUs, toUs = w.endUs;
      const width = box.clientWidth;
      const st = spacetimeStore.getState();
      const cursorUs = selectionStore.getState().selected?.atUs ?? null;
      const key = `${live}|${cursorUs}|${book.version}|${fromUs}|${toUs}|${nowUs}|${width}|${st.showKeepalives}|${JSON.stringify(st.follow)}|${selectedKey(selectedRef.current)}|${messageRef.current}`;
      if (key === lastKey && !redraw.current && !still) return;
      lastKey = still ? "" : key;
      redraw.current = false;
      const t0 = performance.now();
      const found = highlightOf(book, selectedRef.current, st.follow, fromUs, toUs);
      // a chosen message is drawn thick (as an explanation's WAL message is)
      const highlight = messageRef.current === null ? found : { ...found, wal: messageRef.current, messages: new Set([...found.messages, messageRef.current]) };
      const drawn = drawFigure(svg, book, { fromUs, toUs, nowUs, showKeepalives: st.showKeepalives, highlight, cursorUs }, width, live ? canvas : null);
      if (!live && canvas) clearCanvas(canvas);
      const { diagram, lanes } = drawn;
      setLastDrawn(drawn);
      Object.assign(frameStats, { messages: diagram.arrows.length, segments: drawn.segments, spans: diagram.spans.length,
        drawMs: performance.now() - t0, frames: frameStats.frames + 1, canvas: live });
      lanesRef.current = lanes;
      syncZoom(svg, fromUs, toUs, width);
      // the words under the figure: while live at most 4 times a second (each change lays the panel out again)
      if (status.current && (!live || t0 - lastStatus >= STATUS_EVERY_MS)) {
        lastStatus = t0;
        status.current.textContent = `Showing ${secondsText(Math.max(0, fromUs))} – ${secondsText(toUs)}: ${plural(diagram.arrows.length, "message")}` +
          `${diagram.folded > 0 ? ` (${plural(diagram.folded, "keepalive or empty reply", "keepalives and empty replies")} folded)` : ""}, ${plural(diagram.spans.length, "operation")}, ` +
          `${plural(diagram.bands.length, "fault band")}.${book.truncated ? ` The trace kept starts at ${secondsText(book.startUs())}.` : ""}`;
      }
    };
    drawStill.current = () => frame(true);
    const stop = onFrame(() => frame(false));
    return () => { stop(); unPalette(); setLastDrawn(null); };
  }, []);

  const chooseOpRef = useRef<(op: number) => void>(() => undefined);
  const chooseMessageRef = useRef<(index: number) => void>(() => undefined);
  // zoom and pan (d3-zoom), the minimap, clicks on operations
  useEffect(() => {
    const svg = svgRef.current!;
    const zoom = d3.zoom<SVGSVGElement, unknown>()
      .scaleExtent([1e6 / MAX_SPAN_US, 1e6 / MIN_SPAN_US])
      .filter((ev: Event) => {
        const lanes = lanesRef.current;
        const y = (ev as MouseEvent).offsetY;
        return !(lanes && typeof y === "number" && isInMinimap(lanes, y)) && !(ev as MouseEvent).button;
      })
      .on("zoom", (ev: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        if (!ev.sourceEvent) return;
        const [from, to] = ev.transform.rescaleX(baseScale(svg.clientWidth)).domain() as [number, number];
        setWindow(to - from, to);
      });
    d3.select(svg).call(zoom).on("dblclick.zoom", null);
    const onDown = (ev: PointerEvent) => {
      const lanes = lanesRef.current;
      const snap = labStore.getState().snapshot;
      if (!lanes || !snap || !isInMinimap(lanes, ev.offsetY)) return;
      const t = minimapTimeAt(traceBook(), snap.nowUs, svg.clientWidth, ev.offsetX);
      if (t !== null) setWindow(win.current.spanUs, t + win.current.spanUs / 2);
    };
    // bars are drawn as one path per colour: a click finds its bar by position
    const onClick = (ev: MouseEvent) => {
      const drawn = lastDrawn();
      if (!drawn) return;
      const s = spanAt(drawn, ev.offsetX, ev.offsetY);
      if (s) return chooseOpRef.current(s.span.op);
      const a = arrowAt(drawn, ev.offsetX, ev.offsetY);
      if (a) chooseMessageRef.current(a.index);
    };
    svg.addEventListener("pointerdown", onDown);
    svg.addEventListener("click", onClick);
    const unHover = attachSpanHover(svg, lastDrawn);
    return () => {
      svg.removeEventListener("pointerdown", onDown); svg.removeEventListener("click", onClick); unHover(); d3.select(svg).on(".zoom", null);
    };
  }, []);

  function setWindow(spanUs: number, endUs: number): void {
    const snap = labStore.getState().snapshot;
    const now = snap?.nowUs ?? 0;
    const span = Math.min(MAX_SPAN_US, Math.max(MIN_SPAN_US, spanUs));
    const followNow = endUs >= now;
    win.current = { spanUs: span, endUs: followNow ? now : endUs, followNow };
    setFollowing(followNow);
  }

  function chooseOp(op: number): void {
    setMessage(null);
    const book = traceBook();
    const a = book.anomalies.find((x) => x.read === op || (x.kind === "lost-write" && x.write === op));
    const span = book.spans.get(op);
    if (a) return choose(a);
    setSelected(null);
    if (span) selectEvent({ atUs: span.invokeUs, op, logSeq: null, source: "diagram" });
  }

  chooseOpRef.current = chooseOp;

  function chooseMessage(index: number): void {
    const book = traceBook();
    if (index >= book.count) return;
    setSelected(null);
    setMessage(index);
    selectEvent({ atUs: book.sentUs[index]!, op: null, logSeq: null, source: "diagram" });
  }

  chooseMessageRef.current = chooseMessage;

  function choose(a: Anomaly): void {
    setMessage(null);
    const e = explain(traceBook(), a);
    setSelected(e);
    if (!e) return;
    selectEvent({ atUs: a.atUs, op: a.read ?? a.write, logSeq: null, source: "diagram" });
    const pad = Math.max(5_000, (e.toUs - e.fromUs) * 0.4);
    setWindow(e.toUs - e.fromUs + 2 * pad, e.toUs + pad);
  }

  // another view selected an event (the event log, the Timeline): show its moment, now and when it changes
  useEffect(() => {
    const show = (sel: SelectedEvent | null) => {
      if (sel && sel.source !== "diagram") setWindow(win.current.spanUs, sel.atUs + win.current.spanUs / 2);
    };
    show(selectionStore.getState().selected);
    return selectionStore.subscribe((s, prev) => { if (s.selected !== prev.selected) show(s.selected); });
  }, []);

  // over the main area: below the top bar, beside the controls (which stay usable)
  const panelRef = useRef<HTMLElement>(null);
  useOverMain(panelRef);

  const zoomBy = (f: number) => setWindow(win.current.spanUs * f, win.current.endUs - (win.current.spanUs * (1 - f)) / 2);
  const panBy = (f: number) => setWindow(win.current.spanUs, win.current.endUs + win.current.spanUs * f);

  return (
    <section ref={panelRef} className="spacetime-panel" aria-labelledby="spacetime-title">
      <div className="spacetime-head">
        <h2 id="spacetime-title">Space-time diagram</h2>
        <p className="muted small spacetime-caption">
          Time runs left to right. Each line is a node (bold) or a client session. Arrows are messages: WAL sent by the primary
          (blue), standby replies saying what it has written, flushed (green) or replayed (purple). Bars on a session are its
          operations, from request to answer; red ones are stale reads or lost writes. Shaded bands are faults.
        </p>
        <div className="row wrap" role="group" aria-label="Diagram view">
          <button type="button" onClick={() => panBy(-0.5)} title="Move the window back in time">Earlier</button>
          <button type="button" onClick={() => panBy(0.5)} title="Move the window forward in time">Later</button>
          <button type="button" onClick={() => zoomBy(0.5)} aria-label="Zoom in">Zoom in</button>
          <button type="button" onClick={() => zoomBy(2)} aria-label="Zoom out">Zoom out</button>
          <button type="button" aria-pressed={following} onClick={() => setWindow(win.current.spanUs, Infinity)}
            title="Keep the window's right edge at the run's present">Follow now</button>
          <label className="row small">
            <input type="checkbox" checked={showKeepalives} onChange={(e) => spacetimeStore.setState({ showKeepalives: e.target.checked })} />
            Show keepalives
          </label>
          <FollowPicker />
          <span className="spacer" />
          <ExportButtons svgRef={svgRef} beforeExport={() => drawStill.current()} />
          <button type="button" onClick={() => setOpen(false)}>Close</button>
        </div>
      </div>
      <div className="spacetime-body">
        <div className="spacetime-figure" ref={boxRef}>
          <div className="spacetime-stage">
            <canvas ref={canvasRef} className="spacetime-canvas" aria-hidden="true" hidden />
            <svg ref={svgRef} id="spacetime-svg" role="figure" aria-label="Space-time diagram" aria-describedby="spacetime-status" />
          </div>
          <p id="spacetime-status" ref={status} className="muted small" aria-live="off" />
          {follow && (
            <p className="small">Following {follow.kind} <b>{follow.name}</b>: everything else is dimmed.{" "}
              <button type="button" className="linkish" onClick={() => spacetimeStore.setState({ follow: null })}>Stop following</button></p>
          )}
        </div>
        <Findings selected={selected} message={message} onChoose={choose}
          onClear={() => { setSelected(null); setMessage(null); selectEvent(null); }} />
      </div>
    </section>
  );
}

function selectedKey(e: Explanation | null): string {
  return e ? `${e.anomaly.kind}:${e.anomaly.read}:${e.anomaly.write}:${e.anomaly.atUs}` : "";
}

/** x for the zoom's transform: 1 s over the plot at scale 1. */
function baseScale(width: number): d3.ScaleLinear<number, number> {
  const plotW = Math.max(50, width - LABEL_W - 8);
  return d3.scaleLinear().domain([0, 1e6]).range([LABEL_W, LABEL_W + plotW]);
}

/** Keep d3-zoom's stored transform equal to the window shown, so a gesture starts from it. */
function syncZoom(svg: SVGSVGElement, fromUs: number, toUs: number, width: number): void {
  const plotW = Math.max(50, width - LABEL_W - 8);
  const k = 1e6 / Math.max(1, toUs - fromUs);
  const tx = LABEL_W - k * (LABEL_W + (fromUs * plotW) / 1e6);
  (svg as SVGSVGElement & { __zoom?: d3.ZoomTransform }).__zoom = d3.zoomIdentity.translate(tx, 0).scale(k);
}

function FollowPicker() {
  const follow = useSpacetime((s) => s.follow);
  // re-rendered only when a session or a key is first seen (or the book is replaced), not every snapshot
  const names = useSpacetime(() => `${traceBook().id}|${traceBook().namesVersion}|${traceBook().sessions.length}|${traceBook().keys.size}`);
  const { keys, sessions } = useMemo(() => {
    void names;
    const book = traceBook();
    return { keys: [...book.keys].sort().slice(0, 200), sessions: [...book.sessions].sort().slice(0, 100) };
  }, [names]);
  const value = follow ? `${follow.kind}\u0000${follow.name}` : "";
  return (
    <label className="row small">
      Follow
      <select aria-label="Follow a key or a session" value={value} onChange={(e) => {
        const v = e.target.value;
        if (!v) return spacetimeStore.setState({ follow: null });
        const [kind, name] = v.split("\u0000") as ["key" | "session", string];
        spacetimeStore.setState({ follow: { kind, name } });
      }}>
        <option value="">nothing (show all)</option>
        {follow && !(follow.kind === "key" ? keys : sessions).includes(follow.name) &&
          <option value={value}>{follow.kind} {follow.name}</option>}
        <optgroup label="a session">
          {sessions.map((s) => <option key={`s${s}`} value={`session\u0000${s}`}>session {s}</option>)}
        </optgroup>
        <optgroup label="a key">
          {keys.map((k) => <option key={`k${k}`} value={`key\u0000${k}`}>key {k}</option>)}
        </optgroup>
      </select>
    </label>
  );
}

const FINDING_WORDS: Record<Anomaly["kind"], string> = {
  "stale-read": "Stale read", "read-your-writes": "Missed own write", "monotonic-read": "Went back in time", "lost-write": "Lost write",
};

function Findings({ selected, message, onChoose, onClear }: {
  selected: Explanation | null; message: number | null; onChoose: (a: Anomaly) => void; onClear: () => void;
}) {
  // re-rendered when a finding is added (or the book is replaced), not every snapshot
  const found = useSpacetime(() => `${traceBook().id}|${traceBook().anomalies.length}`);
  const list = useMemo(() => {
    void found;
    return traceBook().anomalies.slice(-100).reverse();
  }, [found]);
  return (
    <aside className="spacetime-findings" aria-label="Findings">
      <h3>Findings</h3>
      {selected && (
        <div className="explanation" role="region" aria-label="Explanation">
          <h4>{selected.title}</h4>
          {selected.lets.map((l) => <p key={l}>{l}</p>)}
          <p><b>{selected.then}</b></p>
          <button type="button" className="linkish" onClick={onClear}>Clear</button>
        </div>
      )}
      {message !== null && <MessageBox index={message} onClear={onClear} />}
      {list.length === 0 ? <p className="muted small">No stale read or lost write yet. Click an operation bar to see it.</p> : (
        <ul className="finding-list">
          {list.map((a) => {
            const who = `${a.process}, ${a.key}, ${secondsText(a.atUs)}`;
            const on = selected?.anomaly === a;
            return (
              <li key={`${a.kind}${a.read}${a.write}${a.atUs}`}>
                <button type="button" aria-pressed={on} onClick={() => onChoose(a)}>
                  <span className={a.kind === "lost-write" ? "bad" : "warn"}>{FINDING_WORDS[a.kind]}</span> {who}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}

/** A message chosen in the figure: what it said, between which nodes, when. */
function MessageBox({ index, onClear }: { index: number; onClear: () => void }) {
  const book = traceBook();
  if (index >= book.count) return null;
  const from = book.names[book.from[index]!] ?? "?", to = book.names[book.to[index]!] ?? "?";
  const sent = book.sentUs[index]!, arrived = book.arriveUs[index]!;
  return (
    <div className="explanation message-box" role="region" aria-label="Message">
      <h4>{labelOf(book, index)}</h4>
      <p>{from} → {to}: sent at {secondsText(sent)}, arrived at {secondsText(arrived)} ({((arrived - sent) / 1000).toFixed(3)} ms on the wire).</p>
      <p className="small muted">The event log (under this panel) marks its last line by then.</p>
      <button type="button" className="linkish" onClick={onClear}>Clear</button>
    </div>
  );
}
