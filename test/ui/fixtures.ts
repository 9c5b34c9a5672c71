/*
 * A hand-made, deterministic cluster for the views: a pure function of virtual time, so the
 * unit tests can pin numbers and the dev demo can animate it without the engine. One primary
 * (timeline 2, after a failover) and 16 replicas: s3 with a 1.2 s apply delay, s5 crashed by a
 * power loss at 2 s, s9 cut off at 3 s, s12 an old primary whose WAL diverged.
 */
import type { AckCause,
  LogEntry, MessageView, NodeView, Snapshot, StandbyView, WaitingCommitView,
} from "../../src/engine/views";

export interface FixtureOptions {
  replicas?: number;
  writesPerSec?: number;
  recordBytes?: number;
  /** how often the primary sends WAL to each replica, µs (smaller: more dots in flight) */
  batchUs?: number;
  /** log entries after this virtual time only (the demo passes the previous nowUs) */
  logAfterUs?: number;
}

const FSYNC_US = 1000;
const CRASH_US = 2_000_000;
const CUT_US = 3_000_000;

interface ReplicaSpec {
  name: string;
  delayUs: number;
  applyDelayUs: number;
  down: boolean;
  cut: boolean;
  diverged: boolean;
}

function specs(n: number): ReplicaSpec[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return {
      name: `s${i}`,
      delayUs: (2 + ((i * 7) % 23)) * 1000,
      applyDelayUs: i === 3 ? 1_200_000 : 0,
      down: i === 5,
      cut: i === 9,
      diverged: i === 12,
    };
  });
}

export function fixtureSnapshot(nowUs: number, opts: FixtureOptions = {}): Snapshot {
  const w = opts.writesPerSec ?? 2000;
  const rec = opts.recordBytes ?? 120;
  const batch = opts.batchUs ?? 1000;
  const insertAt = (t: number) => Math.floor(Math.max(0, t) * w / 1e6) * rec;
  const flushAt = (t: number) => insertAt(t - FSYNC_US);
  const reps = specs(opts.replicas ?? 16);

  const nodes: NodeView[] = [{
    name: "primary", role: "primary", state: "up", crashKind: null, timeline: 2, problem: null, wouldLose: null,
    wouldLoseAtLeast: false, walRetainedBytes: flushAt(nowUs) - flushAt(Math.min(nowUs, CUT_US) - 20_000),
    lsn: { insert: insertAt(nowUs), write: insertAt(nowUs), flush: flushAt(nowUs), replay: flushAt(nowUs) }, secondsBehindSourceUs: null,
    config: { networkDelayMs: 0, jitterMs: 0, fsyncMs: 1, applyDelayMs: 0, lossPercent: 0 },
  }];
  const replication: StandbyView[] = [];
  const inFlight: MessageView[] = [];
  let id = 1;
  for (const r of reps) {
    // What this replica has received by time t: WAL sent one delay earlier, frozen at its fault.
    const stop = r.down ? CRASH_US : r.cut ? CUT_US : r.diverged ? 1_000_000 : Infinity;
    const recvAt = (t: number) => flushAt(Math.min(t, stop) - r.delayUs);
    const write = recvAt(nowUs);
    const flush = recvAt(nowUs - FSYNC_US);
    // Replay under recovery_min_apply_delay moves in steps, so its ACKs often advance flush only.
    const replayT = r.applyDelayUs > 0 ? Math.floor((nowUs - r.applyDelayUs) / 200_000) * 200_000 : nowUs - FSYNC_US - 200;
    const replay = Math.min(flush, recvAt(replayT));
    nodes.push({
      name: r.name, role: "replica", state: r.down ? "down" : r.diverged ? "diverged" : "up",
      crashKind: r.down ? "power" : null, timeline: r.diverged ? 1 : 2,
      problem: r.diverged ? "diverged from the new primary's timeline: needs pg_rewind or a re-clone" : null,
      wouldLose: r.down || r.diverged ? null : Math.floor((flushAt(nowUs) - flush) / 120),
      wouldLoseAtLeast: false,
      walRetainedBytes: null,
      secondsBehindSourceUs: r.down || r.diverged ? null : replay >= write ? 0 : Math.max(0, nowUs - replayT),
      lsn: { insert: 0, write, flush, replay },
      config: { networkDelayMs: r.delayUs / 1000, jitterMs: 1, fsyncMs: 1, applyDelayMs: r.applyDelayUs / 1000, lossPercent: 0 },
    });
    if (r.down || r.diverged) continue;
    const cutNow = r.cut && nowUs >= CUT_US;
    // Rows show the last ACK that arrived: positions one round trip old.
    const rtt = 2 * r.delayUs;
    replication.push({
      name: r.name, state: "streaming",
      sentLsn: cutNow ? flushAt(CUT_US + 500_000) : flushAt(nowUs),
      writeLsn: recvAt(nowUs - r.delayUs), flushLsn: recvAt(nowUs - r.delayUs - FSYNC_US),
      replayLsn: Math.min(recvAt(nowUs - r.delayUs - FSYNC_US), recvAt(replayT - r.delayUs)),
      writeLagUs: cutNow ? nowUs - CUT_US : rtt + 150,
      flushLagUs: cutNow ? nowUs - CUT_US : rtt + FSYNC_US + 150,
      replayLagUs: cutNow ? nowUs - CUT_US : rtt + FSYNC_US + 300 + r.applyDelayUs,
      syncPriority: r.name === "s1" || r.name === "s2" ? (r.name === "s1" ? 1 : 2) : 0,
      syncState: r.name === "s1" ? "sync" : r.name === "s2" ? "potential" : "async",
    });
    if (cutNow) continue;
    // WAL batches in flight: sent at k·batch, arriving one delay later; an ACK answers each.
    const first = Math.max(0, Math.ceil((nowUs - r.delayUs) / batch));
    for (let k = first; k * batch <= nowUs; k++) {
      const sent = k * batch;
      inFlight.push({ id: id++, kind: "wal", from: "primary", to: r.name, sentUs: sent, arriveUs: sent + r.delayUs, lsn: flushAt(sent) });
    }
    const firstAck = Math.max(0, Math.ceil((nowUs - 2 * r.delayUs) / batch));
    for (let k = firstAck; k * batch + r.delayUs <= nowUs; k++) {
      const sent = k * batch + r.delayUs;
      const ack = { write: recvAt(sent), flush: recvAt(sent - FSYNC_US), replay: Math.min(recvAt(sent - FSYNC_US), recvAt(r.applyDelayUs > 0 ? Math.floor((sent - r.applyDelayUs) / 200_000) * 200_000 : sent - FSYNC_US - 200)), cause: (k % 2 === 0 ? "write" : "flush") as AckCause };
      inFlight.push({ id: id++, kind: "ack", from: r.name, to: "primary", sentUs: sent, arriveUs: sent + r.delayUs, lsn: ack.write, ack });
    }
  }
  return assemble(nowUs, nodes, replication, inFlight, opts, w);
}

function assemble(nowUs: number, nodes: NodeView[], replication: StandbyView[], inFlight: MessageView[], opts: FixtureOptions, w: number): Snapshot {
  const attempted = Math.floor(nowUs * w / 1e6);
  const waitingCommits: WaitingCommitView[] = [0, 1, 2].map((k) => ({
    writeId: attempted - k, session: `client${k + 1}`, key: `k${(attempted - k) % 50}`, lsn: nodes[0]!.lsn.insert - k * 120,
    sinceUs: nowUs - 400 - k * 500, waitsFor: `flush of the WAL up to LSN ${nodes[0]!.lsn.insert - k * 120} by s1 (FIRST 1 (s1))`, standbys: ["s1"],
  }));
  const edges = [0, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
  const shape = [0, 0, 2, 9, 30, 120, 240, 90, 25, 6, 2, 1, 0];
  const scale = Math.max(1, attempted / 500);
  const counts = shape.map((c) => Math.round(c * scale));
  return {
    nowUs, primary: "primary",
    commit: {
      preset: null, mode: "postgres",
      postgres: { synchronous_commit: "on", synchronous_standby_names: "FIRST 1 (s1, s2)", wal_sender_timeout_ms: 60_000,
        wal_receiver_timeout_ms: 60_000, wal_receiver_status_interval_ms: 10_000, wal_keep_size_mb: 0,
        max_slot_wal_keep_size_mb: -1, checkpoint_timeout_ms: 300_000, wal_segment_size_mb: 16 },
      semiSync: { waitForCount: 1, waitPoint: "AFTER_SYNC", timeoutMs: 10_000, waitNoReplica: true },
      summary: "A commit waits until s1 (or s2 if s1 is gone) has flushed its WAL.", semiSyncActive: true,
    },
    nodes, replication,
    links: nodes.slice(1).map((n) => ({ a: "primary", b: n.name, cutAB: n.name === "s9" && nowUs >= CUT_US,
      cutBA: n.name === "s9" && nowUs >= CUT_US, delayMs: n.config.networkDelayMs })),
    inFlight, waitingCommits,
    totals: { writesAttempted: attempted, writesAcknowledged: attempted - 3, writesFailed: 0, writesPending: 3,
      reads: Math.floor(attempted / 2), staleReads: Math.floor(nowUs / 700_000), readYourWritesViolations: Math.floor(nowUs / 2_000_000),
      monotonicReadViolations: 0, lostAcknowledgedWrites: nowUs > CRASH_US ? 4 : 0 },
    latency: { p50Us: 2600, p99Us: 21_000, maxUs: 480_000, latestUs: [], bucketEdgesUs: edges, counts },
    slots: [{ name: "s9", restartLsn: nodes.find((n) => n.name === "s9")?.lsn.flush ?? 0, walStatus: "reserved",
      retainedBytes: nodes[0]!.walRetainedBytes ?? 0 }],
    failover: { auto: false, fencing: true, detectMs: 5000 },
    workload: { writesPerSec: 500, readsPerSec: 0, readFrom: "primary", maxLagMs: null, pinWindowMs: null, maxWaitMs: null, breakerQueueMs: null },
    losses: { total: 0, writes: [], failovers: [] },
    wal: [], semiSyncTx: { yes: 0, no: 0 }, stall: null,
    log: fixtureLog(nowUs, opts.logAfterUs ?? -1),
    eventsProcessed: attempted * 40,
  };
}

/** Stale reads on s3 every 0.7 s, a write every 0.25 s, and the faults at their times. */
export function fixtureLog(nowUs: number, afterUs: number): LogEntry[] {
  const out: LogEntry[] = [];
  const add = (atUs: number, kind: LogEntry["kind"], text: string, node?: string) => {
    if (atUs > afterUs && atUs <= nowUs) out.push({ seq: 0, atUs, kind, text, ...(node ? { node } : {}) });
  };
  const from = Math.max(0, afterUs);
  for (let t = Math.ceil(from / 250_000) * 250_000; t <= nowUs; t += 250_000) {
    add(t, "write-ok", `alice wrote x=${t / 250_000} at ${(t / 1000).toFixed(0)} ms`);
  }
  for (let t = Math.ceil(from / 700_000) * 700_000; t <= nowUs; t += 700_000) {
    if (t > 0) add(t + 1, "stale-read", `bob read x on s3: got an older value (apply delay 1.2 s)`, "s3");
  }
  add(CRASH_US, "crash", "s5 lost power: unflushed WAL is gone", "s5");
  add(CUT_US, "partition", "link primary ⇄ s9 cut", "s9");
  add(CRASH_US + 10, "lost-writes", "failover lost 4 acknowledged writes", "primary");
  out.sort((a, b) => a.atUs - b.atUs);
  return out.map((e, i) => ({ ...e, seq: Math.floor(e.atUs) * 10 + i }));
}
