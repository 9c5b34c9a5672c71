/*
 * Whether a write is lost is decided by the history that wins. Issue 16's example: three
 * standbys cut apart from each other; a write only s2 confirmed is lost when s1 is promoted; s1
 * crashes and s2, whose history holds the write, is promoted: the write is back (a `restored`
 * line), the counts follow, and a read on s3, which never got it, is stale again.
 */
import { describe, expect, it } from "vitest";
import { Run } from "./harness";
import { countLosses } from "./outsideChecker";

function cutApart(): Run {
  const r = new Run({
    seed: 16, durationMs: 2000,
    cluster: { primary: { name: "primary" }, replicas: [{ name: "s1" }, { name: "s2" }, { name: "s3" }] },
    commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s1, s2, s3)" } },
  });
  for (const between of [["s1", "s2"], ["s2", "s3"], ["s1", "s3"]] as const) r.do({ op: "partition", between: [...between] });
  return r;
}

describe("a write declared lost that a later promotion brings back", () => {
  it("is lost at s1's promotion, restored at s2's, and a read on s3 that misses it is stale", () => {
    const r = cutApart();
    const first = r.write("x", "1");
    r.to(100);
    r.do({ op: "partition", between: ["primary", "s1"] }).do({ op: "partition", between: ["primary", "s3"] });
    const second = r.write("x", "2");
    r.to(200);
    expect(r.outcome(first).status).toBe("ok");
    expect(r.outcome(second).status).toBe("ok");
    r.do({ op: "crash", node: "primary", kind: "process" }).to(300);
    r.do({ op: "promote", node: "s1" }).to(400);
    expect(r.history.filter((e) => e.type === "lost").map((e) => e.op)).toEqual([second]);
    expect(r.report().lostAcknowledgedWrites).toBe(1);

    r.do({ op: "crash", node: "s1", kind: "process" }).to(500);
    r.do({ op: "promote", node: "s2" }).to(600);
    expect(r.history.filter((e) => e.type === "restored").map((e) => e.op)).toEqual([second]);
    const restoredAt = r.history.find((e) => e.type === "restored")!.timeUs;
    const promotions = r.lines.filter((e) => e.type === "promote");
    expect(promotions.map((e) => [e.node, e.from, e.timeline, e.parentTimeline])).toEqual([["s1", "primary", 2, 1], ["s2", "s1", 3, 1]]);
    // The restored line follows its promotion's line, at the same µs.
    expect(promotions[1]!.timeUs).toBe(restoredAt);
    expect(r.lines.indexOf(promotions[1]!)).toBeLessThan(r.lines.findIndex((e) => e.type === "restored"));

    r.do({ op: "read", session: "reader", key: "x", node: "s3" }).do({ op: "read", session: "reader2", key: "x", node: "s2" });
    r.to(700);
    const reads = r.history.filter((e) => e.f === "read" && e.type === "ok");
    expect(reads.map((e) => [e.node, e.value, e.writeOp])).toEqual([["s3", "1", first], ["s2", "2", second]]);
    const report = r.sim.finish();
    expect(report.reads.stale).toBe(1);
    expect(report.anomalies.find((a) => a.kind === "stale-read")).toMatchObject({ node: "s3", write: second, read: reads[0]!.op });
    expect(report.lostAcknowledgedWrites).toBe(0);
    expect(report.ledger).toMatchObject({ acknowledgedDurable: 2, acknowledgedAtRisk: 0, acknowledgedLost: 0 });
    expect(report.failovers.map((f) => [f.promoted, f.lostAcknowledgedWrites, f.restoredWrites])).toEqual([["s1", 1, 0], ["s2", 0, 1]]);

    // From the history alone, an outside checker finds the same: nothing lost in the end.
    const text = r.lines.map((e) => JSON.stringify(e)).join("\n");
    expect(countLosses(text)).toMatchObject({ durable: 2, atRisk: 0, lost: 0, lostLines: 0, lostByLines: [] });
  });

  it("a read on s3 between the two promotions, while the write counts as lost, is not stale", () => {
    const r = cutApart();
    r.write("x", "1");
    r.to(100);
    r.do({ op: "partition", between: ["primary", "s1"] }).do({ op: "partition", between: ["primary", "s3"] });
    r.write("x", "2");
    r.to(200);
    r.do({ op: "crash", node: "primary", kind: "process" }).to(300);
    r.do({ op: "promote", node: "s1" }).to(400);
    r.do({ op: "read", session: "reader", key: "x", node: "s3" }).to(450);
    expect(r.report().reads.stale).toBe(0);
  });
});

describe("a split brain's late acknowledgement of a write the new primary holds", () => {
  it("is not lost: the commit waited for s1, which had flushed it and was then promoted", () => {
    const r = new Run({
      seed: 16, durationMs: 2000,
      cluster: { primary: { name: "primary" }, replicas: [{ name: "s1" }] },
      commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1)" } },
      failover: { fencing: false },
    });
    r.to(100).do({ op: "partition", between: ["s1", "primary"], oneWay: true });
    const op = r.write("x", "1");
    r.to(300);
    expect(r.outcome(op).status).toBe("pending");
    expect(r.node("s1").lsn.flush).toBeGreaterThanOrEqual(r.node("primary").lsn.flush);
    r.do({ op: "promote", node: "s1" }).to(400);
    // The old primary still runs (no fencing): s1's held replies reach it after the heal and release the commit.
    r.do({ op: "heal", between: ["s1", "primary"] }).to(600);
    expect(r.outcome(op)).toMatchObject({ status: "ok", node: "primary", timeline: 1 });
    expect(r.history.filter((e) => e.type === "lost")).toEqual([]);
    const report = r.sim.finish();
    expect(report.splitBrain).toEqual([{ node: "primary", fromMs: 300, acknowledgedWrites: 0 }]);
    expect(report.lostAcknowledgedWrites).toBe(0);
    expect(report.ledger).toMatchObject({ acknowledgedDurable: 1, acknowledgedLost: 0 });
  });
});
