import { describe, expect, test } from "vitest";
import { explain } from "../../src/spacetime/explain";
import { KNOWN_SCENARIO, traced } from "./knownRun";

describe("Let/Then explanations, from the known run", () => {
  const { book } = traced(KNOWN_SCENARIO, 1000);

  test("the stale read: the write it missed, how far its node had replayed, where the write's WAL was", () => {
    const a = book.anomalies.find((x) => x.kind === "stale-read")!;
    const e = explain(book, a)!;
    expect(e.title).toBe("Stale read");
    expect(e.lets).toEqual(["Let W be alice's write of x=\"4\", acknowledged at 0.101 s (its WAL record ends at 0/42)."]);
    expect(e.then).toBe("Then R, bob's read of x on s2 at 0.110 s, returned nothing (no version of the key): s2 had replayed up to 0/0 " +
      "and W ends at 0/42; W's WAL was on the wire to s2 (sent at 0.101 s, arriving at 0.141 s). W had been acknowledged for 9 ms when R began.");
    expect(e.wal?.state).toBe("on-the-wire");
    expect(book.sentUs[e.wal!.message!]).toBe(101_000);
    expect(e.ops).toEqual([a.read, a.write]);
  });

  test("the lost write: its acknowledgement, the power loss, the promotion that dropped it", () => {
    const a = book.anomalies.find((x) => x.kind === "lost-write")!;
    const e = explain(book, a)!;
    expect(e.lets).toEqual([
      "Let W be alice's write of y=\"5\", acknowledged at 0.301 s (its WAL record ends at 0/84).",
      "Let F be the power loss of primary at 0.400 s.",
    ]);
    expect(e.then).toBe("Then s2 was promoted at 0.500 s on timeline 2 with switch point 0/42: W ends at 0/84, past it, " +
      "so the history that won does not hold W.");
    expect(e.band?.kind).toBe("power-loss");
    expect(e.markUs).toBe(500_000);
  });

  test("a read that had already received the write's WAL but not replayed it (recovery_min_apply_delay)", () => {
    const { book: b } = traced({
      seed: 2, durationMs: 1000, cluster: { replicas: [{ name: "s1", networkDelayMs: 1, applyDelayMs: 300 }] },
      actions: [{ atMs: 100, op: "write", session: "alice", key: "x", value: "1" },
        { atMs: 200, op: "read", session: "bob", key: "x", node: "s1" }],
    }, 1000);
    const e = explain(b, b.anomalies.find((x) => x.kind === "stale-read")!)!;
    // flushed at 101 ms, 1 ms on the wire; replay waits recovery_min_apply_delay = 300 ms
    expect(e.wal?.state).toBe("received-not-replayed");
    expect(e.then).toContain("s1 had received W's WAL at 0.102 s but not yet replayed it");
  });
});
