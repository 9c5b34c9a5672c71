/*
 * Dev-only demo of the views against the hand-made fixture (test/ui/fixtures.ts), so they can be
 * looked at without the engine or the worker. Not part of the build: open
 * /src/ui/views/demo/index.html on the Vite dev server. Query: replicas, batch (µs), t (ms, a
 * frozen time), theme=dark, large=1.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../../styles.css";
import "../views.css";
import "./demo.css";
import { applySnapshot, labStore } from "../../store";
import { fixtureSnapshot } from "../../../../test/ui/fixtures";
import { ClusterView, EventLog, LagChart, LatencyHistogram, ReplicationTable, TotalsBar, WalLanes } from "../index";

const q = new URLSearchParams(location.search);
const replicas = Number(q.get("replicas") ?? 16);
const batchUs = Number(q.get("batch") ?? 1000);
const frozenMs = q.get("t");
const theme = q.get("theme") === "dark" ? "dark" : "light";
const largeText = q.get("large") === "1";
document.documentElement.dataset.theme = theme;
document.documentElement.classList.toggle("large-text", largeText);
labStore.setState({ theme, largeText, status: "running", speed: 1, paused: frozenMs !== null });

let lastUs = -1;
function feed(nowUs: number): void {
  const snap = fixtureSnapshot(nowUs, { replicas, batchUs, logAfterUs: lastUs });
  lastUs = nowUs;
  labStore.setState((s) => applySnapshot(s, snap, performance.now()));
}

if (frozenMs !== null) {
  // A history first, so the lag chart has a line, then the frozen moment.
  const end = Number(frozenMs) * 1000;
  for (let t = Math.max(0, end - 20_000_000); t < end; t += 50_000) feed(t);
  feed(end);
} else {
  const start = performance.now() - 1500;
  // Like the worker: one snapshot per animation frame.
  const loop = () => {
    feed(Math.round((performance.now() - start) * 1000));
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <main className="demo">
      <div className="demo-totals"><TotalsBar /></div>
      <div className="demo-cluster"><ClusterView /></div>
      <div className="demo-side"><ReplicationTable /><EventLog /></div>
      <div className="demo-lanes"><WalLanes /></div>
      <div className="demo-below"><LatencyHistogram /><LagChart /></div>
    </main>
  </StrictMode>,
);
