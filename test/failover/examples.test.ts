/*
 * The failover examples, run as `npm run sim -- examples/<file> --json --history <file>` does
 * (through the CLI function, reading the real file), each checked against the story its name
 * tells. Numbers are pinned: the examples are seeded and so are their outcomes.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../src/cli/run";
import { Simulation } from "../../src/engine";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { HistoryEvent as AnyEvent, OperationEvent as HistoryEvent, Report } from "../../src/engine/views";

async function sim(file: string): Promise<{ report: Report; history: HistoryEvent[] }> {
  let stdout = "", stderr = "", historyText = "";
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readFile: (path) => readFile(path, "utf8"),
    openHistory: async () => ({ write: (chunk) => { historyText += chunk; return true; }, drained: async () => {}, close: async () => {} }),
    env: {},
    memoryBytes: 16 * 2 ** 30,
    now: () => performance.now(),
    progress: { isTTY: false, columns: 80, write: (raw) => { stderr += raw; } },
    listenForStop: () => () => undefined,
  };
  // --no-progress: on a loaded machine a slow run reports its progress on stderr (a long run)
  const status = await runCli([`examples/${file}`, "--json", "--history", "mem.jsonl", "--no-progress"], io);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  const history = historyText.trim().split("\n").map((line) => JSON.parse(line) as AnyEvent)
    .filter((e): e is HistoryEvent => "f" in e);
  return { report: JSON.parse(stdout) as Report, history };
}

const op = (r: Report, action: number) => r.operations.find((o) => o.action === action)!;

describe("examples/sync-standby-down-remedies.json", () => {
  it("the stall, then SET synchronous_commit = local for new commits, then synchronous_standby_names = '' releases the rest", async () => {
    const { report, history } = await sim("sync-standby-down-remedies.json");
    // The first commit after s1's crash at 1000 ms: it opens the stall (a workload write).
    const first = history.find((e) => e.type === "invoke" && e.f === "write" && e.timeUs > 1_000_000)!;
    // order:1 waits for s1 (down) from 1500 ms until the list is cleared at 5000 ms, without error.
    expect(op(report, 1)).toMatchObject({ key: "order:1", status: "ok", invokedMs: 1500, completedMs: 5000 });
    expect(op(report, 2)).toMatchObject({ key: "order:1", value: null });
    // After SET synchronous_commit = local a new commit takes the local fsync only…
    expect(op(report, 4)).toMatchObject({ key: "order:2", status: "ok", invokedMs: 3100, completedMs: 3101 });
    expect(op(report, 5)).toMatchObject({ key: "order:2", value: "paid" });
    // …while the one already waiting keeps waiting (it committed under `on`).
    expect(op(report, 6)).toMatchObject({ key: "order:1", value: null });
    expect(op(report, 8)).toMatchObject({ key: "order:1", value: "paid" });
    expect(first.timeUs).toBeLessThan(1_500_000);
    const firstOk = history.find((e) => e.type === "ok" && e.op === first.op)!;
    expect(firstOk.timeUs).toBe(5_000_000);
    expect(report.stalls).toEqual([{ fromMs: first.timeUs / 1000, toMs: 5000, waitingFor: `flush of the WAL up to LSN ${firstOk.lsn} by s1 (FIRST 1 (s1))` }]);
    expect(report.commit.postgres).toMatchObject({ synchronous_commit: "local", synchronous_standby_names: "" });
    expect(report.writes).toMatchObject({ attempted: 128, acknowledged: 128, pending: 0 });
    expect(report.writes.latencyMs.max).toBe(Math.round(5_000_000 - first.timeUs) / 1000);
    expect(report.lostAcknowledgedWrites).toBe(0);
  });
});

describe("examples/primary-and-replica-crash.json", () => {
  it("primary and s1 lose power together; s1 restarts and is promoted: nothing it had flushed is lost", async () => {
    const { report, history } = await sim("primary-and-replica-crash.json");
    expect(report.failovers).toEqual([{ atMs: 4000, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 0, restoredWrites: 0, rpoMs: 0 }]);
    expect(report.lostAcknowledgedWrites).toBe(0);
    expect(report.ledger.acknowledgedLost).toBe(0);
    // The one write s1 had received but not fsynced went with the power; its client never got an
    // answer. s2 and the old primary held it past the switch point: their rewinds discard it.
    expect(report.discarded).toEqual([
      { atMs: 4100, node: "s2", how: "rewind", fromLsn: 43775, writes: 1, acknowledgedWrites: 0 },
      { atMs: 5500, node: "primary", how: "rewind", fromLsn: 43775, writes: 1, acknowledgedWrites: 0 },
    ]);
    const lastOnTl1 = history.filter((e) => e.f === "write" && e.type !== "invoke" && e.timeline === 1 && e.lsn !== null && e.lsn > 43775);
    expect(lastOnTl1.map((e) => [e.type, e.lsn])).toEqual([["info", 43846]]);
    expect(report.nodes.map((n) => [n.name, n.role, n.state, n.timeline])).toEqual([
      ["primary", "replica", "streaming", 2], ["s1", "primary", "primary", 2], ["s2", "replica", "streaming", 2],
    ]);
  });
});

describe("examples/slot-fills-disk.json", () => {
  const load = async () => scenarioSchema.parse(JSON.parse(await readFile("examples/slot-fills-disk.json", "utf8")));

  it("the slot holds WAL for the dead s1: the primary's WAL on disk grows, the slot goes unreserved, then lost", async () => {
    const s = new Simulation(await load());
    const seen: string[] = [];
    const retained: number[] = [];
    for (let ms = 500; ms <= 12_000; ms += 50) {
      s.runUntil(ms * 1000);
      const snap = s.snapshot(Number.MAX_SAFE_INTEGER);
      const status = snap.slots[0]!.walStatus;
      if (seen.at(-1) !== status) seen.push(status);
      if (ms % 1000 === 0) retained.push(snap.nodes[0]!.walRetainedBytes!);
    }
    expect(seen).toEqual(["reserved", "unreserved", "lost"]);
    // Disk use climbs ~14 KB a second while s1 is down (400 writes/s), then falls at the invalidation.
    expect(retained.slice(1, 6).every((b, i) => b > retained[i]!)).toBe(true);
    expect(Math.max(...retained)).toBeGreaterThan(140_000);
    expect(retained.at(-1)!).toBeLessThan(30_000);
    expect(s.snapshot(0).log.find((l) => /slot of s1 invalidated/.test(l.text))!.atUs).toBe(7_000_000);
    expect(s.snapshot().nodes.find((n) => n.name === "s1")!.problem).toMatch(/^requested WAL segment at LSN 27622 has already been removed/);
  });

  it("the report: slot lost, s1 cut adrift far behind, nothing lost for the clients", async () => {
    const { report } = await sim("slot-fills-disk.json");
    expect(report.slots).toEqual([{ name: "s1", restartLsn: 27622, walStatus: "lost", retainedBytes: 0 }]);
    expect(report.nodes.find((n) => n.name === "s1")).toMatchObject({ state: "disconnected", lsn: { flush: 27622 } });
    expect(report.nodes.find((n) => n.name === "primary")!.lsn.flush).toBe(344248);
    expect(report.lostAcknowledgedWrites).toBe(0);
  });
});

describe("examples/split-brain-no-fencing.json", () => {
  it("both histories: alice keeps writing to the old primary, bob to s1; the report counts each side", async () => {
    const { report, history } = await sim("split-brain-no-fencing.json");
    expect(op(report, 4)).toMatchObject({ session: "alice", node: "primary", status: "ok", value: "2 books" });
    expect(op(report, 5)).toMatchObject({ session: "bob", node: "s1", status: "ok", value: "1 lamp" });
    expect([op(report, 6).value, op(report, 7).value]).toEqual(["2 books", "1 lamp"]);
    const oldSide = history.filter((e) => e.type === "ok" && e.f === "write" && e.node === "primary" && e.timeUs >= 2_200_000);
    expect(oldSide).toHaveLength(93);
    expect(oldSide.every((e) => e.timeline === 1 && e.timeUs < 4_000_000)).toBe(true);
    expect(report.splitBrain).toEqual([{ node: "primary", fromMs: 2200, acknowledgedWrites: 93 }]);
  });

  it("the failover loses what s1 never got (10); the rewind discards the old primary's 103; alice then sees bob's cart", async () => {
    const { report, history } = await sim("split-brain-no-fencing.json");
    // RPO: from the oldest write lost at the promotion (acknowledged after the cut at 2000 ms) to the promotion.
    const ackedAt = new Map(history.filter((e) => e.type === "ok").map((e) => [e.op, e.timeUs]));
    const lostAtPromotion = history.filter((e) => e.type === "lost" && e.timeUs === 2_200_000).map((e) => ackedAt.get(e.op)!);
    expect(lostAtPromotion).toHaveLength(10);
    expect(Math.min(...lostAtPromotion)).toBeGreaterThan(2_000_000);
    const rpoMs = Math.round(2_200_000 - Math.min(...lostAtPromotion)) / 1000;
    expect(report.failovers).toEqual([{ atMs: 2200, promoted: "s1", from: "primary", automatic: false, lostAcknowledgedWrites: 10, restoredWrites: 0, rpoMs }]);
    expect(report.discarded).toEqual([{ atMs: 4600, node: "primary", how: "rewind", fromLsn: 6667, writes: 103, acknowledgedWrites: 103 }]);
    expect(report.lostAcknowledgedWrites).toBe(10 + 93);
    expect(history.filter((e) => e.type === "lost")).toHaveLength(103);
    expect(report.ledger).toEqual({ acknowledgedDurable: 195, acknowledgedAtRisk: 0, acknowledgedLost: 103, unacknowledgedPresent: 0, neverDurable: 0 });
    expect(op(report, 13)).toMatchObject({ node: "primary", value: "1 lamp" });
    // Once the old primary is shut down (4000 ms) every session writes to s1.
    const late = history.filter((e) => e.type === "ok" && e.f === "write" && e.timeUs > 4_000_000);
    expect(late.length).toBeGreaterThan(50);
    expect(late.every((e) => e.node === "s1" && e.timeline === 2)).toBe(true);
  });
});
