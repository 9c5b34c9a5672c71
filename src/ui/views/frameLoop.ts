/*
 * One requestAnimationFrame loop for every canvas on the page. Each drawer is called once a
 * frame with the same wall time; the loop stops when no drawer is registered, so a hidden
 * panel costs nothing. Drawing happens here, outside React renders.
 */
export type Drawer = (wallNow: number) => void;

const drawers = new Set<Drawer>();
let handle: number | null = null;

/** How long the drawers took in recent frames, ms: the benchmark reads it (window.__labViews). */
const COST_FRAMES = 600;
const costs = new Float64Array(COST_FRAMES);
let costCount = 0;

export function recentDrawCostsMs(): number[] {
  const n = Math.min(costCount, COST_FRAMES);
  return Array.from(costs.subarray(0, n));
}

if (typeof window !== "undefined") {
  (window as Window & { __labViews?: { drawCostsMs: () => number[] } }).__labViews = { drawCostsMs: recentDrawCostsMs };
}

function tick(now: number): void {
  handle = null;
  const t0 = performance.now();
  for (const draw of drawers) {
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

/** Register a drawer; returns the function that removes it. */
export function onFrame(draw: Drawer): () => void {
  drawers.add(draw);
  if (handle === null) handle = requestAnimationFrame(tick);
  return () => {
    drawers.delete(draw);
    if (drawers.size === 0 && handle !== null) {
      cancelAnimationFrame(handle);
      handle = null;
    }
  };
}
