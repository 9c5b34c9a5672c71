/*
 * WAL lanes panel: two canvases redrawn from labStore in the frame loop (strips and markers when
 * a snapshot arrives; words a few times a second) and, for screen readers, a table of the same
 * positions refreshed once a second.
 */
import { glossaryTerm, Term } from "./glossary";
import { useEffect, useRef } from "react";
import { labStore, useLab } from "../store";
import { buildLanes, headLsn, nextSpanBytes, GAP_LABEL, type Lane } from "./lanes";
import { laneGeometry, lanesHeight } from "./laneScale";
import { drawLaneStrips, stripSignature } from "./lanesCanvas";
import { drawLaneText } from "./lanesText";
import { fitCanvas, useElementSize, useThrottledLab } from "./hooks";
import { onFrame } from "./frameLoop";
import { onPaletteChange, palette } from "./palette";
import { useFontSizePx } from "./usePalette";
import { useSystem, viewSettings } from "./settings";
import { formatBytes, formatDurationUs } from "./format";
import { BINLOG_BASENAME, formatPosition, type LogWords } from "../../text/position";

/**
 * The words drawn on the canvas explained as any term on the page: transparent spots over
 * "head 0/193" (an LSN), each lane's "… · TL 1" (a timeline) and its right column (the gaps and
 * where it asks for WAL from). Hover shows the explanation; the first of each kind takes keyboard
 * focus too (one Tab stop each, not one per lane).
 */
function LaneHotspots({ geometry: g, rows, words }: { geometry: ReturnType<typeof laneGeometry>; rows: number; words: LogWords }) {
  const spot = (key: string, term: string, left: number, top: number, width: number, height: number, focusable: boolean) => (
    <a key={key} className="rl-hotspot" data-term={term} href={`#glossary-${term}`} tabIndex={focusable ? 0 : -1}
      aria-label={glossaryTerm(term).term} aria-describedby={`glossary-text-${term}`}
      style={{ left, top, width, height }} />
  );
  const spots = [spot("head", words === "mysql" ? "binlog" : "lsn", g.width - g.fontPx * 8, 0, g.fontPx * 8, g.axisH, true)];
  for (let r = 0; r < rows; r++) {
    const top = g.axisH + r * g.rowH;
    spots.push(spot(`tl${r}`, "timeline", 0, top + g.rowH * 0.5, g.labelW, g.rowH * 0.5, r === 0));
    spots.push(spot(`gap${r}`, r === 0 ? (words === "mysql" ? "binlog" : "wal") : "replica-gap", g.width - g.summaryW, top, g.summaryW, g.rowH * 0.5, r === 1));
  }
  return <>{spots}</>;
}

/** The window eases to a new span over about this long, so a step in span is not a jump. */
const SPAN_EASE_MS = 300;
/** The words are redrawn at most this often. */
const TEXT_EVERY_MS = 250;
/** The strips at most this often: 30 Hz reads as smooth for markers that creep, at half the cost. */
const STRIPS_EVERY_MS = 30;

export function WalLanes() {
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  const rows = useLab((s) => s.snapshot?.nodes.length ?? 0);
  const fontPx = useFontSizePx();
  const geometry = laneGeometry(size.width, fontPx);
  const height = lanesHeight(geometry, rows);
  const words: LogWords = useSystem() === "mysql" ? "mysql" : "postgres";
  const { stripsRef, textRef } = useLaneCanvas(size.width, height, fontPx, words);
  const mysql = words === "mysql";
  return (
    <section className="panel rl-panel rl-lanes" aria-labelledby="rl-lanes-title">
      <div className="rl-panel__head">
        <h2 id="rl-lanes-title">{mysql ? "Binary log lanes" : "WAL lanes"}</h2>
        <span className="rl-panel__note">each strip is that node's log, newest bytes on the right</span>
      </div>
      <div className="rl-legend" aria-hidden="true">
        <span className="rl-legend__item"><i className="rl-bar rl-bar--insert" />{mysql ? "source's binary log" : "primary insert"}</span>
        <span className="rl-legend__item"><i className="rl-bar rl-bar--flush" />flush</span>
        <span className="rl-legend__item"><i className="rl-tri" />{mysql ? "sent by the source" : "sent by the primary"}</span>
        <span className="rl-legend__item"><i className="rl-bar rl-bar--write" />{mysql ? "in the relay log (I/O thread)" : "write (received)"}</span>
        <span className="rl-legend__item"><i className="rl-bar rl-bar--replay" />{mysql ? "applied (SQL thread)" : "replay"}</span>
        <span className="rl-legend__item"><i className="rl-span rl-span--wire" />on the wire</span>
        <span className="rl-legend__item"><i className="rl-bracket" />{mysql ? "oldest binary log kept" : "oldest WAL kept"}</span>
      </div>
      {mysql ? (
        <p className="rl-lanes__terms">
          Each replica's right column: its <Term id="replica-gap">own gap</Term> (events its SQL thread has not applied) and its{" "}
          <Term id="seconds-behind-source">Seconds_Behind_Source</Term>, both the replica's own (SHOW REPLICA STATUS): its source is
          told only the semi-sync ACKs. Positions are byte positions in the source's <Term id="binlog">binary log</Term> file {BINLOG_BASENAME}.000001;{" "}
          <Term id="timeline">TL</Term> is the model's timeline (MySQL has none; here it counts promotions).
        </p>
      ) : (
        <p className="rl-lanes__terms">
          Each replica's right column: its <Term id="replica-gap">own gap</Term> (WAL it has not replayed) and the{" "}
          <Term id="reported-gap">reported</Term> gap (what the primary has been told, as in{" "}
          <Term id="pg-stat-replication" />). Positions are <Term id="lsn">LSNs</Term>; <Term id="timeline">TL</Term> is the timeline.
        </p>
      )}
      <div className="rl-lanes__box" ref={boxRef}>
        <canvas ref={stripsRef} style={{ height }} aria-hidden="true" />
        <canvas ref={textRef} className="rl-lanes__text" style={{ height }} aria-hidden="true" />
        <LaneHotspots geometry={geometry} rows={rows} words={words} />
      </div>
      <LanesTable words={words} />
    </section>
  );
}

function useLaneCanvas(width: number, height: number, fontPx: number, words: LogWords) {
  const stripsRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLCanvasElement>(null);
  // The frame loop reads these through a ref: a new geometry or new words redraw the text.
  const geoRef = useRef({ width, height, fontPx, words });
  useEffect(() => {
    geoRef.current = { width, height, fontPx, words };
  }, [width, height, fontPx, words]);
  useEffect(() => {
    let seen: unknown = null;
    let seenGeo: unknown = null;
    let lanes: Lane[] = [];
    let head = 0;
    let target = 4096;
    let span = 4096;
    let last = 0;
    let stripsDirty = true;
    let textDirty = true;
    let textAt = -Infinity;
    let drawnSig = "";
    let stripsAt = -Infinity;
    const offPalette = onPaletteChange(() => {
      stripsDirty = true;
      drawnSig = "";
      textAt = -Infinity;
    });
    const offFrame = onFrame((now) => {
      const strips = stripsRef.current;
      const text = textRef.current;
      const geo = geoRef.current;
      const snap = labStore.getState().snapshot;
      const dt = last === 0 ? 16 : now - last;
      last = now;
      if (!strips || !text || !snap || geo.width === 0) return;
      if (snap !== seen || geo !== seenGeo) {
        if (geo !== seenGeo) textAt = -Infinity;
        lanes = buildLanes(snap, geoRef.current.words);
        head = headLsn(snap);
        target = nextSpanBytes(target, lanes, head);
        seen = snap;
        seenGeo = geo;
        stripsDirty = textDirty = true;
      }
      const easing = span !== target;
      if (easing) {
        // Ease in log space: doubling and halving look equally fast.
        const k = 1 - Math.exp(-dt / (SPAN_EASE_MS / 3));
        span = Math.exp(Math.log(span) + (Math.log(target) - Math.log(span)) * k);
        if (Math.abs(span - target) / target < 0.01) span = target;
        stripsDirty = textDirty = true;
      }
      const g = laneGeometry(geo.width, geo.fontPx);
      if (stripsDirty && (easing || now - stripsAt >= STRIPS_EVERY_MS)) {
        stripsDirty = false;
        stripsAt = now;
        const sig = stripSignature(g, lanes, head, span);
        if (sig !== drawnSig) {
          drawnSig = sig;
          repaint(strips, geo.width, geo.height, (ctx) => drawLaneStrips(ctx, g, lanes, head, span, palette()));
        }
      }
      if (textDirty && (easing || now - textAt >= TEXT_EVERY_MS)) {
        textDirty = false;
        textAt = now;
        const warnUs = viewSettings.getState().lagThresholdMs * 1000;
        repaint(text, geo.width, geo.height, (ctx) => drawLaneText(ctx, g, lanes, head, span, palette(), warnUs, geo.words));
      }
    }, { mainArea: true });
    return () => {
      offFrame();
      offPalette();
    };
  }, []);
  return { stripsRef, textRef };
}

function repaint(canvas: HTMLCanvasElement, width: number, height: number, draw: (ctx: CanvasRenderingContext2D) => void): void {
  const ctx = fitCanvas(canvas, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  draw(ctx);
}

/** The lanes in words: a visually hidden table, refreshed once a second. */
function LanesTable({ words }: { words: LogWords }) {
  const lanes = useThrottledLab((s) => (s.snapshot ? buildLanes(s.snapshot, words) : []), 1000);
  // The wrapper, not the table, is visually hidden: a clipped table still widens the page.
  return (
    <div className="sr-only">
      <table>
        <caption>{words === "mysql" ? "Binary log positions" : "WAL positions"} per node (bytes) and what each replica still lacks</caption>
        <thead>
          <tr><th scope="col">node</th><th scope="col">state</th><th scope="col">positions</th><th scope="col">gaps</th></tr>
        </thead>
        <tbody>
          {lanes.map((l) => (
            <tr key={l.name}>
              <th scope="row">{l.name}</th>
              <td>{l.role}, {l.state}, timeline {l.timeline}</td>
              <td>{l.markers.map((m) => `${m.stage} ${formatPosition(m.lsn, words)}`).join(", ")}</td>
              <td>{l.gaps.map((g) => `${GAP_LABEL[g.kind]}: ${formatBytes(g.bytes)}${g.lagUs !== null ? `, ${formatDurationUs(g.lagUs)}` : ""}`).join("; ")}
                {l.role === "replica" && (words === "mysql"
                  ? `; own gap ${formatBytes(l.ownGapBytes)}, Seconds_Behind_Source ${l.replayLagUs === null ? "NULL" : Math.floor(l.replayLagUs / 1e6)}`
                  : `; own gap ${formatBytes(l.ownGapBytes)}, reported gap ${l.reportedGapBytes === null ? "none (not connected)" : formatBytes(l.reportedGapBytes)}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
