/*
 * Sweep in the page: the same sweep file as `npm run sweep -- FILE` (docs/formats.md#sweeps),
 * checked by the same code (src/sweep/check.ts), its runs on a pool of Web Workers with a
 * progress bar and Cancel, the result as a trade-off plot (sweepPlot.ts), a table of medians
 * per combination, and the CSV or JSON the CLI would print.
 */
import { useEffect, useRef, useState } from "react";
import exampleText from "../../../examples/sweeps/sweep-commit-levels.json?raw";
import { checkSweepText, SweepInputError } from "../../sweep/check";
import { runCount, sweepPoints, type SweepPoint } from "../../sweep/grid";
import { runRows, summarize, toCsv, toJson, type RunRow, type SummaryRow } from "../../sweep/output";
import type { SweepFile } from "../../sweep/schema";
import { download } from "../spacetime/exportFiles";
import { useOverMain } from "../spacetime/overMain";
import { runInWorkers, workersWanted, type WebSweep } from "./webPool";
import { comboColours, comboKey, drawSweepPlot, type LatencyMetric } from "./sweepPlot";
import { togglePanel } from "../panels/togglePanel";
import "../spacetime/spacetime.css";

/** a sweep file bigger than this is refused before it is read (the CLI's scenario files have the same cap) */
const MAX_FILE_BYTES = 1_000_000;
/** what the runs side by side may hold together: the page does not know the machine's memory */
const PAGE_MEMORY_BYTES = 1024 ** 3;

interface Done { sweep: SweepFile; labels: string[]; rows: RunRow[]; summary: SummaryRow[]; complete: boolean; ms: number; workers: number }
interface Running { done: number; total: number; started: number; workers: number }

function Panel() {
  const panelRef = useRef<HTMLElement>(null);
  useOverMain(panelRef);
  const [text, setText] = useState(exampleText);
  const [workers, setWorkers] = useState(String(workersWanted()));
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [running, setRunning] = useState<Running | null>(null);
  const [result, setResult] = useState<Done | null>(null);
  const job = useRef<WebSweep | null>(null);
  useEffect(() => () => job.current?.cancel(), []);

  const run = () => {
    const n = Number(workers);
    if (!/^[1-9][0-9]?$/.test(workers) || n > 64) return setError("Workers: a whole number from 1 to 64.");
    let sweep: SweepFile;
    try {
      const checked = checkSweepText(text, "the sweep", n, PAGE_MEMORY_BYTES);
      sweep = checked.sweep;
      setWarnings(checked.warnings);
    } catch (e) {
      setError(e instanceof SweepInputError ? e.message : `the sweep could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setError(null);
    setResult(null);
    const points: SweepPoint[] = [...sweepPoints(sweep)];
    const total = runCount(sweep);
    const started = performance.now();
    setRunning({ done: 0, total, started, workers: Math.min(n, total) });
    const w = runInWorkers(points, n, (done) => setRunning((r) => (r ? { ...r, done } : r)));
    job.current = w;
    void w.done.then((res) => {
      if (job.current !== w) return;
      job.current = null;
      setRunning(null);
      if (res.failure) {
        const point = res.failure.index >= 0 ? points[res.failure.index] : undefined;
        setError(point ? `The run with seed ${point.seed} (${sweep.vary.map((v, i) => `${v.label ?? v.path} = ${JSON.stringify(point.values[i])}`).join(", ")}) failed: ${res.failure.message}`
          : `The sweep stopped: ${res.failure.message}`);
      }
      const rows = runRows(points, res.results);
      if (rows.length === 0) return;
      setResult({ sweep, labels: sweep.vary.map((v) => v.label ?? v.path), rows, summary: summarize(rows), complete: !res.cancelled && !res.failure,
        ms: res.ms, workers: Math.min(n, total) });
    });
  };

  const cancel = () => job.current?.cancel();

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setError(`${file.name} is ${file.size.toLocaleString("en")} bytes; a sweep file is at most ${MAX_FILE_BYTES.toLocaleString("en")}.`);
    setText(await file.text());
    setError(null);
  };

  return (
    <section ref={panelRef} className="spacetime-panel sweep-panel" aria-labelledby="sweep-title">
      <div className="spacetime-head">
        <h2 id="sweep-title">Sweep: settings × seeds</h2>
        <p className="muted small spacetime-caption">
          Every combination of the settings under <code>vary</code> runs once per seed, from the start, each on its own (the
          run on screen is not touched). One dot per run; a ring is the median of a combination's runs, its bars the lowest and
          highest; colours as in the table below. The file is the one <code>npm run sweep</code> reads (docs/formats.md, "Sweeps").
        </p>
        <div className="row wrap" role="group" aria-label="Sweep">
          <label className="row small">Workers
            <input aria-label="Workers" inputMode="numeric" size={3} value={workers} onChange={(e) => setWorkers(e.target.value)} disabled={running !== null} />
          </label>
          {running === null ? <button type="button" onClick={run}>Run sweep</button> : <button type="button" onClick={cancel}>Cancel</button>}
          <label className="row small file-pick">Open a sweep file
            <input type="file" accept=".json,application/json" disabled={running !== null}
              onChange={(e) => { void openFile(e.target.files?.[0]); e.target.value = ""; }} />
          </label>
          <button type="button" onClick={() => { setText(exampleText); setError(null); }} disabled={running !== null}>Example</button>
          <span className="spacer" />
          <button type="button" onClick={() => sweepToggle.close()}>Close</button>
        </div>
      </div>
      <label className="sweep-text small">Sweep file (JSON)
        <textarea aria-label="Sweep file (JSON)" className="mono" spellCheck={false} rows={8} value={text} maxLength={MAX_FILE_BYTES}
          onChange={(e) => setText(e.target.value)} disabled={running !== null} />
      </label>
      {error && <p role="alert" className="bad sweep-error">Not run: {error}</p>}
      {warnings.length > 0 && <ul className="small muted">{warnings.slice(0, 5).map((w) => <li key={w}>{w}</li>)}</ul>}
      {running && <Progress running={running} />}
      {result && <Results result={result} />}
    </section>
  );
}

function Progress({ running }: { running: Running }) {
  // the time taken, counted in the interval (not read during render)
  const [s, setS] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setS((performance.now() - running.started) / 1000), 500);
    return () => clearInterval(t);
  }, [running.started]);
  return (
    <div className="sweep-progress" role="status">
      <progress max={running.total} value={running.done} aria-label="Sweep progress" />
      <span className="small">{running.done} of {running.total} runs, {s.toFixed(1)} s, on {running.workers} worker{running.workers === 1 ? "" : "s"}</span>
    </div>
  );
}

function Results({ result }: { result: Done }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [latency, setLatency] = useState<LatencyMetric>("commitP50Ms");
  useEffect(() => {
    const draw = () => {
      if (svgRef.current && boxRef.current) drawSweepPlot(svgRef.current, result.rows, result.summary, latency, boxRef.current.clientWidth);
    };
    draw();
    const ro = new ResizeObserver(draw);
    if (boxRef.current) ro.observe(boxRef.current);
    return () => ro.disconnect();
  }, [result, latency]);
  const colours = comboColours(result.summary);
  const name = (result.sweep.name || "sweep").replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60);
  const settings = (values: readonly unknown[]) => result.labels.map((l, i) => `${l} = ${JSON.stringify(values[i])}`).join(", ");
  return (
    <div className="sweep-results">
      <p className="small">
        {result.complete ? "Done" : "Cancelled"}: {result.rows.length} runs in {(result.ms / 1000).toFixed(1)} s on {result.workers} worker{result.workers === 1 ? "" : "s"}.{" "}
        <label className="row small inline">Latency
          <select aria-label="Commit latency shown" value={latency} onChange={(e) => setLatency(e.target.value as LatencyMetric)}>
            <option value="commitP50Ms">p50</option>
            <option value="commitP99Ms">p99</option>
          </select>
        </label>{" "}
        <button type="button" onClick={() => download(`${name}.csv`, new Blob([toCsv(result.labels, result.rows, result.summary)], { type: "text/csv" }))}>CSV</button>{" "}
        <button type="button" onClick={() => download(`${name}.json`, new Blob([toJson(result.sweep.name, result.labels, result.rows, result.summary, result.complete)],
          { type: "application/json" }))}>JSON</button>
      </p>
      <div ref={boxRef} className="sweep-plot">
        <svg ref={svgRef} role="img" aria-label="Sweep plot: commit latency against acknowledged writes lost and stale reads, one dot per run" />
      </div>
      <table className="compare-table sweep-table">
        <caption className="small">Per combination: the median of its runs (lowest – highest)</caption>
        <thead><tr><th scope="col">settings</th><th scope="col">runs</th><th scope="col">commit p50, ms</th><th scope="col">commit p99, ms</th>
          <th scope="col">acknowledged writes lost</th><th scope="col">stale reads</th></tr></thead>
        <tbody>
          {result.summary.map((s) => (
            <tr key={comboKey(s.values)}>
              <th scope="row"><span className="swatch" style={{ background: colours.get(comboKey(s.values)) }} aria-hidden="true" />{settings(s.values)}</th>
              <td className="mono">{s.runs}</td>
              <td className="mono">{spread(s, "commitP50Ms")}</td>
              <td className="mono">{spread(s, "commitP99Ms")}</td>
              <td className="mono">{spread(s, "lostAcknowledgedWrites")}</td>
              <td className="mono">{spread(s, "staleReads")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function spread(s: SummaryRow, m: "commitP50Ms" | "commitP99Ms" | "lostAcknowledgedWrites" | "staleReads"): string {
  const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
  return `${f(s.median[m])} (${f(s.min[m])} – ${f(s.max[m])})`;
}

const sweepToggle = togglePanel("Sweep", "Run a grid of settings × seeds and plot commit latency against lost writes and stale reads", Panel);
/** the top bar's Sweep button, and the panel where App puts it (nothing while closed) */
export const { Button: SweepButton, Gate: SweepPanel } = sweepToggle;
