/*
 * The read examples: examples/reads-*.json run one seeded workload and cluster under each
 * routing policy (scripts/compare-read-policies.ts prints the comparison), and
 * examples/pin-window-*.json show the seeds' pin-window failure mode. They must be valid without
 * warnings, differ only where they say, and tell the story the docs tell (docs/reads.md).
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, formatRows, measure, type PolicyRow } from "../../scripts/compare-read-policies";
import { parseScenario } from "../../src/engine/scenario/validate";

const dir = join(import.meta.dirname, "..", "..", "examples");
const load = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & { workload: Record<string, unknown> };

describe("read examples", () => {
  it.each([...EXAMPLES.map((f) => basename(f)), "pin-window-too-short.json", "pin-window-long-enough.json"])(
    "%s is a valid scenario without warnings", (name) => {
      const parsed = parseScenario(load(join(dir, name)));
      expect(parsed.ok && parsed.warnings).toEqual([]);
    });

  it("the compared examples share seed, cluster, workload and actions; only the routing policy and its parameter differ", () => {
    const strip = (file: string) => {
      const { name: _name, workload, ...rest } = load(file);
      const { readFrom: _r, maxLagMs: _l, pinWindowMs: _p, maxWaitMs: _w, breakerQueueMs: _b, ...load_ } = workload;
      return JSON.stringify({ ...rest, workload: load_ });
    };
    const shapes = new Set(EXAMPLES.map(strip));
    expect(shapes.size).toBe(1);
    expect(EXAMPLES.map((f) => load(f).workload.readFrom))
      .toEqual(["primary", "replicas", "lag-aware", "read-your-writes", "causal", "read-your-writes"]);
  });
});

describe("the comparison (npm run compare:reads)", () => {
  let rows: PolicyRow[] = [];
  beforeAll(() => { rows = EXAMPLES.map(measure); });
  const row = (file: string): PolicyRow => rows.find((r) => r.file.endsWith(`reads-${file}.json`))!;

  it("primary: never stale, every read on the primary, whose queue makes reads slower than on the replicas", () => {
    expect(row("primary")).toMatchObject({ stale: 0, readYourWrites: 0, monotonic: 0, fallbacks: 0, breaker: 0, primaryShare: 1 });
    expect(row("primary").meanLatencyMs).toBeGreaterThan(row("replicas").meanLatencyMs);
  });

  it("replicas: nothing on the primary, the most stale reads and anomalies of all", () => {
    const r = row("replicas");
    expect(r.primaryShare).toBe(0);
    for (const other of rows.filter((x) => x !== r)) {
      expect(r.stale).toBeGreaterThan(other.stale);
      expect(r.readYourWrites).toBeGreaterThanOrEqual(other.readYourWrites);
    }
  });

  it("lag-aware: fewer stale reads than round-robin; its fallbacks are the load moved to the primary", () => {
    const r = row("lag-aware");
    expect(r.stale).toBeLessThan(row("replicas").stale / 2);
    expect(r.fallbacks).toBeGreaterThan(500);
    expect(r.primaryShare).toBeCloseTo(r.fallbacks / r.reads, 2);
  });

  it("read-your-writes: pinning puts most reads on the primary; the breaker moves some back and reads stale instead", () => {
    const ryw = row("read-your-writes"), breaker = row("ryw-breaker");
    expect(ryw.primaryShare).toBeGreaterThan(0.9);
    expect(breaker.breaker).toBeGreaterThan(0);
    expect(breaker.primaryShare).toBeLessThan(ryw.primaryShare);
    expect(breaker.meanLatencyMs).toBeLessThan(ryw.meanLatencyMs);
    expect(breaker.stale).toBeGreaterThan(ryw.stale);
  });

  it("causal: never misses the session's own write; waits and fallbacks cost latency", () => {
    const r = row("causal");
    expect(r.readYourWrites).toBe(0);
    expect(r.fallbacks).toBeGreaterThan(0);
    expect(r.meanLatencyMs).toBeGreaterThan(row("lag-aware").meanLatencyMs);
  });

  it("prints one row per policy with the columns of docs/reads.md", () => {
    const text = formatRows(rows);
    const [header, ...lines] = text.split("\n");
    expect(header!.split(/\s{2,}/)).toEqual(
      ["policy", "reads", "stale", "RYW", "monotonic", "fallbacks", "breaker", "failed", "mean read ms", "primary share"]);
    expect(lines.filter((l) => !l.startsWith("note:")).map((l) => l.split(/\s{2,}/)[0]))
      .toEqual(["primary", "replicas", "lag-aware", "read-your-writes", "causal", "read-your-writes + breaker"]);
  });
});
