import { describe, expect, it } from "vitest";
import type { MessageView, StandbyView } from "../../src/engine/views";
import { ackStage, countDots, inferAckStages, progress } from "../../src/ui/views/messages";
import { dotCount, prepareDots } from "../../src/ui/views/dots";
import { fixtureSnapshot } from "./fixtures";

const row = (name: string, write: number, flush: number, replay: number): StandbyView => ({
  name, state: "streaming", sentLsn: write, writeLsn: write, flushLsn: flush, replayLsn: replay,
  writeLagUs: null, flushLagUs: null, replayLagUs: null, syncPriority: 0, syncState: "async",
});

const ack = (id: number, from: string, sentUs: number, write: number, flush: number, replay: number): MessageView => ({
  id, kind: "ack", from, to: "primary", sentUs, arriveUs: sentUs + 1000, lsn: flush, ack: { write, flush, replay },
});

describe("ACK stages", () => {
  it("name the furthest stage that moved", () => {
    const before = { write: 100, flush: 100, replay: 100 };
    expect(ackStage({ write: 200, flush: 100, replay: 100 }, before)).toBe("write");
    expect(ackStage({ write: 200, flush: 200, replay: 100 }, before)).toBe("flush");
    expect(ackStage({ write: 200, flush: 200, replay: 150 }, before)).toBe("replay");
    expect(ackStage(before, before)).toBe("none");
    expect(ackStage(before, undefined)).toBe("unknown");
  });

  it("compare each ACK with the one before it on the same link, the oldest with the row", () => {
    // Sent out of id order on purpose: the link order is by send time.
    const inFlight = [ack(2, "s1", 2000, 300, 300, 100), ack(1, "s1", 1000, 300, 200, 100), ack(3, "s2", 1000, 50, 50, 50)];
    const stages = inferAckStages(inFlight, [row("s1", 200, 200, 100)]);
    expect(stages.get(1)).toBe("write");
    expect(stages.get(2)).toBe("flush");
    expect(stages.get(3)).toBe("unknown");
  });
});

describe("dots", () => {
  it("interpolate from send to arrival, clamped", () => {
    expect(progress(1000, 3000, 500)).toBe(0);
    expect(progress(1000, 3000, 2000)).toBe(0.5);
    expect(progress(1000, 3000, 9000)).toBe(1);
    expect(progress(1000, 1000, 1000)).toBe(1);
  });

  it("are prepared once per snapshot, one per message between placed nodes", () => {
    const snap = fixtureSnapshot(5_000_000, { batchUs: 1000 });
    const positions = new Map(snap.nodes.map((n, i) => [n.name, { x: i * 10, y: i * 5 }]));
    const batches = prepareDots(snap, positions, () => ({ width: 20, height: 10 }));
    expect(dotCount(batches)).toBe(snap.inFlight.length);
    const c = countDots(snap.inFlight);
    expect(batches.get("wal")!.length / 6).toBe(c.wal);
    expect(c.wal).toBeGreaterThan(100);
    expect(c.ack).toBeGreaterThan(100);
  });

  it("skip messages to or from a node that has no place yet", () => {
    const snap = fixtureSnapshot(5_000_000, { batchUs: 1000 });
    const positions = new Map(snap.nodes.filter((n) => n.name !== "s1").map((n, i) => [n.name, { x: i * 10, y: 0 }]));
    const batches = prepareDots(snap, positions, () => ({ width: 20, height: 10 }));
    const s1 = snap.inFlight.filter((m) => m.from === "s1" || m.to === "s1").length;
    expect(s1).toBeGreaterThan(0);
    expect(dotCount(batches)).toBe(snap.inFlight.length - s1);
  });
});
