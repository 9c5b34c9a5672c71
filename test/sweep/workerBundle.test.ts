/* The sweep's worker bundle (workerBundle.ts): built once, reused while the sources are unchanged, and the same runs as the tsx boot. */
import { describe, expect, it } from "vitest";
import { stat } from "node:fs/promises";
import { sweepWorkerFile } from "../../src/sweep/workerBundle";
import { runPool } from "../../src/sweep/pool";
import type { SweepPoint } from "../../src/sweep/grid";

const scenario = (seed: number) => ({
  name: "bundle test", seed, durationMs: 300,
  cluster: { primary: { name: "p" }, replicas: [{ name: "s1", networkDelayMs: 3 }] },
  commit: { preset: "sync" }, workload: { writesPerSec: 100, readsPerSec: 50, sessions: 2, keys: 5 },
});
const points = (): Iterator<SweepPoint> =>
  [1, 2, 3].map((seed, index) => ({ index, seed, values: [], scenario: scenario(seed) }) as unknown as SweepPoint)[Symbol.iterator]();

describe("the sweep worker bundle", () => {
  it("is one file, reused (not rebuilt) while no source changed", async () => {
    const first = await sweepWorkerFile();
    expect(first).not.toBeNull();
    const before = await stat(first!);
    const again = await sweepWorkerFile();
    expect(again!.href).toBe(first!.href);
    expect((await stat(again!)).mtimeMs).toBe(before.mtimeMs);
  }, 60_000);

  it("runs the same points to the same figures as threads started through tsx", async () => {
    const bundled = await runPool(points(), 3, 2, { stopRequested: () => false, boot: "bundle" });
    const tsx = await runPool(points(), 3, 2, { stopRequested: () => false, boot: "tsx" });
    expect(bundled.failure).toBeNull();
    expect(bundled.results.every((r) => r !== null && r.events > 0)).toBe(true);
    expect(bundled.results).toEqual(tsx.results);
  }, 120_000);
});
