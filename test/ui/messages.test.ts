import { describe, expect, it } from "vitest";
import type { MessageView, WalRecordView } from "../../src/engine/views";
import { ackLabel, ackStyle, countDots, progress, tokenStyle, walLabel } from "../../src/ui/views/messages";
import { LABEL_LIMIT, prepareTokens } from "../../src/ui/views/picture/tokens";
import { track } from "../../src/ui/views/layout";
import type { SpriteCache } from "../../src/ui/views/picture/sprites";
import { fixtureSnapshot } from "./fixtures";

const ack = (id: number, cause: NonNullable<MessageView["ack"]>["cause"]): MessageView => ({
  id, kind: "ack", from: "s1", to: "primary", sentUs: 0, arriveUs: 1000, lsn: 100, ack: { write: 100, flush: 100, replay: 100, cause },
});

/** A sprite cache that records what it was asked for (the page's draws on a canvas). */
function fakeSprites(): SpriteCache & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: (style: string, label: string | null) => {
      asked.push(`${style}:${label}`);
      return { image: null as unknown as HTMLCanvasElement, width: 10, height: 10 };
    },
    reset: () => undefined,
  } as unknown as SpriteCache & { asked: string[] };
}

describe("ACK labels come from the cause the engine gives each reply", () => {
  it("write, flush and apply replies keep their kind; timer, ping and start replies are status", () => {
    expect(tokenStyle(ack(1, "write"))).toBe("ack-write");
    expect(tokenStyle(ack(2, "flush"))).toBe("ack-flush");
    expect(tokenStyle(ack(3, "apply"))).toBe("ack-apply");
    for (const c of ["status", "reply", "start"] as const) expect(ackStyle(c)).toBe("ack-status");
  });

  it("speak MySQL in semi-sync mode: the reply after a write is the semi-sync ACK", () => {
    expect(ackLabel("ack-write", "postgres")).toBe("write");
    expect(ackLabel("ack-write", "semiSync")).toBe("ACK");
    expect(ackLabel("ack-apply", "postgres")).toBe("apply");
  });

  it("a WAL record is labelled with what it holds, found by its end LSN", () => {
    const r: WalRecordView = { startLsn: 100, endLsn: 160, writeId: 1, key: "x", value: "3", session: "client", timeline: 1 };
    const records = new Map([[160, r]]);
    expect(walLabel(160, records)).toBe("x=3");
    expect(walLabel(999, records)).toBe("WAL");
    expect(walLabel(160, new Map([[160, { ...r, key: "a-long-key", value: "12345" }]]))).toBe("a-long-k…");
  });
});

describe("tokens", () => {
  it("interpolate from send to arrival, clamped", () => {
    expect(progress(1000, 3000, 500)).toBe(0);
    expect(progress(1000, 3000, 2000)).toBe(0.5);
    expect(progress(1000, 3000, 9000)).toBe(1);
    expect(progress(1000, 1000, 1000)).toBe(1);
  });

  it("are prepared once per snapshot, one per message between placed nodes, as plain shapes grouped by kind when crowded", () => {
    const snap = fixtureSnapshot(5_000_000, { batchUs: 1000 });
    const positions = new Map(snap.nodes.map((n, i) => [n.name, { x: i * 10, y: i * 5 }]));
    const sprites = fakeSprites();
    const t = prepareTokens(snap, positions, () => ({ width: 20, height: 10 }), sprites, 6);
    expect(t.count).toBe(snap.inFlight.length);
    const c = countDots(snap.inFlight);
    expect(c.wal).toBeGreaterThan(LABEL_LIMIT);
    // No words, so no sprites: each kind is one contiguous run, drawn as one path.
    expect(sprites.asked).toEqual([]);
    expect(t.sprites).toBeNull();
    const sizes = new Map(t.runs.map((r) => [r.style, r.end - r.start]));
    expect(sizes.get("wal")).toBe(c.wal);
    expect(new Set(t.runs.map((r) => r.style)).size).toBe(t.runs.length);
    expect(t.runs.reduce((n, r) => n + r.end - r.start, 0)).toBe(t.count);
    t.runs.forEach((r, i) => expect(r.start).toBe(i === 0 ? 0 : t.runs[i - 1]!.end));
    // The packing kept each message with its own link and times: the first WAL token is the
    // first WAL message, on the track from its sender to its receiver.
    const firstWal = snap.inFlight.find((m) => m.kind === "wal")!;
    const card = { width: 20, height: 10 };
    const seg = track(positions.get(firstWal.from)!, positions.get(firstWal.to)!, card, card, 6);
    const o = t.runs.find((r) => r.style === "wal")!.start * 6;
    expect([...t.tracks.subarray(o, o + 6)]).toEqual([seg.x0, seg.y0, seg.x1, seg.y1, firstWal.sentUs, firstWal.arriveUs]);
  });

  it("carry words when few are in flight", () => {
    const snap = fixtureSnapshot(5_000_000, { batchUs: 1000 });
    const few = { ...snap, inFlight: [ack(1, "flush"), ack(2, "write")] };
    const sprites = fakeSprites();
    const positions = new Map(snap.nodes.map((n, i) => [n.name, { x: i * 10, y: i * 5 }]));
    prepareTokens(few, positions, () => ({ width: 20, height: 10 }), sprites, 6);
    expect(sprites.asked).toEqual(["ack-flush:flush", "ack-write:write"]);
  });

  it("skip messages to or from a node that has no place yet", () => {
    const snap = fixtureSnapshot(5_000_000, { batchUs: 1000 });
    const positions = new Map(snap.nodes.filter((n) => n.name !== "s1").map((n, i) => [n.name, { x: i * 10, y: 0 }]));
    const t = prepareTokens(snap, positions, () => ({ width: 20, height: 10 }), fakeSprites(), 6);
    const s1 = snap.inFlight.filter((m) => m.from === "s1" || m.to === "s1").length;
    expect(s1).toBeGreaterThan(0);
    expect(t.count).toBe(snap.inFlight.length - s1);
  });
});
