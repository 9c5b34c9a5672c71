/*
 * The cluster picture, as the articles draw it: the client and the primary on top, the replicas
 * below, each node with its log as a tape of records at their LSNs; WAL records travel down,
 * ACKs climb back labelled with why the standby sent them (write / flush / apply). With more
 * replicas than fit on a row, the star layout takes over with compact cards. Three layers: SVG
 * links, a canvas of message tokens redrawn every animation frame from labStore.getState() in the
 * shared frame loop (never through React), and HTML cards (and the client) that React re-renders
 * when the structure changes or, a few times a second, when their figures and tapes do.
 * Under the picture: the problems that stop a node (in full), and the commits waiting.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { labStore, useLab, virtualNowUs } from "../store";
import { figuresByName, figuresKey, NO_FIGURES, structureKey, type ClusterStructure } from "./clusterModel";
import { assignSlots, cardOf, starLayout, type SlotAssignment } from "./layout";
import { drawnTokens, drawTokens, NO_TOKENS, prepareTokens, rememberDrawn, type PreparedTokens } from "./picture/tokens";
import { SpriteCache } from "./picture/sprites";
import { treeLayout, type PictureLayout } from "./picture/treeLayout";
import { ClientBox } from "./picture/ClientBox";
import { tapeCells, type TapeCell } from "./picture/tape";
import type { Snapshot } from "../../engine/views";
import { flashesSince } from "./logKinds";
import { fitCanvas, useElementSize, useThrottledLab } from "./hooks";
import { labViewsHook, onFrame } from "./frameLoop";
import { onPaletteChange, palette } from "./palette";
import { useFontSizePx, usePresenter } from "./usePalette";
import { NodeCard } from "./NodeCard";
import { ClusterLinks } from "./ClusterLinks";
import { ClusterLegend, WaitingCommits } from "./ClusterOverlay";
import { BlockagePanel } from "./BlockagePanel";
import { useSystem, type DatabaseSystem } from "./settings";

const FLASH_MS = 1600;
const FIGURES_EVERY_MS = 250;
const TAPES_EVERY_MS = 120;

export function ClusterView() {
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  const key = useLab((s) => structureKey(s.snapshot));
  const structure = useMemo<ClusterStructure>(() => JSON.parse(key) as ClusterStructure, [key]);
  const figuresJson = useThrottledLab((s) => figuresKey(s.snapshot), FIGURES_EVERY_MS);
  const figures = useMemo(() => figuresByName(figuresJson), [figuresJson]);
  const fontPx = useFontSizePx();
  const presenter = usePresenter();
  const slots = useStableSlots(structure);
  const layout = usePictureLayout(slots, size.width, size.height, fontPx, presenter);
  const system = useSystem();
  const tapes = useTapes(layout.cells, slots.center, system);
  const canvasRef = useTokenCanvas(layout, slots.center, size.width, size.height, presenter);
  useFlashingCards(boxRef);

  return (
    <section className={`panel rl-panel rl-cluster${layout.cells > 0 ? " rl-cluster--tree" : ""}${layout.snug ? " rl-cluster--snug" : ""}`} aria-labelledby="rl-cluster-title">
      <div className="rl-panel__head">
        <h2 id="rl-cluster-title">Cluster</h2>
        <span className="rl-panel__note">{system === "mysql" ? "the client commits on the source; binlog events travel to the replicas, ACKs come back"
          : "the client commits on the primary; WAL records travel to the replicas, ACKs come back"}</span>
      </div>
      <div className="rl-cluster__stage" ref={boxRef}>
        <ClusterLinks links={structure.links} nodes={structure.nodes} positions={layout.positions} width={size.width} height={size.height}
          client={layout.client && slots.center ? { from: layout.client, to: layout.positions.get(slots.center) ?? null } : null} />
        {structure.nodes.map((n) => {
          const p = layout.positions.get(n.name);
          if (!p) return null;
          const card = cardOf(layout, n.name, slots.center);
          const f = figures.get(n.name) ?? NO_FIGURES;
          return <NodeCard key={n.name} node={n} x={p.x} y={p.y} width={card.width} height={card.height}
            compact={layout.compact && n.name !== slots.center} wouldLose={f.wouldLose}
            wouldLoseAtLeast={f.wouldLoseAtLeast} walRetainedBytes={f.walRetainedBytes} tape={tapes.get(n.name) ?? NO_CELLS} />;
        })}
        <canvas ref={canvasRef} className="rl-cluster__dots" aria-hidden="true" />
        {layout.client && <ClientBox box={layout.client} primary={structure.primary} />}
        {structure.nodes.length === 0 && <p className="rl-empty">Waiting for the first snapshot…</p>}
      </div>
      <NodeProblems nodes={structure.nodes} />
      <WaitingCommits quietWhenNone={layout.client !== null} />
      <BlockagePanel />
      <ClusterLegend compact={layout.compact} tapes={layout.cells > 0} />
    </section>
  );
}

const NO_CELLS: TapeCell[] = [];

/**
 * The tree while every replica gets a full card with its tape on one row; else the star with
 * compact cards. Card sizes follow the text size; in presenter mode no word is under 18 px.
 */
function usePictureLayout(slots: SlotAssignment, width: number, height: number, em: number, presenter: boolean): PictureLayout {
  return useMemo(() => {
    const small = presenter ? Math.max(18, em * 0.9) : em * 0.75;
    const sizes = {
      em, cardHeight: Math.round(em * 4.3 + small * 3.2), cellWidth: Math.round(Math.max(em * 3.2, small * 3.4)),
      client: { width: Math.round(em * 13), height: Math.round(em * 1.3 + small * 3) },
    };
    const tree = treeLayout(slots, width, height, sizes);
    if (tree) return tree;
    // A low box (1024×700 under a top bar of three rows) gets the tree with snug cards before the
    // star — the tapes are the picture's point: the third line sits beside a shorter tape, not above it.
    const snug = treeLayout(slots, width, height, { ...sizes, cardHeight: Math.round(em * 3.5 + small * 3.1), minWireEm: 2.2 });
    if (snug) return { ...snug, snug: true, cells: Math.max(1, Math.min(snug.cells, Math.floor((snug.card.width - em * 10) / sizes.cellWidth))) };
    const star = starLayout(slots, width, height, { width: Math.round(em * 9.5), height: Math.round(em * 4.2) },
      { width: Math.round(em * 5.6), height: Math.round(em * 2.7) });
    return { ...star, client: null, cells: 0 };
  }, [slots, width, height, em, presenter]);
}

/** Each node's tape, a few times a second (records arrive faster than anyone reads them). */
function useTapes(cells: number, center: string | null, system: DatabaseSystem): ReadonlyMap<string, TapeCell[]> {
  const key = useThrottledLab((s) => tapesKey(s.snapshot, cells, center, system), TAPES_EVERY_MS);
  return useMemo(() => new Map(JSON.parse(key) as [string, TapeCell[]][]), [key]);
}

function tapesKey(s: Snapshot | null, cells: number, center: string | null, system: DatabaseSystem): string {
  if (!s || cells === 0) return "[]";
  return JSON.stringify(s.nodes.map((n): [string, TapeCell[]] => [n.name, tapeCells(n, n.name === s.primary && n.name === center, s.wal, cells, system)]));
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

/** The message layer: prepared once per snapshot, interpolated every frame. */
function useTokenCanvas(layout: PictureLayout, center: string | null, width: number, height: number, presenter: boolean) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef({ layout, center, width, height, presenter });
  useEffect(() => {
    layoutRef.current = { layout, center, width, height, presenter };
  }, [layout, center, width, height, presenter]);
  useEffect(() => {
    let seen: unknown = null;
    let seenLayout: unknown = null;
    let tokens: PreparedTokens = NO_TOKENS;
    let drawnAt = -1;
    let drawnCount = -1;
    const sprites = new SpriteCache(palette(), 12, 1);
    let spriteKey = "";
    // A theme change while paused must still recolour the tokens.
    const offPalette = onPaletteChange(() => {
      drawnAt = -1;
      drawnCount = -1;
      spriteKey = "";
    });
    const offFrame = onFrame((wallNow) => {
      const canvas = canvasRef.current;
      const geo = layoutRef.current;
      if (!canvas || geo.width === 0) return;
      const state = labStore.getState();
      const snap = state.snapshot;
      if (!snap) return;
      const p = palette();
      const fontPx = tokenFontPx(p.fontSizePx, geo.presenter, geo.layout.compact);
      const dpr = window.devicePixelRatio || 1;
      const sk = `${fontPx}|${dpr}`;
      const restyled = sk !== spriteKey;
      if (restyled) {
        sprites.reset(p, fontPx, dpr);
        spriteKey = sk;
      }
      const fresh = restyled || snap !== seen || geo !== seenLayout;
      if (fresh) {
        tokens = prepareTokens(snap, geo.layout.positions, (name) => cardOf(geo.layout, name, geo.center), sprites, fontPx * 0.8);
        seen = snap;
        seenLayout = geo;
      }
      const nowUs = virtualNowUs(state, wallNow);
      if (!fresh && nowUs === drawnAt) return; // paused: the picture has not moved
      if (tokens.count === 0 && drawnCount === 0) return; // nothing in flight, nothing on the canvas
      drawnAt = nowUs;
      drawnCount = tokens.count;
      const ctx = fitCanvas(canvas, geo.width, geo.height);
      if (!ctx) return;
      ctx.clearRect(0, 0, geo.width, geo.height);
      const shapePx = Math.round(fontPx * 0.9);
      drawTokens(ctx, tokens, nowUs, { palette: p, sizePx: shapePx });
      rememberDrawn(tokens, shapePx);
    }, { mainArea: true });
    labViewsHook.tokens = drawnTokens;
    return () => {
      offFrame();
      offPalette();
    };
  }, []);
  return canvasRef;
}

/** The words on tokens: readable from the back of a room in presenter mode (18 px at least). */
function tokenFontPx(rootPx: number, presenter: boolean, compact: boolean): number {
  if (presenter) return Math.max(18, Math.round(rootPx * 0.9));
  return Math.round(rootPx * (compact ? 0.72 : 0.8));
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
