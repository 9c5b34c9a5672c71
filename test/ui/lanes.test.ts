import { describe, expect, it } from "vitest";
import { buildLanes, distanceTicks, headLsn, laneSpanBytes, nextSpanBytes, niceCeil } from "../../src/ui/views/lanes";
import { lagSeries, lagTicks, labelled, spreadLabels } from "../../src/ui/views/lagSeries";
import type { LagSample } from "../../src/ui/store";
import { fixtureSnapshot } from "./fixtures";

describe("WAL lanes", () => {
  const s = fixtureSnapshot(6_000_000);
  const lanes = buildLanes(s);

  it("put the current primary's lane first, even after a failover", () => {
    const promoted = { ...s, primary: "s2", nodes: s.nodes.map((n) => (n.name === "s2" ? { ...n, role: "primary" as const } : n.name === "primary" ? { ...n, role: "replica" as const } : n)) };
    expect(buildLanes(promoted).map((l) => l.name).slice(0, 3)).toEqual(["s2", "primary", "s1"]);
  });

  it("have one lane per node: insert/flush for the primary, write/flush/replay/sent for a streaming replica", () => {
    expect(lanes.map((l) => l.name)).toEqual(s.nodes.map((n) => n.name));
    expect(lanes[0]!.markers.map((m) => m.stage)).toEqual(["insert", "flush", "oldest"]);
    const s1 = lanes.find((l) => l.name === "s1")!;
    expect(s1.markers.map((m) => m.stage)).toEqual(["write", "flush", "replay", "sent"]);
    expect(lanes.find((l) => l.name === "s5")!.streaming).toBe(false);
  });

  it("label the gaps in bytes, with pg_stat_replication's lag beside them", () => {
    const s3 = lanes.find((l) => l.name === "s3")!;
    const node = s.nodes.find((n) => n.name === "s3")!;
    const row = s.replication.find((r) => r.name === "s3")!;
    const notReplayed = s3.gaps.find((g) => g.kind === "not-replayed")!;
    expect(notReplayed.bytes).toBe(node.lsn.flush - node.lsn.replay);
    expect(notReplayed.lagUs).toBe(row.replayLagUs);
    const notReceived = s3.gaps.find((g) => g.kind === "not-received")!;
    expect(notReceived.toLsn).toBe(s.nodes[0]!.lsn.flush);
    expect(s3.resumeAfter).toBe(node.lsn.write);
  });

  it("reach back far enough for every marker, in 1-2-5 steps", () => {
    const head = headLsn(s);
    expect(head).toBe(s.nodes[0]!.lsn.insert);
    const span = laneSpanBytes(lanes, head);
    const furthest = Math.max(...lanes.flatMap((l) => l.markers.filter((m) => m.stage !== "oldest").map((m) => head - m.lsn)));
    expect(span).toBeGreaterThanOrEqual(furthest);
    expect(span).toBe(niceCeil(span));
    expect(niceCeil(3100)).toBe(5000);
    expect(niceCeil(1000)).toBe(1000);
    expect(distanceTicks(25_000)).toEqual([0, 100, 1000, 10_000]);
  });

  it("grow the span at once but shrink it only when it is three times too wide", () => {
    const head = headLsn(s);
    const wanted = laneSpanBytes(lanes, head);
    expect(nextSpanBytes(4096, lanes, head)).toBe(wanted);
    expect(nextSpanBytes(wanted * 2, lanes, head)).toBe(wanted * 2);
    expect(nextSpanBytes(wanted * 5, lanes, head)).toBe(wanted);
  });
});

describe("lag series", () => {
  const history: LagSample[] = [
    { atUs: 0, replayLagUs: new Map([["s1", 1000], ["s2", null]]), behindUs: new Map([["s1", 0]]) },
    { atUs: 100, replayLagUs: new Map([["s1", 3000], ["s2", 2_000_000], ["s3", 5]]), behindUs: new Map([["s1", 4_000_000]]) },
  ];

  it("one series per replica ever seen, NULL and absent as gaps", () => {
    const series = lagSeries(history);
    expect(series.map((s) => s.name)).toEqual(["s1", "s2", "s3"]);
    expect(series[1]!.points).toEqual([{ atUs: 0, lagUs: null }, { atUs: 100, lagUs: 2_000_000 }]);
    expect(series[2]!.points[0]!.lagUs).toBeNull();
    expect(series[0]!.maxUs).toBe(3000);
    expect(series[1]!.lastUs).toBe(2_000_000);
  });

  it("in MySQL words, each replica's own Seconds_Behind_Source", () => {
    const series = lagSeries(history, "behindUs");
    expect(series.map((s) => [s.name, s.lastUs, s.maxUs])).toEqual([["s1", 4_000_000, 4_000_000]]);
  });

  it("draws replicas named like Object.prototype's members as series of their own", () => {
    const names = ["constructor", "toString", "__proto__", "hasOwnProperty"];
    const sample = (atUs: number, lag: number): LagSample => ({ atUs, replayLagUs: new Map(names.map((n, i) => [n, lag * (i + 1)])), behindUs: new Map() });
    const series = lagSeries([sample(0, 1000), sample(100, 2000)]);
    expect(series.map((s) => s.name)).toEqual(names);
    for (const [i, s] of series.entries()) {
      expect(s.points.map((p) => p.lagUs)).toEqual([1000 * (i + 1), 2000 * (i + 1)]);
      expect(s.maxUs).toBe(2000 * (i + 1));
    }
  });

  it("names only the worst few", () => {
    expect([...labelled(lagSeries(history), 2)]).toEqual(["s2", "s1"]);
  });

  it("ticks decades that are far enough apart", () => {
    // y as a symlog scale would place them: 60 px per decade, then 10 px per decade.
    expect(lagTicks(2_000_000, (us) => -Math.log10(1 + us / 1000) * 60)).toEqual([0, 1000, 10_000, 100_000, 1_000_000]);
    expect(lagTicks(2_000_000, (us) => -Math.log10(1 + us / 1000) * 10)).toEqual([0, 100_000]);
  });

  it("spreads end labels so none overlaps, keeping them inside the chart", () => {
    expect(spreadLabels([50, 52, 10], 12)).toEqual([50, 62, 10]);
    expect(spreadLabels([95, 96], 10, 100)).toEqual([90, 100]);
  });
});

describe("axis labels", () => {
  it("time ticks get the decimals their step needs, so no two read the same", async () => {
    const { secondsLabels, countTicks } = await import("../../src/ui/views/lagSeries");
    const ticks = [100_000, 120_000, 140_000, 160_000];
    const f = secondsLabels(ticks);
    expect(ticks.map(f)).toEqual(["0.10 s", "0.12 s", "0.14 s", "0.16 s"]);
    expect(secondsLabels([0, 1_000_000, 2_000_000])(1_000_000)).toBe("1 s");
    expect(countTicks([0, 0.2, 0.4, 1, 2])).toEqual([0, 1, 2]);
  });
});
