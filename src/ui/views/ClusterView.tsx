/*
 * The cluster: primary in the middle, replicas around it, WAL records travelling out and ACKs
 * coming back. Three layers: SVG links, a canvas of dots redrawn every animation frame from
 * labStore.getState() in the shared frame loop (never through React), and HTML cards that React
 * re-renders only when the structure changes (a node added, a role or state changed, a link cut)
 * or, four times a second at most, when a card's figures do (what a promotion would lose).
 * Under the picture: the problems that stop a node (in full), and the commits waiting.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { labStore, useLab, virtualNowUs } from "../store";
import { figuresByName, figuresKey, NO_FIGURES, structureKey, type ClusterStructure } from "./clusterModel";
import { assignSlots, cardOf, starLayout, type SlotAssignment, type StarLayout } from "./layout";
import { prepareDots, drawDots, dotCount, type DotBatches } from "./dots";
import { flashesSince } from "./logKinds";
import { fitCanvas, useElementSize, useThrottledLab } from "./hooks";
import { onFrame } from "./frameLoop";
import { onPaletteChange, palette } from "./palette";
import { useFontSizePx } from "./usePalette";
import { NodeCard } from "./NodeCard";
import { ClusterLinks } from "./ClusterLinks";
import { ClusterLegend, WaitingCommits } from "./ClusterOverlay";
import { BlockagePanel } from "./BlockagePanel";

const FLASH_MS = 1600;
const FIGURES_EVERY_MS = 250;

export function ClusterView() {
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  const key = useLab((s) => structureKey(s.snapshot));
  const structure = useMemo<ClusterStructure>(() => JSON.parse(key) as ClusterStructure, [key]);
  const figuresJson = useThrottledLab((s) => figuresKey(s.snapshot), FIGURES_EVERY_MS);
  const figures = useMemo(() => figuresByName(figuresJson), [figuresJson]);
  const fontPx = useFontSizePx();
  const slots = useStableSlots(structure);
  // Three lines: name and role, state and timeline, then a problem or what a promotion loses.
  const layout = useMemo(
    () => starLayout(slots, size.width, size.height, { width: Math.round(fontPx * 9.5), height: Math.round(fontPx * 4.2) },
      { width: Math.round(fontPx * 5.6), height: Math.round(fontPx * 2.7) }),
    [slots, size.width, size.height, fontPx]);
  const canvasRef = useDotCanvas(layout, slots.center, size.width, size.height);
  useFlashingCards(boxRef);

  return (
    <section className="panel rl-panel rl-cluster" aria-labelledby="rl-cluster-title">
      <div className="rl-panel__head">
        <h2 id="rl-cluster-title">Cluster</h2>
        <span className="rl-panel__note">WAL goes out from the primary, ACKs come back; a card flashes when it serves a stale read</span>
      </div>
      <div className="rl-cluster__stage" ref={boxRef}>
        <ClusterLinks links={structure.links} nodes={structure.nodes} positions={layout.positions} width={size.width} height={size.height} />
        <canvas ref={canvasRef} className="rl-cluster__dots" aria-hidden="true" />
        {structure.nodes.map((n) => {
          const p = layout.positions.get(n.name);
          if (!p) return null;
          const card = cardOf(layout, n.name, slots.center);
          const f = figures.get(n.name) ?? NO_FIGURES;
          return <NodeCard key={n.name} node={n} x={p.x} y={p.y} width={card.width} height={card.height}
            compact={layout.compact && n.name !== slots.center} wouldLose={f.wouldLose}
            wouldLoseAtLeast={f.wouldLoseAtLeast} walRetainedBytes={f.walRetainedBytes} />;
        })}
        {structure.nodes.length === 0 && <p className="rl-empty">Waiting for the first snapshot…</p>}
      </div>
      <NodeProblems nodes={structure.nodes} />
      <WaitingCommits />
      <BlockagePanel />
      <ClusterLegend compact={layout.compact} />
    </section>
  );
}

/** Why a running node cannot do its job, in full: a card has room for a few words only. */
function NodeProblems({ nodes }: { nodes: ClusterStructure["nodes"] }) {
  const troubled = nodes.filter((n) => n.problem !== null && n.state !== "down");
  if (troubled.length === 0) return null;
  return (
    <ul className="rl-problems" aria-label="Node problems" data-testid="node-problems">
      {troubled.map((n) => (
        <li key={n.name}><span aria-hidden="true">⚠ </span><strong>{n.name}</strong>: {n.problem}</li>
      ))}
    </ul>
  );
}

/** Seats persist across snapshots so a failover swaps two nodes instead of reshuffling all. */
function useStableSlots(structure: ClusterStructure): SlotAssignment {
  const names = structure.nodes.map((n) => n.name);
  const slotKey = `${names.join(",")}|${structure.primary ?? ""}`;
  const [state, setState] = useState<{ key: string; slots: SlotAssignment }>(() => ({
    key: slotKey, slots: assignSlots(null, names, structure.primary),
  }));
  if (state.key !== slotKey) {
    // Adjusting state while rendering (React's "storing information from previous renders").
    const next = { key: slotKey, slots: assignSlots(state.slots, names, structure.primary) };
    setState(next);
    return next.slots;
  }
  return state.slots;
}

/** The dot layer: prepared once per snapshot, interpolated every frame. */
function useDotCanvas(layout: StarLayout, center: string | null, width: number, height: number) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef({ layout, center, width, height });
  useEffect(() => {
    layoutRef.current = { layout, center, width, height };
  }, [layout, center, width, height]);
  useEffect(() => {
    let seen: unknown = null;
    let seenLayout: unknown = null;
    let batches: DotBatches = new Map();
    let drawnAt = -1;
    let drawnCount = -1;
    // A theme change while paused must still recolour the dots.
    const offPalette = onPaletteChange(() => {
      drawnAt = -1;
      drawnCount = -1;
    });
    const offFrame = onFrame((wallNow) => {
      const canvas = canvasRef.current;
      const geo = layoutRef.current;
      if (!canvas || geo.width === 0) return;
      const state = labStore.getState();
      const snap = state.snapshot;
      if (!snap) return;
      const fresh = snap !== seen || geo !== seenLayout;
      if (fresh) {
        batches = prepareDots(snap, geo.layout.positions, (name) => cardOf(geo.layout, name, geo.center));
        seen = snap;
        seenLayout = geo;
      }
      const nowUs = virtualNowUs(state, wallNow);
      if (!fresh && nowUs === drawnAt) return; // paused: the picture has not moved
      const count = dotCount(batches);
      if (count === 0 && drawnCount === 0) return; // nothing in flight, nothing on the canvas
      drawnAt = nowUs;
      drawnCount = count;
      const ctx = fitCanvas(canvas, geo.width, geo.height);
      if (!ctx) return;
      ctx.clearRect(0, 0, geo.width, geo.height);
      drawDots(ctx, batches, nowUs, palette());
    });
    return () => {
      offFrame();
      offPalette();
    };
  }, []);
  return canvasRef;
}

/**
 * Flash a card when the log says something bad happened on that node (a stale read it served,
 * a lost write). Done on the element directly: a flash is a transient effect, not structure.
 */
function useFlashingCards(stage: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    let lastSeq = labStore.getState().log.at(-1)?.seq ?? -1;
    let lastLog = labStore.getState().log;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const unsubscribe = labStore.subscribe((state) => {
      if (state.log === lastLog) return;
      lastLog = state.log;
      const newest = state.log.at(-1)?.seq ?? -1;
      if (newest < lastSeq) {
        // A new run started its log afresh: resynchronise without flashing its history.
        lastSeq = newest;
        return;
      }
      for (const f of flashesSince(state.log, lastSeq)) {
        const el = stage.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(f.node)}"]`);
        if (!el) continue;
        el.dataset.flash = f.label;
        el.classList.add("rl-node--flash");
        clearTimeout(timers.get(f.node));
        timers.set(f.node, setTimeout(() => {
          el.classList.remove("rl-node--flash");
          delete el.dataset.flash;
          timers.delete(f.node);
        }, FLASH_MS));
      }
      lastSeq = state.log.at(-1)?.seq ?? lastSeq;
    });
    return () => {
      unsubscribe();
      for (const t of timers.values()) clearTimeout(t);
    };
  }, [stage]);
}
