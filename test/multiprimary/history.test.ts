/*
 * A multi-primary run in the history (--history, the page's export) and in the report's
 * top-level conflicts: what an outside checker reads.
 */
import { describe, expect, it } from "vitest";
import { parseScenario, Simulation } from "../../src/engine";
import type { ScenarioInput } from "../../src/engine/scenario/schema";
import type { HistoryEvent, OperationEvent } from "../../src/engine/views";
import { historyEventSchema } from "../../src/cli/historySchema";
import { reportSchema } from "../../src/cli/reportSchema";
import { READ_OP_BASE } from "../../src/engine/clients/reads";
import { TraceRecorder } from "../../src/engine/trace/recorder";
import { mpScenario, runMp } from "./run";

const EU_US = [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30 }];
const THREE = [{ name: "a", networkDelayMs: 5 }, { name: "b", networkDelayMs: 10 }, { name: "c", networkDelayMs: 40 }];

function history(input: ScenarioInput, trace = false): { lines: HistoryEvent[]; sim: Simulation } {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const lines: HistoryEvent[] = [];
  const rec = trace ? new TraceRecorder() : null;
  if (rec) rec.next = (e) => lines.push(e);
  const sim = new Simulation(parsed.scenario, rec ? { trace: rec } : { onHistory: (e) => lines.push(e) });
  sim.runUntil(parsed.scenario.durationMs * 1000);
  sim.finish();
  return { lines, sim };
}

const ops = (lines: HistoryEvent[]) => lines.filter((e): e is OperationEvent => "f" in e);

describe("multi-primary history", () => {
  const divergence = mpScenario("circular", EU_US, [
    { atMs: 100, op: "write", node: "eu", session: "p", key: "x", value: "1", kind: "insert" },
    { atMs: 300, op: "write", node: "eu", session: "p", key: "x", value: "eu", kind: "update" },
    { atMs: 310, op: "write", node: "us", session: "b", key: "x", value: "us", kind: "update" },
    { atMs: 1000, op: "read", node: "eu", session: "p", key: "x" },
    { atMs: 1001, op: "write", node: "us", session: "b", key: "x", value: "dup", kind: "insert" },
    { atMs: 1002, op: "write", node: "us", session: "b", key: "o", table: "orders", value: "lamp", kind: "insert" },
  ]);

  it("every write and read has its invoke and its completion, with the node and the scripted action; the last line ends it", () => {
    const { lines } = history(divergence);
    for (const e of lines) expect(historyEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    const o = ops(lines);
    const writes = o.filter((e) => e.f === "write");
    expect(writes.map((e) => [e.type, e.op, e.node, e.key, e.value, e.action])).toEqual([
      ["invoke", 0, "eu", "x", "1", 0], ["ok", 0, "eu", "x", "1", 0],
      ["invoke", 1, "eu", "x", "eu", 1], ["ok", 1, "eu", "x", "eu", 1],
      ["invoke", 2, "us", "x", "us", 2], ["ok", 2, "us", "x", "us", 2],
      // write 4 is invoked at 1002 ms, before write 3's local commit fails at the same µs
      ["invoke", 3, "us", "x", "dup", 4], ["invoke", 4, "us", "orders.o", "lamp", 5],
      ["fail", 3, "us", "x", "dup", 4], ["ok", 4, "us", "orders.o", "lamp", 5],
    ]);
    // the local commit costs 1 ms: the ok comes 1000 µs after the invoke
    expect(writes[1]!.timeUs - writes[0]!.timeUs).toBe(1000);
    expect(writes[8]!.error).toMatch(/ERROR 1062/);
    // eu holds us's update after the two crossed: its read returns it, naming that write
    const read = o.filter((e) => e.f === "read");
    expect(read.map((e) => [e.type, e.op, e.node, e.value, e.writeOp ?? null])).toEqual([
      ["invoke", READ_OP_BASE, "eu", null, null], ["ok", READ_OP_BASE, "eu", "us", 2]]);
    expect(lines.at(-1)).toEqual({ type: "end", timeUs: 2_000_000, node: null, timeline: null, lsn: null, insertLsn: null });
  });

  it("a write its node crashed on before answering is info (outcome unknown), never ok; a write still waiting at the end is pending", () => {
    const { lines } = history(mpScenario("certification", THREE, [
      { atMs: 100, op: "write", node: "c", session: "s", key: "x", value: "1" },
      { atMs: 110, op: "crash", node: "c" },
      { atMs: 1995, op: "write", node: "a", session: "s", key: "y", value: "2" },
    ]));
    const o = ops(lines);
    expect(o.map((e) => [e.type, e.op])).toEqual([["invoke", 0], ["info", 0], ["invoke", 1], ["pending", 1]]);
    expect(o[1]!.error).toMatch(/c crashed before answering/);
    expect(lines.at(-1)!.type).toBe("end");
  });

  it("the space-time diagram's recorder takes the same lines and passes them on unchanged", () => {
    const plain = history(divergence).lines, traced = history(divergence, true).lines;
    expect(traced).toEqual(plain);
  });
});

describe("multi-primary conflicts in the report", () => {
  it("are the report's top-level conflicts, each with its two writes, and the report passes its schema", () => {
    const r = runMp(mpScenario("circular", EU_US, [
      { atMs: 100, op: "write", node: "eu", session: "p", key: "x", value: "1", kind: "insert" },
      { atMs: 101, op: "write", node: "us", session: "b", key: "x", value: "2", kind: "insert" },
    ]));
    expect(r.conflicts.map((c) => [c.kind, c.node, c.write.node, c.other?.node])).toEqual([
      ["insert_exists", "us", "eu", "us"], ["insert_exists", "eu", "us", "eu"]]);
    expect(r.multiPrimary.conflictCount).toBe(2);
    expect("conflicts" in r.multiPrimary).toBe(false);
    const parsed = reportSchema.safeParse(JSON.parse(JSON.stringify(r)));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
});
