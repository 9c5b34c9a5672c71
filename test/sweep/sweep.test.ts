/*
 * The sweep: every point equals a single `npm run sim -- --json` of the same settings and seed
 * (through the CLI function, fed the point's scenario), the worker threads give what one thread
 * gives, the output's medians are those of the runs, and bad sweep files get clear messages.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { reportSchema } from "../../src/cli/reportSchema";
import { runSweepCli } from "../../src/sweep/run";
import { failureTimeMs, sweepPoints, runCount } from "../../src/sweep/grid";
import { metricsOf } from "../../src/sweep/metrics";
import { runPoint } from "../../src/sweep/runPoint";
import { sweepSchema } from "../../src/sweep/schema";
import { fakeIo } from "../cli/fakeIo";

const SWEEP = {
  name: "small",
  scenario: {
    durationMs: 1500,
    cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 15 }] },
    commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" } },
    workload: { writesPerSec: 150, readsPerSec: 150, readFrom: "lag-aware", maxLagMs: 10 },
  },
  vary: [
    { path: "commit.postgres.synchronous_commit", values: ["local", "remote_apply"], label: "sc" },
    { path: "cluster.replicas[0].applyDelayMs", values: [0, 40] },
  ],
  seeds: { from: 7, count: 3 },
  primaryFailure: { fromMs: 400, toMs: 1200, kind: "power", promote: "s1", promoteAfterMs: 100 },
};

async function sweepJson(sweep: unknown, extra: string[] = []) {
  const { io, out } = fakeIo({ "sweep.json": JSON.stringify(sweep) });
  const status = await runSweepCli(["sweep.json", "--json", "--no-progress", ...extra], io);
  return { status, out, json: status === 0 ? JSON.parse(out.stdout) as { runs: Record<string, unknown>[]; summary: Record<string, unknown>[]; complete: boolean } : null };
}

describe("sweep: each point is a single CLI run of the same settings and seed", () => {
  it("on 2 worker threads, every row equals npm run sim -- --json of the point's scenario", async () => {
    const { status, out, json } = await sweepJson(SWEEP, ["--workers", "2"]);
    expect(out.stderr).toBe("");
    expect(status).toBe(0);
    const points = [...sweepPoints(sweepSchema.parse(SWEEP))];
    expect(json!.runs).toHaveLength(12);
    for (const [i, point] of points.entries()) {
      const cli = fakeIo({ "p.json": JSON.stringify(point.scenario) });
      expect(await runCli(["p.json", "--json", "--no-progress"], cli.io)).toBe(0);
      const report = reportSchema.parse(JSON.parse(cli.out.stdout));
      expect(json!.runs[i]).toEqual({ settings: { sc: point.values[0], "cluster.replicas[0].applyDelayMs": point.values[1] },
        seed: point.seed, failureAtMs: point.failureAtMs, ...metricsOf(report) });
      expect(report.seed).toBe(point.seed);
      expect(report.failovers.map((f) => f.promoted)).toEqual(["s1"]);
    }
    // the settings did something: remote_apply waits for s1's replay, local does not
    const p50 = (sc: string) => json!.runs.filter((r) => (r.settings as Record<string, unknown>).sc === sc).map((r) => r.commitP50Ms as number);
    expect(Math.min(...p50("remote_apply"))).toBeGreaterThan(Math.max(...p50("local")));
  }, 120_000);

  it("one worker gives the same rows as two, and the medians are the runs' medians", async () => {
    const one = await sweepJson(SWEEP, ["--workers", "1"]);
    const two = await sweepJson(SWEEP, ["--workers", "2"]);
    expect(one.json).toEqual(two.json);
    const summary = one.json!.summary;
    expect(summary).toHaveLength(4);
    for (const s of summary) {
      const runs = one.json!.runs.filter((r) => JSON.stringify(r.settings) === JSON.stringify(s.settings));
      const sorted = runs.map((r) => r.commitP99Ms as number).sort((a, b) => a - b);
      expect((s.median as Record<string, number>).commitP99Ms).toBe(sorted[1]);
      expect((s.min as Record<string, number>).commitP99Ms).toBe(sorted[0]);
      expect((s.max as Record<string, number>).commitP99Ms).toBe(sorted[2]);
    }
  }, 120_000);

  it("CSV: one header, a row per run and median/min/max rows per combination", async () => {
    const { io, out } = fakeIo({ "sweep.json": JSON.stringify({ ...SWEEP, seeds: { from: 1, count: 2 } }) });
    expect(await runSweepCli(["sweep.json", "--no-progress", "--workers", "1"], io)).toBe(0);
    const lines = out.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("row,sc,cluster.replicas[0].applyDelayMs,seed,failureAtMs,writesAcknowledged,commitP50Ms,commitP99Ms," +
      "lostAcknowledgedWrites,staleReads,reads,readsOnPrimary,stalledMs,events");
    expect(lines.filter((l) => l.startsWith("run,"))).toHaveLength(8);
    expect(lines.filter((l) => /^(median|min|max),/.test(l))).toHaveLength(12);
  }, 120_000);

  it("draws the failure time from the seed alone, spread over the window", () => {
    const times = Array.from({ length: 20 }, (_, k) => failureTimeMs(k + 1, 1000, 3000));
    expect(times).toEqual(Array.from({ length: 20 }, (_, k) => failureTimeMs(k + 1, 1000, 3000)));
    for (const t of times) expect(t >= 1000 && t <= 3000).toBe(true);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(1000);
  });

  it("runPoint is the CLI's run: a bad scenario is a message, not a throw", () => {
    expect(runPoint({ cluster: { replicas: [] } })).toEqual({ ok: false, message: "cluster.replicas: expected at least 1 replica, got an empty list" });
  });
});

describe("sweep: bad sweep files get clear messages (exit status 2)", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not an object", [], /^replab sweep: sweep\.json: a sweep file is a JSON object with scenario, vary and seeds \(docs\/formats\.md#sweeps\), got a list\n$/],
    ["no vary", { scenario: {}, seeds: { count: 2 } }, /sweep\.json: vary: /],
    ["a path that is not a path", { ...SWEEP, vary: [{ path: "commit..x", values: [1] }] }, /vary\[0\]\.path: expected a path into the scenario: names and \[index\], such as .* \(got "commit\.\.x"\)/],
    ["a prototype path", { ...SWEEP, vary: [{ path: "__proto__.polluted", values: [1] }] }, /vary\[0\]\.path: "__proto__" cannot be part of a path/],
    ["a missing replica", { ...SWEEP, vary: [{ path: "cluster.replicas[5].applyDelayMs", values: [1] }] },
      /vary\[0\]\.path: the scenario has no cluster\.replicas\[5\]/],
    ["a bad value", { ...SWEEP, vary: [{ path: "commit.postgres.synchronous_commit", values: ["on", "sometimes"] }] },
      /the scenario with commit\.postgres\.synchronous_commit = "sometimes" is not valid:\nsweep\.json: commit\.postgres\.synchronous_commit: /],
    ["too many runs", { ...SWEEP, vary: [{ path: "seed", values: Array.from({ length: 100 }, (_, i) => i) }, { path: "durationMs", values: Array.from({ length: 100 }, (_, i) => i + 1) }], seeds: { count: 11 } },
      /the sweep asks for 110,000 runs .* at most 100,000/],
    ["an unknown field", { ...SWEEP, seeds: { count: 2, step: 3 } }, /seeds\.step: unknown field/],
    ["a window backwards", { ...SWEEP, primaryFailure: { fromMs: 900, toMs: 100 } }, /primaryFailure\.toMs: expected a time ≥ fromMs \(900\), got 100/],
    ["deep nesting", { ...SWEEP, scenario: JSON.parse("[".repeat(2000) + "]".repeat(2000)) }, /nested more than 16 levels|deeper than/],
  ];
  it.each(cases)("%s", async (_, sweep, message) => {
    const { status, out } = await sweepJson(sweep);
    expect(out.stdout).toBe("");
    expect(status).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it("a file that is not JSON says where", async () => {
    const { io, out } = fakeIo({ "sweep.json": '{ "scenario": {}, }' });
    expect(await runSweepCli(["sweep.json"], io)).toBe(2);
    expect(out.stderr).toMatch(/^replab sweep: sweep\.json:1:\d+: not valid JSON/);
  });

  it("counts the runs of the example", () => {
    expect(runCount(sweepSchema.parse({ ...SWEEP, seeds: { count: 20 } }))).toBe(80);
  });
});
