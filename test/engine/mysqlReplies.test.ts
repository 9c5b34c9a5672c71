/*
 * A MySQL/MariaDB replica sends its source nothing but the semi-sync ACK (the binary log
 * position of the events it wrote to its relay log): no flush, apply or status replies as a
 * PostgreSQL walreceiver sends. So the source knows only the ACKed position; SHOW REPLICA STATUS
 * (Seconds_Behind_Source) is the replica's own, and lag-aware routing asks the replica, as
 * ProxySQL does. Liveness is the source's heartbeat, which the replica never answers.
 * (src/engine/mysql; MySQL reference manual "Semisynchronous Replication", "SHOW REPLICA STATUS".)
 */
import { describe, expect, it } from "vitest";
import type { MessageView } from "../../src/engine/views";
import { Lab, pgLab, semiLab } from "./lab";

const near = (name: string, extra = {}) => ({ name, networkDelayMs: 2, jitterMs: 0, fsyncMs: 3, ...extra });

/** Every message seen in flight, sampling every 0.5 ms for `ms` (each crosses a 2+ ms link, so none is missed). */
function watchMessages(lab: Lab, ms: number): Map<number, MessageView> {
  const seen = new Map<number, MessageView>();
  const end = lab.nowMs + ms;
  while (lab.nowMs < end) {
    lab.runFor(0.5);
    for (const m of lab.snapshot().inFlight) seen.set(m.id, m);
  }
  return seen;
}

function writeSome(lab: Lab, n: number): void {
  for (let i = 0; i < n; i++) { lab.write(`k${i}`, String(i)); lab.runFor(20); }
}

describe("what a replica sends back", () => {
  it("semi-sync: only the ACK after writing the relay log, never a flush, apply, status or start reply", () => {
    const lab = semiLab([near("r1"), near("r2", { applyDelayMs: 300 })], {});
    const seen = watchMessages(lab.runTo(3), 40); // their connection requests arrived at 2 ms; the start reply would follow
    lab.write("a", "1");
    for (const [id, m] of watchMessages(lab, 1500)) seen.set(id, m);
    const fromReplicas = [...seen.values()].filter((m) => m.to === "primary");
    expect(fromReplicas.length).toBeGreaterThanOrEqual(2);
    expect(fromReplicas.every((m) => m.kind === "ack" && m.ack!.cause === "write")).toBe(true);
  });

  it("control: the same cluster in PostgreSQL mode sends flush and start replies too", () => {
    const lab = pgLab([near("r1"), near("r2", { applyDelayMs: 300 })], { synchronous_commit: "on", synchronous_standby_names: "" });
    const seen = watchMessages(lab.runTo(3), 40);
    lab.write("a", "1");
    for (const [id, m] of watchMessages(lab, 1500)) seen.set(id, m);
    const causes = new Set([...seen.values()].filter((m) => m.to === "primary").map((m) => m.ack?.cause));
    expect(causes).toEqual(new Set(["start", "write", "flush"]));
  });
});

describe("what the source knows", () => {
  it("only the ACKed position: no flush or apply position, no lags", () => {
    const lab = semiLab([near("r1", { applyDelayMs: 500 })], {});
    lab.runTo(100);
    writeSome(lab, 5);
    lab.runFor(100);
    const row = lab.standby("r1")!;
    expect(row.writeLsn).toBe(lab.node("r1").lsn.write);
    expect(lab.node("r1").lsn.flush).toBe(row.writeLsn); // flushed on the replica, and the source was not told
    expect([row.flushLsn, row.replayLsn, row.writeLagUs, row.flushLagUs, row.replayLagUs]).toEqual([0, 0, null, null, null]);
    expect(lab.report().nodes.find((n) => n.name === "r1")!.lagMs).toEqual({ write: null, flush: null, replay: null });
  });

  it("an idle replica stays connected for minutes: the source's heartbeats keep it, it never answers them", () => {
    const lab = semiLab([near("r1")], {});
    lab.runTo(100);
    lab.write("a", "1");
    lab.runFor(100);
    const seen = watchMessages(lab, 180_000 / 40); // a sample of the quiet: 4.5 s at 0.5 ms
    lab.runFor(180_000);
    for (const [id, m] of watchMessages(lab, 70_000)) seen.set(id, m); // past wal_sender_timeout and wal_receiver_timeout (60 s)
    const all = [...seen.values()];
    expect(all.filter((m) => m.to === "primary")).toEqual([]);
    expect(all.filter((m) => m.from === "primary" && m.kind === "keepalive").length).toBeGreaterThanOrEqual(2);
    expect(lab.standby("r1")?.state).toBe("streaming");
    expect(lab.snapshot().log.filter((l) => l.kind === "disconnect")).toEqual([]);
    // and the next commit still gets its ACK at once
    const op = lab.write("b", "2");
    expect(lab.runUntilAnswered(op).latencyUs).toBe(1000 + 4000);
  });
});

describe("Seconds_Behind_Source, computed on the replica", () => {
  it("the time since the source began the event the SQL thread waits on; 0 once applied; NULL when caught up and not connected", () => {
    const lab = semiLab([near("r1", { applyDelayMs: 4000 })], {});
    lab.runTo(100);
    expect(lab.node("r1").secondsBehindSourceUs).toBe(0);
    const op = lab.write("x", "1");
    const invoked = lab.outcome(op).invokedUs;
    lab.runFor(2500);
    expect(lab.node("r1").secondsBehindSourceUs).toBe(lab.sim.nowUs - invoked);
    lab.runFor(2000);
    expect(lab.node("r1").secondsBehindSourceUs).toBe(0);
    expect(lab.node("primary").secondsBehindSourceUs).toBeNull();
    lab.do({ op: "partition", between: ["primary", "r1"] });
    lab.runFor(70_000); // slave_net_timeout: the I/O thread gives the connection up
    expect(lab.node("r1").secondsBehindSourceUs).toBeNull();
  });

  it("lag-aware reads ask the replica: the delayed one is skipped while it is behind, the other is used", () => {
    const lab = new Lab({
      seed: 5, durationMs: 6000,
      cluster: { primary: { name: "primary", fsyncMs: 1 }, replicas: [near("fast"), near("slow", { applyDelayMs: 1500 })] },
      commit: { semiSync: {} },
      workload: { writesPerSec: 100, readsPerSec: 200, sessions: 8, keys: 20, readFrom: "lag-aware", maxLagMs: 1000 },
    });
    lab.runTo(6000);
    const reads = lab.history.filter((e) => e.f === "read" && e.type === "ok" && e.timeUs > 2_000_000);
    expect(reads.length).toBeGreaterThan(100);
    expect(reads.filter((e) => e.node === "slow")).toEqual([]);
    expect(reads.filter((e) => e.node === "fast").length).toBeGreaterThan(reads.length / 2);
  });
});
