/*
 * One requestAnimationFrame loop for every canvas on the page. Each drawer is called once a
 * frame with the same wall time; the loop stops when no drawer is registered, so a hidden
 * panel costs nothing. Drawing happens here, outside React renders. Drawers of the main area are
 * skipped while a panel covers it (the space-time diagram, Compare, Sweep: setMainCovered), so
 * their work does not take the covering panel's frames; they draw again the frame it closes.
 */
export type Drawer = (wallNow: number) => void;

const drawers = new Set<Drawer>();
const mainAreaDrawers = new Set<Drawer>();
let mainCovered = false;

/** A panel covers the main area (true) or no longer does (false). */
export function setMainCovered(covered: boolean): void {
  mainCovered = covered;
}
let handle: number | null = null;

/** How long the drawers took in recent frames, ms: the benchmark reads it (window.__labViews). */
const COST_FRAMES = 600;
const costs = new Float64Array(COST_FRAMES);
let costCount = 0;

export function recentDrawCostsMs(): number[] {
  const n = Math.min(costCount, COST_FRAMES);
  return Array.from(costs.subarray(0, n));
}

/** The read-only test hook of the views: the benchmark and the browser tests read it. */
export interface LabViewsHook {
  drawCostsMs: () => number[];
  /** the message tokens the cluster picture drew last (its label and size) */
  tokens?: () => { style: string; label: string | null; width: number; height: number }[];
}

export const labViewsHook: LabViewsHook = { drawCostsMs: recentDrawCostsMs };

if (typeof window !== "undefined") {
  (window as Window & { __labViews?: LabViewsHook }).__labViews = labViewsHook;
}

function tick(now: number): void {
  handle = null;
  const t0 = performance.now();
  for (const draw of drawers) {
    if (mainCovered && mainAreaDrawers.has(draw)) continue;
    try {
      draw(now);
    } catch (err) {
      // One broken panel must not freeze the others; report and keep animating.
      console.error("replication-lab: a drawer failed", err);
    }
  }
  costs[costCount++ % COST_FRAMES] = performance.now() - t0;
  if (drawers.size > 0) handle = requestAnimationFrame(tick);
}

/** Register a drawer (`mainArea`: one of the main area's views); returns the function that removes it. */
export function onFrame(draw: Drawer, where: { mainArea?: boolean } = {}): () => void {
  drawers.add(draw);
  if (where.mainArea) mainAreaDrawers.add(draw);
  if (handle === null) handle = requestAnimationFrame(tick);
  return () => {
    drawers.delete(draw);
    mainAreaDrawers.delete(draw);
    if (drawers.size === 0 && handle !== null) {
      cancelAnimationFrame(handle);
      handle = null;
    }
  };
}
