/* A lesson step's median of a few commits is their exact median, not the upper edge of a histogram bucket. */
import { describe, expect, it } from "vitest";
import { LatencyStats } from "../../src/engine/clients/latency";
import { lessonView, LogTally } from "../../src/lessons/view";
import type { Snapshot } from "../../src/engine/views";
import { fixtureSnapshot } from "../ui/fixtures";

function snapWith(stats: LatencyStats): Snapshot {
  const [p50Us, p99Us] = stats.liveP50P99();
  return { ...fixtureSnapshot(1_000_000), latency: { p50Us: p50Us!, p99Us: p99Us!, maxUs: stats.max, latestUs: stats.latest(),
    bucketEdgesUs: stats.edges, counts: [...stats.counts] } };
}

describe("step.p50Ms", () => {
  it("is the exact median of the commits made in the step", () => {
    const stats = new LatencyStats();
    for (const v of [500, 600, 700]) stats.add(v); // before the step
    const before = [...stats.counts];
    for (const v of [29_000, 12_000, 22_000, 25_000, 15_000]) stats.add(v);
    const view = lessonView(snapWith(stats), new LogTally(), { atUs: 0, latencyCounts: before });
    expect(view.step).toMatchObject({ writesAcknowledged: 5, p50Ms: 22 });
    expect(view.latency.p50Ms).toBe(12); // the whole run's eight: 0.5, 0.6, 0.7, 12, 15, 22, 25, 29 (nearest rank: the 4th)
  });

  it("falls back to the histogram for a step of more commits than the snapshot keeps", () => {
    const stats = new LatencyStats();
    for (let i = 0; i < 200; i++) stats.add(22_000);
    const view = lessonView(snapWith(stats), new LogTally(), { atUs: 0, latencyCounts: stats.edges.map(() => 0) });
    expect(view.step).toMatchObject({ writesAcknowledged: 200, p50Ms: 22 }); // capped by the run's maximum
  });
});
