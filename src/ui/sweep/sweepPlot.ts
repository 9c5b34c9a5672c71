/*
 * A sweep's trade-off plot (d3, SVG): commit latency across, and up the lost acknowledged writes
 * (left) and the stale reads (right); one small dot per run, coloured by its combination of
 * settings, and per combination its median as a larger ring with bars from the minimum to the
 * maximum both ways (the spread over its seeds). Text is set with textContent: settings are data.
 */
import * as d3 from "d3";
import type { RunRow, SummaryRow } from "../../sweep/output";
import type { RunMetrics } from "../../sweep/metrics";
import { palette } from "../views/palette";

export type LatencyMetric = "commitP50Ms" | "commitP99Ms";

const PANELS: { metric: keyof RunMetrics; title: string }[] = [
  { metric: "lostAcknowledgedWrites", title: "acknowledged writes lost" },
  { metric: "staleReads", title: "stale reads" },
];
const H = 260, M = { top: 26, right: 14, bottom: 40, left: 52 };

export function comboKey(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/** One colour per combination, in the summary's order. */
export function comboColours(summary: readonly SummaryRow[]): Map<string, string> {
  const scheme = d3.schemeTableau10;
  return new Map(summary.map((s, i) => [comboKey(s.values), scheme[i % scheme.length]!]));
}

export function drawSweepPlot(svgEl: SVGSVGElement, rows: readonly RunRow[], summary: readonly SummaryRow[], latency: LatencyMetric,
  width: number): void {
  const p = palette();
  const colours = comboColours(summary);
  const side = width >= 720;
  const panelW = side ? width / 2 : width;
  const height = side ? H : H * 2;
  const svg = d3.select(svgEl).attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("font-family", p.fontFamily).attr("font-size", 12);
  svg.selectAll("*").remove();
  svg.append("rect").attr("width", width).attr("height", height).attr("fill", p.panel);
  const xMax = d3.max(rows, (r) => r.metrics[latency]) ?? 1;
  PANELS.forEach((panel, i) => {
    const g = svg.append("g").attr("class", "sweep-panel").attr("data-metric", panel.metric)
      .attr("transform", side ? `translate(${i * panelW},0)` : `translate(0,${i * H})`);
    const x = d3.scaleLinear().domain([0, xMax * 1.05 || 1]).nice().range([M.left, panelW - M.right]);
    const yMax = d3.max(rows, (r) => r.metrics[panel.metric]) ?? 0;
    const y = d3.scaleLinear().domain([0, Math.max(1, yMax * 1.08)]).nice().range([H - M.bottom, M.top]);
    g.append("g").attr("transform", `translate(0,${H - M.bottom})`).call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(panelW / 90))))
      .call((a) => a.selectAll("text").attr("fill", p.muted)).call((a) => a.selectAll("line,path").attr("stroke", p.border));
    g.append("g").attr("transform", `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(5))
      .call((a) => a.selectAll("text").attr("fill", p.muted)).call((a) => a.selectAll("line,path").attr("stroke", p.border));
    g.append("text").attr("x", (M.left + panelW - M.right) / 2).attr("y", H - 6).attr("text-anchor", "middle").attr("fill", p.fg)
      .text(`commit latency ${latency === "commitP50Ms" ? "p50" : "p99"}, ms`);
    g.append("text").attr("x", M.left).attr("y", M.top - 10).attr("fill", p.fg).attr("font-weight", 600).text(`${panel.title} per run`);
    g.append("g").attr("class", "runs").selectAll("circle").data(rows).join("circle")
      .attr("cx", (r) => x(r.metrics[latency])).attr("cy", (r) => y(r.metrics[panel.metric])).attr("r", 2.6)
      .attr("fill", (r) => colours.get(comboKey(r.values)) ?? p.muted).attr("fill-opacity", 0.55);
    const med = g.append("g").attr("class", "medians").selectAll("g").data(summary).join("g");
    const c = (s: SummaryRow) => colours.get(comboKey(s.values)) ?? p.fg;
    med.append("line").attr("x1", (s) => x(s.min[latency])).attr("x2", (s) => x(s.max[latency]))
      .attr("y1", (s) => y(s.median[panel.metric])).attr("y2", (s) => y(s.median[panel.metric])).attr("stroke", c).attr("stroke-width", 1.5);
    med.append("line").attr("x1", (s) => x(s.median[latency])).attr("x2", (s) => x(s.median[latency]))
      .attr("y1", (s) => y(s.min[panel.metric])).attr("y2", (s) => y(s.max[panel.metric])).attr("stroke", c).attr("stroke-width", 1.5);
    med.append("circle").attr("class", "median").attr("cx", (s) => x(s.median[latency])).attr("cy", (s) => y(s.median[panel.metric]))
      .attr("r", 6).attr("fill", p.panel).attr("stroke", c).attr("stroke-width", 2.5);
  });
}
