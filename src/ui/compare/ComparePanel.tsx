/*
 * Compare: the run so far under a second setting, side by side. The compare worker replays the
 * run's scenario and commands twice in lockstep (src/compare/lockstep.ts), once as it is and once
 * with the chosen change; the page draws one diagram each on one clock (a shared window) and one
 * table, and marks the first event where the two runs part.
 */
import { useEffect, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { labStore, useLab } from "../store";
import { onFrame } from "../views/frameLoop";
import { TraceBook } from "../../spacetime/book";
import { NO_HIGHLIGHT, type Highlight } from "../../spacetime/highlight";
import { secondsText } from "../../spacetime/lsn";
import type { SideBySide, SideSummary } from "../../compare/lockstep";
import { VARIANT_CHOICES, variantText, type Variant } from "../../compare/variantText";
import type { CompareRequest, CompareResponse } from "../../worker/compareProtocol";
import { drawFigure } from "../spacetime/figure";
import { useOverMain } from "../spacetime/overMain";
import { togglePanel } from "../panels/togglePanel";
import "../spacetime/spacetime.css";

type Kind = Variant["kind"];
const KINDS: { kind: Kind; label: string }[] = [
  { kind: "preset", label: "commit mode (preset)" },
  { kind: "synchronous_commit", label: "synchronous_commit" },
  { kind: "synchronous_standby_names", label: "synchronous_standby_names" },
  { kind: "wait-point", label: "semi-sync wait point" },
  { kind: "routing", label: "routing policy of reads" },
  { kind: "apply-delay", label: "apply delay (every replica)" },
  { kind: "network-delay", label: "network delay of a replica" },
];

interface Result { both: SideBySide; a: TraceBook; b: TraceBook; variant: Variant; }

let nextId = 1;

function Panel() {
  const [kind, setKind] = useState<Kind>("preset");
  const [value, setValue] = useState("sync");
  const [ms, setMs] = useState("100");
  const [node, setNode] = useState("");
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  // a new list at every call would re-render without end (React error #185): compared item by item
  const replicas = useLab(useShallow((s) => s.scenario?.cluster.replicas.map((r) => r.name) ?? []));
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);

  const variant = (): Variant => {
    switch (kind) {
      case "preset": return { kind, value: value as Extract<Variant, { kind: "preset" }>["value"] };
      case "synchronous_commit": return { kind, value: value as Extract<Variant, { kind: "synchronous_commit" }>["value"] };
      case "synchronous_standby_names": return { kind, value };
      case "wait-point": return { kind, value: value as Extract<Variant, { kind: "wait-point" }>["value"] };
      case "routing": return { kind, value: value as Extract<Variant, { kind: "routing" }>["value"] };
      case "apply-delay": return { kind, ms: Number(ms) };
      case "network-delay": return { kind, node: node || replicas[0] || "", ms: Number(ms) };
    }
  };

  const choices: Partial<Record<Kind, readonly string[]>> = VARIANT_CHOICES;

  const run = () => {
    const s = labStore.getState();
    if (!s.scenario || !s.snapshot) return;
    if ((kind === "apply-delay" || kind === "network-delay") && !(Number(ms) >= 0 && Number(ms) <= 86_400_000)) {
      return setError("The delay is a number of milliseconds from 0 to 86,400,000.");
    }
    start(variant());
  };

  /** Runs both sides to the run's present under variant v (a live update reuses the last run's variant). */
  const start = (v: Variant) => {
    const s = labStore.getState();
    if (!s.scenario || !s.snapshot) return;
    const startedAt = performance.now();
    const req: CompareRequest = { type: "compare", id: nextId++, scenario: s.scenario, variant: v, untilUs: Math.max(1, s.snapshot.nowUs),
      commands: s.commands.map((c) => ({ atUs: c.atUs, cmd: c.cmd })) };
    worker.current?.terminate();
    const w = new Worker(new URL("../../worker/compareHost.ts", import.meta.url), { type: "module", name: "replication-lab-compare" });
    worker.current = w;
    setBusy(true);
    setError(null);
    w.onmessage = (ev: MessageEvent<CompareResponse>) => {
      setBusy(false);
      const msg = ev.data;
      if (msg.type === "compare-failed") return setError(msg.message);
      const a = new TraceBook(), b = new TraceBook();
      a.add(msg.result.a.trace);
      b.add(msg.result.b.trace);
      setResult({ both: msg.result, a, b, variant: v });
      lastRun.current = { untilUs: req.untilUs, ms: performance.now() - startedAt, at: performance.now() };
    };
    w.onerror = (ev) => { ev.preventDefault(); setBusy(false); setError(ev.message || "the compare worker failed"); };
    w.postMessage(req);
  };

  // Live: while the run plays on, the comparison follows it (rerun from the start to the new
  // present, at most as often as one rerun costs twice over, and not more than every 2 s).
  const [live, setLive] = useState(true);
  const lastRun = useRef<{ untilUs: number; ms: number; at: number } | null>(null);
  const startRef = useRef(start);
  // the interval below reads the latest of these (refs are set after render, not during it)
  useEffect(() => { busyRef.current = busy; startRef.current = start; });
  const shown = result?.variant ?? null;
  useEffect(() => {
    if (!live || shown === null) return;
    const t = setInterval(() => {
      const now = labStore.getState().snapshot?.nowUs ?? 0;
      const last = lastRun.current;
      if (busyRef.current || !last || now <= last.untilUs) return;
      if (performance.now() - last.at < Math.max(2000, 2 * last.ms)) return;
      startRef.current(shown);
    }, 500);
    return () => clearInterval(t);
  }, [live, shown]);

  const panelRef = useRef<HTMLElement>(null);
  useOverMain(panelRef);
  const nowS = useLab((s) => ((s.snapshot?.nowUs ?? 0) / 1e6).toFixed(3));
  return (
    <section ref={panelRef} className="spacetime-panel compare-panel" aria-labelledby="compare-title">
      <div className="spacetime-head">
        <h2 id="compare-title">Compare two settings</h2>
        <p className="muted small spacetime-caption">
          The run so far (same seed, same commands at the same times) is run twice from the start: once as it is (A), once with
          one setting changed (B). Both diagrams share one clock; the first moment where the two runs differ is marked.
        </p>
        <div className="row wrap" role="group" aria-label="Second setting">
          <label className="row small">Change
            <select aria-label="Setting to change" value={kind} onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              setValue(choices[k]?.[0] ?? (k === "synchronous_standby_names" ? "FIRST 1 (s1)" : ""));
            }}>
              {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          </label>
          {choices[kind] && (
            <label className="row small">to
              <select aria-label="New value" value={value} onChange={(e) => setValue(e.target.value)}>
                {choices[kind]!.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          )}
          {kind === "synchronous_standby_names" && (
            <label className="row small">to
              <input aria-label="New value" className="mono" value={value} onChange={(e) => setValue(e.target.value)} maxLength={200} />
            </label>
          )}
          {kind === "network-delay" && (
            <label className="row small">replica
              <select aria-label="Replica" value={node || replicas[0]} onChange={(e) => setNode(e.target.value)}>
                {replicas.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </label>
          )}
          {(kind === "apply-delay" || kind === "network-delay") && (
            <label className="row small">to
              <input aria-label="Delay in ms" inputMode="decimal" value={ms} onChange={(e) => setMs(e.target.value)} size={7} /> ms
            </label>
          )}
          <button type="button" onClick={run} disabled={busy}>{busy ? "Running both…" : `Run both to t = ${nowS} s`}</button>
          <label className="row small" title="While the run plays, run both again to its present every few seconds">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Follow the run
          </label>
          <span className="spacer" />
          <button type="button" onClick={() => compareToggle.close()}>Close</button>
        </div>
        {error && <p role="alert" className="bad">Not compared: {error}</p>}
      </div>
      {result && <Results result={result} />}
    </section>
  );
}

function Results({ result }: { result: Result }) {
  const { both } = result;
  const f = both.first;
  const [win, setWin] = useState(() => {
    const span = Math.min(both.untilUs, 400_000);
    const center = f ? f.atUs : both.untilUs - span / 2;
    return { from: Math.max(0, center - span / 2), to: Math.max(0, center - span / 2) + span };
  });
  const span = win.to - win.from;
  const move = (from: number, s: number) => setWin({ from, to: from + s });
  return (
    <div className="compare-results">
      <p>
        Both run to <b>t = {secondsText(both.untilUs)}</b>. <b>A</b>: as run. <b>B</b>: {variantText(result.variant)}.{" "}
        {f ? <>They first differ at <b>{secondsText(f.atUs)}</b>: A — {f.a}; B — {f.b}.</> : "The two runs are the same event for event."}
      </p>
      <SummaryTable a={both.a.summary} b={both.b.summary} />
      {(both.a.refused.length > 0 || both.b.refused.length > 0) &&
        <p className="small muted">Commands refused: A {both.a.refused.join("; ") || "none"}; B {both.b.refused.join("; ") || "none"}.</p>}
      <div className="row wrap" role="group" aria-label="Compared diagrams' view">
        <button type="button" onClick={() => move(win.from - span / 2, span)}>Earlier</button>
        <button type="button" onClick={() => move(win.from + span / 2, span)}>Later</button>
        <button type="button" onClick={() => move(win.from + span / 4, span / 2)}>Zoom in</button>
        <button type="button" onClick={() => move(win.from - span / 2, span * 2)}>Zoom out</button>
        {f && <button type="button" onClick={() => move(f.atUs - span / 2, span)}>Go to the first difference</button>}
      </div>
      <SideFigure id="compare-a" label={`Side A: ${both.a.scenario.name}`} book={result.a} win={win} nowUs={both.untilUs} markUs={f?.atUs ?? null} />
      <SideFigure id="compare-b" label={`Side B: ${variantText(result.variant)}`} book={result.b} win={win} nowUs={both.untilUs} markUs={f?.atUs ?? null} />
    </div>
  );
}

function SideFigure({ id, label, book, win, nowUs, markUs }: {
  id: string; label: string; book: TraceBook; win: { from: number; to: number }; nowUs: number; markUs: number | null;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let last = "";
    return onFrame(() => {
      const svg = svgRef.current, box = boxRef.current;
      if (!svg || !box) return;
      const key = `${win.from}|${win.to}|${box.clientWidth}`;
      if (key === last) return;
      last = key;
      const primary = book.names[0] ?? "";
      const highlight: Highlight = markUs === null ? NO_HIGHLIGHT
        : { ...NO_HIGHLIGHT, pins: [{ node: primary, atUs: markUs, text: "first difference" }] };
      drawFigure(svg, book, { fromUs: win.from, toUs: win.to, nowUs, showKeepalives: false, highlight }, box.clientWidth);
    });
  }, [book, win, nowUs, markUs]);
  return (
    <div className="spacetime-figure compare-figure" ref={boxRef}>
      <h3 className="small">{label}</h3>
      <svg ref={svgRef} id={id} role="figure" aria-label={label} />
    </div>
  );
}

function SummaryTable({ a, b }: { a: SideSummary; b: SideSummary }) {
  const rows: [string, (s: SideSummary) => string][] = [
    ["commit latency p50", (s) => `${s.commitP50Ms.toFixed(2)} ms`],
    ["commit latency p99", (s) => `${s.commitP99Ms.toFixed(2)} ms`],
    ["acknowledged writes lost", (s) => String(s.lostAcknowledgedWrites)],
    ["stale reads", (s) => String(s.staleReads)],
    ["time stalled", (s) => `${s.stalledMs.toFixed(1)} ms`],
    ["reads on the primary", (s) => `${s.readsOnPrimary} of ${s.reads}`],
  ];
  return (
    <table className="compare-table">
      <caption className="sr-only">The two runs, measured</caption>
      <thead><tr><th scope="col">measure</th><th scope="col">A (as run)</th><th scope="col">B (changed)</th></tr></thead>
      <tbody>
        {rows.map(([name, f]) => (
          <tr key={name}><th scope="row">{name}</th><td className="mono">{f(a)}</td><td className="mono">{f(b)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

const compareToggle = togglePanel("Compare", "Run what happened so far again under a second setting, side by side", Panel);
/** the top bar's Compare button, and the panel where App puts it (nothing while closed) */
export const { Button: CompareButton, Gate: ComparePanel } = compareToggle;
