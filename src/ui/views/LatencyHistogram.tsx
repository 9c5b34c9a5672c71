/*
 * Commit latency of acknowledged writes: a histogram on a log time axis (latencies span from
 * sub-millisecond local commits to seconds-long waits), with p50 and p99 marked. d3 scales and
 * axis; React draws the bars. Refreshed twice a second.
 */
import { countTicks } from "./lagSeries";
import { useEffect, useMemo, useRef } from "react";
import { axisBottom, axisLeft, format, scaleLinear, scaleLog, select } from "d3";
import type { LatencyView } from "../../engine/views";
import { bars, markers, totalCount, visibleRangeUs } from "./histogram";
import { formatCount, formatDurationUs } from "./format";
import { useElementSize, useThrottledLab } from "./hooks";
import { useFontSizePx } from "./usePalette";

const M = { top: 22, right: 14, bottom: 30, left: 44 };

export function LatencyHistogram() {
  const lat = useThrottledLab((s) => s.snapshot?.latency ?? null, 500);
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  const fontPx = useFontSizePx();
  const height = Math.round(fontPx * 12);
  const total = lat ? totalCount(lat) : 0;
  const { p50Us, p99Us } = lat ? markers(lat) : { p50Us: null, p99Us: null };
  const label = total === 0 ? "Commit latency: no acknowledged commit yet"
    : `Commit latency of ${formatCount(total)} acknowledged commits: p50 ${formatDurationUs(p50Us)}, p99 ${formatDurationUs(p99Us)}, max ${formatDurationUs(lat?.maxUs)}`;
  return (
    <section className="panel rl-panel rl-hist" aria-labelledby="rl-hist-title">
      <div className="rl-panel__head">
        <h2 id="rl-hist-title">Commit latency</h2>
        <span className="rl-panel__note rl-num">
          {total === 0 ? "no commits yet" : <>p50 <b>{formatDurationUs(p50Us)}</b> · p99 <b>{formatDurationUs(p99Us)}</b> · max {formatDurationUs(lat?.maxUs)}</>}
        </span>
      </div>
      <div ref={boxRef} className="rl-chart">
        {lat && size.width > 0 && <Chart lat={lat} width={size.width} height={height} label={label} />}
      </div>
    </section>
  );
}

function Chart({ lat, width, height, label }: { lat: LatencyView; width: number; height: number; label: string }) {
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const bs = useMemo(() => bars(lat), [lat]);
  const { p50Us, p99Us } = markers(lat);
  const [lo, hi] = visibleRangeUs(bs);
  const x = useMemo(() => scaleLog().domain([lo, hi]).range([M.left, width - M.right]).clamp(true), [lo, hi, width]);
  const maxCount = Math.max(1, ...bs.map((b) => b.count));
  const y = useMemo(() => scaleLinear().domain([0, maxCount]).nice().range([height - M.bottom, M.top]), [maxCount, height]);

  useEffect(() => {
    if (!xAxisRef.current || !yAxisRef.current) return;
    const decades = x.ticks().filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    select(xAxisRef.current).call(axisBottom(x).tickValues(decades).tickFormat((d) => formatDurationUs(Number(d))));
    select(yAxisRef.current).call(axisLeft(y).tickValues(countTicks(y.ticks(4))).tickFormat(format(",d")));
  }, [x, y]);

  return (
    <svg width={width} height={height} role="img" aria-label={label} className="rl-svg">
      <g ref={yAxisRef} className="rl-axis" transform={`translate(${M.left},0)`} />
      <g ref={xAxisRef} className="rl-axis" transform={`translate(0,${height - M.bottom})`} />
      <g className="rl-hist__bars">
        {bs.map((b) => b.count > 0 && b.toUs > lo && b.fromUs < hi && (
          <rect key={b.fromUs} x={x(b.fromUs) + 0.5} width={Math.max(1, x(b.toUs) - x(b.fromUs) - 1)}
            y={y(b.count)} height={Math.max(0, y(0) - y(b.count))} />
        ))}
      </g>
      {p50Us !== null && <Marker x={x(p50Us)} label={`p50 ${formatDurationUs(p50Us)}`} cls="p50" height={height} anchor="end" />}
      {p99Us !== null && <Marker x={x(p99Us)} label={`p99 ${formatDurationUs(p99Us)}`} cls="p99" height={height} anchor="start" />}
    </svg>
  );
}

function Marker({ x, label, cls, height, anchor }: { x: number; label: string; cls: string; height: number; anchor: "start" | "end" }) {
  return (
    <g className={`rl-hist__marker rl-hist__marker--${cls}`}>
      <line x1={x} x2={x} y1={M.top - 4} y2={height - M.bottom} />
      <text x={anchor === "end" ? x - 4 : x + 4} y={M.top - 8} textAnchor={anchor}>{label}</text>
    </g>
  );
}
