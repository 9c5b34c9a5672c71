import { describe, expect, it } from "vitest";
import { HistorySink } from "../../src/cli/historySink";
import type { OperationEvent as HistoryEvent } from "../../src/engine/views";

const event = (op: number): HistoryEvent => ({
  type: "invoke", f: "write", op, process: "w1", key: "k", value: "v", timeUs: op, node: "primary", lsn: null,
  timeline: null, action: null,
});

describe("HistorySink", () => {
  it("batches lines into chunks, asks to wait when the target is full, and flushes the rest on close", async () => {
    const chunks: string[] = [];
    let full = false;
    let drains = 0;
    let closed = false;
    const sink = new HistorySink({
      write: (chunk) => { chunks.push(chunk); return !full; },
      drained: async () => { drains++; },
      close: async () => { closed = true; },
    }, 1000);
    for (let i = 0; i < 30; i++) sink.push(event(i));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.length).toBeLessThan(30);
    expect(sink.mustWait).toBe(false);
    full = true;
    for (let i = 30; i < 60; i++) sink.push(event(i));
    expect(sink.mustWait).toBe(true);
    await sink.wait();
    expect(drains).toBe(1);
    expect(sink.mustWait).toBe(false);
    await sink.close();
    expect(closed).toBe(true);
    const lines = chunks.join("").trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as HistoryEvent).op)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(sink.lines).toBe(60);
  });
});
