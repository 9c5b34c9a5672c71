import { describe, expect, test } from "vitest";
import { diagramOf, type Diagram } from "../../src/spacetime/geometry";
import { KNOWN_SCENARIO, traced } from "./knownRun";

const ALL = { fromUs: 0, toUs: 1e6, nowUs: 1e6, showKeepalives: false };

function arrowsOf(d: Diagram, kind: string): string[] {
  return d.arrows.filter((a) => a.kind === kind)
    .map((a) => `${d.lanes[a.from]!.name}→${d.lanes[a.to]!.name} ${a.sentUs}..${a.arriveUs} ${a.label}`);
}

describe("the space-time diagram of a known run", () => {
  const { book } = traced(KNOWN_SCENARIO, 1000);
  const d = diagramOf(book, ALL);

  test("one lane per node, then one per session", () => {
    expect(d.lanes.map((l) => `${l.kind}:${l.name}`)).toEqual(["node:primary", "node:s1", "node:s2", "session:alice", "session:bob"]);
  });

  test("WAL arrows carry the write's LSN range; s2's second one never leaves the cut link", () => {
    // alice's x=4 is a 66-byte record (64 + key + value) at 0/0, flushed at 101 ms, 5 ms to s1 and 40 ms to s2;
    // y=5 at 300 ms reaches s1 only: the link to s2 was cut at 200 ms.
    expect(arrowsOf(d, "wal")).toEqual([
      "primary→s1 101000..106000 WAL 0/0–0/42",
      "primary→s2 101000..141000 WAL 0/0–0/42",
      "primary→s1 301000..306000 WAL 0/42–0/84",
    ]);
  });

  test("standby feedback is labelled by the position it advanced", () => {
    const s1 = arrowsOf(d, "ack-flush").filter((a) => a.startsWith("s1"));
    expect(s1).toEqual(["s1→primary 107000..112000 flush 0/42", "s1→primary 307000..312000 flush 0/84"]);
    expect(arrowsOf(d, "ack-apply")).toEqual(["s1→primary 306000..311000 replay 0/42"]);
  });

  test("a session's operations are spans; the stale read and the lost write are flagged", () => {
    const spans = d.spans.map((s) => `${s.span.process} ${s.span.f} ${s.span.key} ${s.invokeUs}..${s.endUs}` +
      `${s.stale ? " stale" : ""}${s.lost ? " lost" : ""}`);
    expect(spans).toEqual(["alice write x 100000..101000", "bob read x 110000..110000 stale", "alice write y 300000..301000 lost"]);
    expect(d.spans[1]!.span.replayLsn).toBe(0);
    expect(d.spans[2]!.span.lostUs).toBe(500000);
  });

  test("bands: both directions of the cut link from 200 ms, the power loss from 400 ms, open until now", () => {
    const bands = d.bands.map((b) => `${b.band.kind} ${d.lanes[b.lane]!.name}${b.peerLane === null ? "" : `→${d.lanes[b.peerLane]!.name}`} ${b.fromUs}..${b.toUs}`);
    expect(bands.sort()).toEqual(["cut primary→s2 200000..1000000", "cut s2→primary 200000..1000000", "power-loss primary 400000..1000000"]);
    expect(d.bands.every((b) => b.band.toUs === null)).toBe(true);
  });

  test("the promotion is a mark on the promoted node's lane", () => {
    expect(d.marks).toEqual([{ kind: "promote", lane: 2, atUs: 500000, text: "s2 promoted (timeline 2, switch point 0/42)" }]);
  });

  test("a window shows only what meets it, and nothing after now", () => {
    const w = diagramOf(book, { fromUs: 290_000, toUs: 320_000, nowUs: 1e6, showKeepalives: false });
    expect(w.arrows.map((a) => a.label)).toEqual(["WAL 0/42–0/84", "replay 0/42", "flush 0/84"]);
    expect(w.spans.map((s) => s.span.key)).toEqual(["y"]);
    const early = diagramOf(book, { fromUs: 0, toUs: 1e6, nowUs: 105_000, showKeepalives: false });
    expect(early.arrows.every((a) => a.sentUs <= 105_000)).toBe(true);
    expect(early.spans.map((s) => s.span.key)).toEqual(["x"]);
  });
});

describe("bands of promises not kept", () => {
  test("sync commit with its only standby down: no synchronous standby, then a stall, both closed by the restart", () => {
    const { book } = traced({
      seed: 1, durationMs: 5000, commit: { preset: "sync" },
      cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }] },
      actions: [{ atMs: 100, op: "crash", node: "s1" }, { atMs: 200, op: "write", key: "k", value: "v" },
        { atMs: 2000, op: "restart", node: "s1" }],
    }, 3000);
    const d = diagramOf(book, { ...ALL, toUs: 3e6, nowUs: 3e6 });
    const byKind = new Map(d.bands.map((b) => [b.band.kind, b]));
    expect(byKind.get("crash")).toMatchObject({ fromUs: 100_000, toUs: 2_000_000 });
    const nosync = byKind.get("no-sync-standby")!;
    // the primary learns of the process crash when the closed connection reaches it, 2 ms later
    expect(nosync.fromUs).toBe(102_000);
    // closed once s1 is streaming again and has replied (a sync candidate only then, as syncrep.c says)
    // restart at 2000 ms, connect arrives 2002, connected 2004, its first reply reaches the primary at 2006
    expect(nosync.band.toUs).toBe(2_006_000);
    const stall = byKind.get("stall")!;
    expect(stall.fromUs).toBe(200_000);
    // and the reply after its fsync (1 ms) confirms the flush the waiting commit needs
    expect(stall.band.toUs).toBe(2_007_000);
  });

  test("semi-sync: switched OFF after its timeout, ON again once a replica ACKs", () => {
    const { book } = traced({
      seed: 1, durationMs: 5000, commit: { preset: "semi-sync", semiSync: { timeoutMs: 500 } },
      cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }] },
      actions: [{ atMs: 100, op: "partition", between: ["primary", "s1"] }, { atMs: 200, op: "write", key: "k", value: "v" },
        { atMs: 1500, op: "heal", between: ["primary", "s1"] }, { atMs: 1600, op: "write", key: "k", value: "w" }],
    }, 3000);
    const off = book.bands.filter((b) => b.kind === "semi-sync-off");
    expect(off).toHaveLength(1);
    // the write's local flush ends at 201 ms; it then waits rpl_semi_sync_master_timeout = 500 ms
    expect(off[0]!.fromUs).toBe(701_000);
    expect(off[0]!.toUs).toBeGreaterThan(1_500_000);
    expect(off[0]!.toUs).toBeLessThan(1_700_000);
  });
});

describe("keepalives", () => {
  test("an idle cluster's keepalives and empty status replies are folded unless asked for", () => {
    const { book } = traced({ seed: 1, durationMs: 40_000, cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }] } }, 35_000);
    const window = { fromUs: 1_000_000, toUs: 35_000_000, nowUs: 35_000_000 };
    const folded = diagramOf(book, { ...window, showKeepalives: false });
    const shown = diagramOf(book, { ...window, showKeepalives: true });
    expect(folded.arrows).toEqual([]);
    // wal_receiver_status_interval = 10 s: a status reply at 10, 20 and 30 s that moves nothing; at
    // 30 s (half of wal_sender_timeout = 60 s) the primary's keepalive asks for a reply, and gets one
    const replies = shown.arrows.filter((a) => a.kind === "reply").map((a) => Math.round(a.sentUs / 1e6));
    expect(replies).toEqual([10, 20, 30, 30]);
    // (timed from the standby's first reply, which reached the primary at 6 ms)
    expect(shown.arrows.filter((a) => a.kind === "keepalive").map((a) => a.sentUs)).toEqual([30_006_000]);
    expect(folded.folded).toBe(shown.arrows.length);
    expect(shown.arrows.every((a) => a.kind === "reply" || a.kind === "keepalive")).toBe(true);
  });
});
