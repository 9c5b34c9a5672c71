import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../src/engine/views";
import { badgeOf, flashesSince, isReadYourWritesViolation, passes } from "../../src/ui/views/logKinds";
import { clusterStructure, describeNode, structureKey } from "../../src/ui/views/clusterModel";
import { fixtureLog, fixtureSnapshot } from "./fixtures";

const e = (seq: number, kind: LogEntry["kind"], node?: string, text = ""): LogEntry => ({ seq, atUs: seq, kind, text, ...(node ? { node } : {}) });

describe("log entries", () => {
  it("flash the node that served a stale read, once per node, only for new entries", () => {
    const log = [e(1, "stale-read", "s1"), e(2, "write-ok", "primary"), e(3, "stale-read", "s3"), e(4, "stale-read", "s3"), e(5, "crash", "s2")];
    expect(flashesSince(log, 0).map((f) => f.node)).toEqual(["s1", "s3"]);
    expect(flashesSince(log, 3).map((f) => f.node)).toEqual(["s3"]);
    expect(flashesSince(log, 5)).toEqual([]);
  });

  it("filter routine traffic out of the notable view", () => {
    expect(passes(e(1, "write-ok"), "notable")).toBe(false);
    expect(passes(e(1, "crash"), "notable")).toBe(true);
    expect(passes(e(1, "crash"), "findings")).toBe(false);
    expect(passes(e(1, "lost-writes"), "findings")).toBe(true);
    expect(passes(e(1, "read"), "all")).toBe(true);
  });

  it("recognise a read-your-writes violation from its text", () => {
    expect(isReadYourWritesViolation(e(1, "stale-read", "s1", "alice read x on s1: read-your-writes violated"))).toBe(true);
    expect(isReadYourWritesViolation(e(1, "stale-read", "s1", "bob read x on s1 — STALE"))).toBe(false);
  });

  it("the fixture log has increasing seq across calls", () => {
    const first = fixtureLog(2_000_000, -1);
    const next = fixtureLog(4_000_000, 2_000_000);
    const seqs = [...first, ...next].map((x) => x.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});

describe("cluster structure", () => {
  it("changes its key only when something structural changes", () => {
    const a = fixtureSnapshot(6_000_000);
    const b = fixtureSnapshot(6_016_000);
    expect(structureKey(a)).toBe(structureKey(b));
    expect(structureKey({ ...a, nodes: a.nodes.map((n) => (n.name === "s2" ? { ...n, state: "down" as const } : n)) })).not.toBe(structureKey(a));
  });

  it("marks awaited standbys, cut links and links to crashed nodes", () => {
    const st = clusterStructure(fixtureSnapshot(6_000_000));
    expect(st.nodes.filter((n) => n.awaited).map((n) => n.name)).toEqual(["s1"]);
    expect(st.links.find((l) => l.b === "s9")!.cutAB).toBe(true);
    expect(st.links.find((l) => l.b === "s5")!.dead).toBe(true);
    expect(describeNode(st.nodes.find((n) => n.name === "s5")!)).toBe("s5: replica, down (power loss), timeline 2, not connected to the primary");
  });
});

describe("badgeOf", () => {
  const entry = (kind: LogEntry["kind"], text: string): LogEntry => ({ seq: 1, atUs: 0, kind, text });
  it("badges a hang, a power loss and a fence apart from a crash", () => {
    expect(badgeOf(entry("crash", "s1 hung (silent to peers; keeps its data)"))).toBe("hang");
    expect(badgeOf(entry("crash", "s1 lost power (unflushed WAL gone, silent to peers)"))).toBe("power loss");
    expect(badgeOf(entry("crash", "s1 crashed (process; peers see the connection close)"))).toBe("crash");
    expect(badgeOf(entry("restart", "s1 resumed after hanging"))).toBe("resume");
  });
});
