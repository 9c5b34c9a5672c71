/* The diagram's exports: SVG, PNG and the history as JSON lines; what went wrong is said beside them. */
import { useState, type RefObject } from "react";
import { exportHistory } from "../controls/lab";
import { labStore } from "../store";
import { download, pngOf, svgFileText } from "./exportFiles";
import { plural } from "../../text/plural";

function baseName(): string {
  const s = labStore.getState();
  const t = ((s.snapshot?.nowUs ?? 0) / 1e6).toFixed(3);
  return `replication-lab-seed${s.seed ?? 0}-t${t}s`;
}

/** `beforeExport` draws the figure all in SVG (a live one has its arrows and bars on a canvas). */
export function ExportButtons({ svgRef, beforeExport }: { svgRef: RefObject<SVGSVGElement | null>; beforeExport: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const title = () => `Space-time diagram: ${labStore.getState().scenario?.name ?? "run"}, seed ${labStore.getState().seed ?? 0}`;
  const svgText = () => {
    beforeExport();
    return svgRef.current ? svgFileText(svgRef.current, title()) : null;
  };

  const onSvg = () => {
    const text = svgText();
    if (!text) return;
    download(`${baseName()}.svg`, new Blob([text], { type: "image/svg+xml" }));
    setMessage("SVG saved.");
  };
  const onPng = async () => {
    const svg = svgRef.current, text = svgText();
    if (!svg || !text) return;
    try {
      download(`${baseName()}.png`, await pngOf(text, svg.width.baseVal.value, svg.height.baseVal.value));
      setMessage("PNG saved.");
    } catch (err) {
      setMessage(`PNG not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const onHistory = async () => {
    setMessage("Preparing the history…");
    const r = await exportHistory();
    if (r.lines === null) return setMessage(`History not saved: ${r.error ?? "unknown error"}`);
    download(`${baseName()}.history.jsonl`, new Blob([r.lines], { type: "application/x-ndjson" }));
    setMessage(`History saved (${plural(r.lines.split("\n").length - 1, "line")}).`);
  };

  return (
    <div className="row" role="group" aria-label="Export">
      <span className="muted small">Export</span>
      <button type="button" onClick={onSvg} title="The diagram as an SVG file">SVG</button>
      <button type="button" onClick={onPng} title="The diagram as a PNG picture">PNG</button>
      <button type="button" onClick={onHistory} title="Every client operation of the run shown, as JSON lines (as npm run sim -- --history writes)">
        History (JSON lines)
      </button>
      <span role="status" className="muted small">{message}</span>
    </div>
  );
}
