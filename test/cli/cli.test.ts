import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/run";
import { reportSchema } from "../../src/cli/reportSchema";
import { historyEventSchema } from "../../src/cli/historySchema";
import type { OperationEvent as HistoryEvent } from "../../src/engine/views";
import { fakeIo } from "./fakeIo";

const SCENARIO = {
  name: "cli test",
  seed: 3,
  durationMs: 3000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }, { name: "s2", networkDelayMs: 30 }] },
  commit: { preset: "async" },
  sessions: { alice: { routing: "read-your-writes", pinWindowMs: 500 } },
  workload: { writesPerSec: 200, readsPerSec: 200, readFrom: "replicas", keys: 20 },
  actions: [
    { atMs: 100, op: "write", session: "alice", key: "x", value: "1" },
    { atMs: 110, op: "read", session: "alice", key: "x" },
    { atMs: 120, op: "read", key: "x", node: "s2" },
    { atMs: 1000, op: "crash", node: "primary" },
    { atMs: 1100, op: "promote", node: "s1" },
  ],
};
const GOOD = JSON.stringify(SCENARIO, null, 2);

async function cli(argv: string[], files: Record<string, string> = { "good.json": GOOD }, options = {}) {
  const { io, out } = fakeIo(files, options);
  const status = await runCli(argv, io);
  return { status, ...out };
}

describe("cli: arguments", () => {
  it("prints usage for --help and exits 0", async () => {
    const r = await cli(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: npm run sim -- <scenario.json> [--json] [--history <file>]");
    expect(r.stderr).toBe("");
  });

  it.each([
    [[], "no scenario file given"],
    [["--bogus", "good.json"], "unknown option --bogus"],
    [["good.json", "other.json"], "one scenario file at a time"],
    [["good.json", "--history"], "--history needs a file name"],
  ])("rejects %j with status 2 and the usage", async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage:");
    expect(r.stdout).toBe("");
  });
});

describe("cli: bad input files exit 2 with a message, never a stack", () => {
  it("reports a missing file", async () => {
    const r = await cli(["missing.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("replab: cannot read scenario file missing.json: no such file or directory\n");
  });

  it("reports malformed JSON with line and column", async () => {
    const r = await cli(["bad.json"], { "bad.json": '{\n  "name": "x",\n  "seed": 1,\n}\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('replab: bad.json:4:1: not valid JSON: a comma before "}" (JSON allows no trailing comma)\n');
  });

  it("names the invalid field and the problem", async () => {
    const bad = { ...SCENARIO, cluster: { replicas: [{ name: "s1", networkDelayMs: "fast" }] } };
    const r = await cli(["bad.json", "--json"], { "bad.json": JSON.stringify(bad) });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('bad.json: cluster.replicas[0].networkDelayMs: expected a number of milliseconds ≥ 0, got "fast"');
  });

  it("refuses, before running, a scenario whose writes cannot fit in the machine's memory", async () => {
    // 200 writes/s for 3 s plus one write action: 601 writes, about 80 bytes each.
    const small = await cli(["good.json", "--json"], undefined, { memoryBytes: 40_000 });
    expect(small.status).toBe(2);
    expect(small.stdout).toBe("");
    expect(small.stderr).toBe("replab: good.json: the scenario asks for about 601 writes (workload.writesPerSec over the time " +
      "the workload runs, and its write actions); the simulator keeps every write, about 80 bytes each: 47 kB, more than " +
      "this machine's 40 kB of memory. Lower workload.writesPerSec or durationMs, or stop the workload sooner (workload.stopMs)\n");
    // The same file on a machine with room for it runs.
    expect((await cli(["good.json", "--json"], undefined, { memoryBytes: 601 * 80 })).status).toBe(0);
    const day = { ...SCENARIO, durationMs: 86_400_000, workload: { ...SCENARIO.workload, writesPerSec: 1_000_000 } };
    const r = await cli(["day.json"], { "day.json": JSON.stringify(day) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("about 86,400,000,001 writes");
    expect(r.stderr).toContain("6.3 TB, more than this machine's 16.0 GB of memory");
  });

  it("shows at most 20 problems", async () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ atMs: i, op: "crash", node: `nobody${i}` }));
    const r = await cli(["bad.json"], { "bad.json": JSON.stringify({ ...SCENARIO, actions }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("(30 problems)");
    expect(r.stderr).toContain("… and 10 more problems");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(22);
  });

  it("reports a history file it cannot create", async () => {
    const r = await cli(["good.json", "--history", "/nonexistent/h.jsonl"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("replab: cannot write history file /nonexistent/h.jsonl: no such file or directory\n");
  });
});

describe("cli: runs", () => {
  it("--json prints exactly one JSON report, newline-terminated, that matches the report schema", async () => {
    const r = await cli(["good.json", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith("}\n")).toBe(true);
    expect(r.stdout.indexOf("\n")).toBe(r.stdout.length - 1);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.scenario).toBe("cli test");
    expect(report.seed).toBe(3);
    expect(report.endMs).toBe(3000);
    expect(report.operations.map((o) => o.action)).toEqual([0, 1, 2]);
    expect(report.failovers).toHaveLength(1);
  });

  it("--json puts validation warnings on stderr, not stdout", async () => {
    const late = { ...SCENARIO, actions: [...SCENARIO.actions, { atMs: 9999, op: "restart", node: "primary" }] };
    const r = await cli(["late.json", "--json"], { "late.json": JSON.stringify(late) });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("late.json: warning: actions[5].atMs: 9999 ms is after the end of the run (durationMs 3000); " +
      "this action never happens\n");
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("prints a readable summary by default", async () => {
    const r = await cli(["good.json"]);
    expect(r.status).toBe(0);
    for (const text of ["Scenario     cli test (seed 3, ran to 3000 ms", "Commit       preset \"async\", mode PostgreSQL",
      "synchronous_commit = on, synchronous_standby_names = ''", "Writes       attempted", "commit latency p50",
      "Reads        total", "read-your-writes violations", "Lost         ", "Failovers    at 1100 ms s1 promoted",
      "Stalls", "node     role", "write LSN"]) {
      expect(r.stdout).toContain(text);
    }
  });

  it("--history writes one invoke and one completion per operation, as JSON lines", async () => {
    const r = await cli(["good.json", "--json", "--history", "h.jsonl"]);
    expect(r.status).toBe(0);
    const text = r.history.get("h.jsonl")!;
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n").map((line) => historyEventSchema.parse(JSON.parse(line)));
    // The cluster's lines (promote, end, …) name no operation; the last one is the end.
    expect(lines.at(-1)?.type).toBe("end");
    const events = lines.filter((e): e is HistoryEvent => "f" in e);
    const byOp = new Map<number, HistoryEvent[]>();
    // "lost" comes later, for an acknowledged write a failover lost: not part of the invoke/completion pair.
    for (const e of events) if (e.type !== "lost" && e.type !== "restored" && e.type !== "pending") byOp.set(e.op, [...(byOp.get(e.op) ?? []), e]);
    for (const e of events.filter((x) => x.type === "lost")) expect(byOp.get(e.op)?.[1]?.type).toBe("ok");
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(byOp.size).toBe(report.writes.attempted + report.reads.total);
    for (const [op, pair] of byOp) {
      expect(pair[0]!.type, `op ${op}`).toBe("invoke");
      expect(pair.length, `op ${op}`).toBeLessThanOrEqual(2);
      if (pair.length === 2) {
        expect(["ok", "fail", "info"]).toContain(pair[1]!.type);
        expect(pair[1]!.timeUs).toBeGreaterThanOrEqual(pair[0]!.timeUs);
      }
    }
    const scripted = events.filter((e) => e.action === 0);
    expect(scripted.map((e) => e.type)).toEqual(["invoke", "ok"]);
  });

  it("gives the same report with and without --history, even when the file pushes back", async () => {
    const plain = await cli(["good.json", "--json"]);
    const slow = await cli(["good.json", "--json", "--history", "h.jsonl"], undefined, { historyHighWater: 1 });
    expect(slow.status).toBe(0);
    expect(slow.drains).toBeGreaterThan(0);
    expect(slow.stdout).toBe(plain.stdout);
  });

  it("exits 1 when the history file cannot be written", async () => {
    const r = await cli(["good.json", "--json", "--history", "h.jsonl"], undefined, { failHistoryClose: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("could not write history file h.jsonl: no space left on the device");
  });
});

describe("cli: internal errors", () => {
  it("exit 1 with one line, the stack only with REPLAB_DEBUG=1", async () => {
    const quiet = await cli(["good.json"], undefined, { stdoutThrows: new Error("boom") });
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).toBe("replab: internal error: boom (REPLAB_DEBUG=1 shows the stack trace)\n");
    const loud = await cli(["good.json"], undefined, { stdoutThrows: new Error("boom"), env: { REPLAB_DEBUG: "1" } });
    expect(loud.status).toBe(1);
    expect(loud.stderr).toMatch(/^replab: internal error: boom\nError: boom\n\s+at /);
  });
});

describe("cli: as a real process", () => {
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  const dir = mkdtempSync(join(tmpdir(), "replab-cli-"));
  const run = (...args: string[]) => spawnSync(tsx, ["src/cli/main.ts", ...args], { encoding: "utf8", env: { ...process.env, REPLAB_DEBUG: "" } });

  it("--json: stdout is one JSON value; --history: a file of JSON lines", () => {
    const file = join(dir, "good.json");
    const history = join(dir, "h.jsonl");
    writeFileSync(file, GOOD);
    const r = run(file, "--json", "--history", history);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(reportSchema.safeParse(JSON.parse(r.stdout)).success).toBe(true);
    const lines = readFileSync(history, "utf8").trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("a bad file: status 2, a message naming the field, no stack trace", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "crash", node: "s9" }] }));
    const r = run(file, "--json");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('actions[0].node: no node is named "s9"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
