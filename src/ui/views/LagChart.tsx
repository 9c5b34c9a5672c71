/*
 * Replay lag per replica over time. A symlog y axis keeps a 20 ms replica and a 30 s one on
 * the same chart; the alert threshold is a dashed line, and the replicas above it are drawn in
 * the warning colour and named. d3 scales, line shapes and axes; refreshed twice a second.
 */
import { useEffect, useMemo, useRef } from "react";
import { axisBottom, axisLeft, line, scaleLinear, scaleSymlog, select } from "d3";
import { lagSeries, lagTicks, labelled, spreadLabels, type LagPoint, secondsLabels } from "./lagSeries";
import { formatDurationUs } from "./format";
import { useElementSize, useThrottledLab } from "./hooks";
import { useFontSizePx } from "./usePalette";
import { useSystem, useViewSettings } from "./settings";

const M = { top: 12, right: 56, bottom: 28, left: 52 };

/**
 * Why the chart is empty. Its samples are the moments this page has shown as the run played (one
 * per snapshot); for a link opened late in a run, or a jump to a moment never shown on this
 * branch, the worker replays the moments before it once the view has settled (lab.ts,
 * src/worker/lagWindow.ts), which takes a moment.
 */
export function noHistory(nowUs: number | null, what = "Replay lag"): string {
  const at = nowUs === null ? "" : ` before t = ${(nowUs / 1e6).toFixed(3)} s`;
  return `No ${what === "Replay lag" ? "replay lag" : what} drawn${at} yet: the chart draws the moments this page has played, and for a moment ` +
    "not played here (a link, a jump) it replays the moments before it first. It also fills as the run plays.";
}

export function LagChart() {
  const history = useThrottledLab((s) => s.lagHistory, 500);
  const nowUs = useThrottledLab((s) => s.snapshot?.nowUs ?? null, 500);
  const thresholdUs = useViewSettings((s) => s.lagThresholdMs) * 1000;
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  const fontPx = useFontSizePx();
  const height = Math.round(fontPx * 12);
  // MySQL/MariaDB: each replica's own Seconds_Behind_Source (its source knows no lags).
  const mysql = useSystem() === "mysql";
  const series = useMemo(() => lagSeries(history, mysql ? "behindUs" : "replayLagUs"), [history, mysql]);
  const what = mysql ? "Seconds_Behind_Source" : "Replay lag";
  const above = series.filter((s) => s.lastUs !== null && s.lastUs > thresholdUs);
  const worst = [...series].sort((a, b) => (b.lastUs ?? -1) - (a.lastUs ?? -1))[0];
  const spanUs = history.length > 1 ? history.at(-1)!.atUs - history[0]!.atUs : 0;
  const label = series.length === 0 ? `${what}: no ${mysql ? "replica" : "standby connected"}`
    : `${what} per replica over the last ${formatDurationUs(spanUs)}: highest now ${worst?.name} ${formatDurationUs(worst?.lastUs)}; `
      + `${above.length} of ${series.length} above ${formatDurationUs(thresholdUs)}`;
  return (
    <section className="panel rl-panel rl-lag" aria-labelledby="rl-lag-title">
      <div className="rl-panel__head">
        <h2 id="rl-lag-title">{mysql ? "Seconds_Behind_Source (on each replica)" : "Replay lag"}</h2>
        <span className="rl-panel__note">
          {above.length > 0 ? <b className="rl-warn">{above.map((s) => s.name).join(", ")} above {formatDurationUs(thresholdUs)}</b>
            : `all under ${formatDurationUs(thresholdUs)}`}
        </span>
      </div>
      <div ref={boxRef} className="rl-chart">
        {size.width > 0 && history.length > 1 && (
          <Chart fontPx={fontPx} series={series} width={size.width} height={height} thresholdUs={thresholdUs} label={label} />
        )}
        {history.length <= 1 && nowUs !== null && nowUs > 0 && <p className="rl-empty" data-testid="lag-empty">{noHistory(nowUs, what)}</p>}
      </div>
    </section>
  );
}

interface ChartProps {
  fontPx: number;
  series: ReturnType<typeof lagSeries>;
  width: number;
  height: number;
  thresholdUs: number;
  label: string;
}

function Chart({ series, width, height, thresholdUs, label, fontPx }: ChartProps) {
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const first = series[0]?.points[0]?.atUs ?? 0;
  const last = series[0]?.points.at(-1)?.atUs ?? 1;
  const maxUs = Math.max(thresholdUs * 1.5, ...series.map((s) => s.maxUs));
  const x = useMemo(() => scaleLinear().domain([first, Math.max(last, first + 1)]).range([M.left, width - M.right]), [first, last, width]);
  // constant 1000 µs: linear below a millisecond, logarithmic above.
  const y = useMemo(() => scaleSymlog().constant(1000).domain([0, maxUs]).range([height - M.bottom, M.top]), [maxUs, height]);
  const path = useMemo(() => line<LagPoint>().defined((p) => p.lagUs !== null).x((p) => x(p.atUs)).y((p) => y(p.lagUs ?? 0)), [x, y]);
  const named = labelled(series.filter((s) => (s.lastUs ?? 0) > thresholdUs).length > 0 ? series.filter((s) => (s.lastUs ?? 0) > thresholdUs) : series, 4);

  const ends = series.filter((s) => named.has(s.name) && s.lastUs !== null);
  const spread = spreadLabels(ends.map((s) => y(s.lastUs ?? 0)), fontPx, height - M.bottom);
  const labels = ends.map((s, i) => ({ s, ly: spread[i]! }));

  useEffect(() => {
    if (!xAxisRef.current || !yAxisRef.current) return;
    const xTicks = x.ticks(5);
    const seconds = secondsLabels(xTicks);
    select(xAxisRef.current).call(axisBottom(x).tickValues(xTicks).tickFormat((d) => seconds(Number(d))));
    select(yAxisRef.current).call(axisLeft(y).tickValues(lagTicks(maxUs, y)).tickFormat((d) => (Number(d) === 0 ? "0" : formatDurationUs(Number(d)))));
  }, [x, y, maxUs]);

  return (
    <svg width={width} height={height} role="img" aria-label={label} className="rl-svg">
      <g ref={yAxisRef} className="rl-axis" transform={`translate(${M.left},0)`} />
      <g ref={xAxisRef} className="rl-axis" transform={`translate(0,${height - M.bottom})`} />
      <line className="rl-lag__threshold" x1={M.left} x2={width - M.right} y1={y(thresholdUs)} y2={y(thresholdUs)} />
      {series.map((s) => {
        const hot = s.lastUs !== null && s.lastUs > thresholdUs;
        return <path key={s.name} className={`rl-lag__line${hot ? " rl-lag__line--hot" : ""}`} d={path(s.points) ?? ""} />;
      })}
      {labels.map(({ s, ly }) => (
        <text key={s.name} className={`rl-lag__name${(s.lastUs ?? 0) > thresholdUs ? " rl-lag__name--hot" : ""}`}
          x={width - M.right + 4} y={ly} dominantBaseline="middle">{s.name}</text>
      ))}
    </svg>
  );
}
