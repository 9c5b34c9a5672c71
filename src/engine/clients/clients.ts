/*
 * Client sessions: scripted and workload writes and reads, their history, and the checks made
 * as they complete (stale reads, read-your-writes and monotonic-read violations, lost
 * acknowledged writes). Versions of a key are ordered by write id: on one primary ids and LSNs
 * rise together, and a newer primary's writes come after the old one's.
 */
import { beginWrite, RECORD_OVERHEAD_BYTES } from "../commit/commitPath";
import { EV_WORKLOAD_READ, EV_WORKLOAD_WRITE } from "../core/eventKinds";
import { msToUs } from "../core/units";
import type { NodeRt } from "../cluster/state";
import type { Timeline } from "../wal/timelines";
import type { Workload } from "../scenario/schema";
import type { Sim } from "../simulation";
import type { Command, HistoryEvent, OperationReport } from "../views";
import { LatencyStats } from "./latency";
import { Router, type SessionState } from "./routing";
import { W_FAILED, W_OK } from "./writeTable";

export class Clients {
  readonly sessions: SessionState[] = [];
  private readonly sessionIds = new Map<string, number>();
  readonly keys: string[] = [];
  private readonly keyIds = new Map<string, number>();
  /** per key id: newest acknowledged write id (-1 none) */
  private latestAcked: number[] = [];
  readonly operations: OperationReport[] = [];
  private readonly opOfWrite = new Map<number, OperationReport>();
  readonly latency = new LatencyStats();
  readonly router: Router;
  workload: Workload;
  private workloadGen = 0;
  private workloadKeys: number[] = [];
  private workloadSessions: number[] = [];
  reads = 0;
  staleReads = 0;
  rywViolations = 0;
  monotonicViolations = 0;
  readFallbacks = 0;
  lostAcknowledged = 0;
  failedWrites = 0;
  private nextOp = 1;

  constructor(private readonly sim: Sim) {
    this.router = new Router(sim);
    for (const [name, cfg] of Object.entries(sim.scenario.sessions)) this.session(name).config = cfg;
    this.workload = sim.scenario.workload;
    this.startWorkload();
  }

  key(name: string): number {
    let id = this.keyIds.get(name);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(name);
      this.keyIds.set(name, id);
      this.latestAcked.push(-1);
    }
    return id;
  }

  session(name: string): SessionState {
    let id = this.sessionIds.get(name);
    if (id === undefined) {
      id = this.sessions.length;
      this.sessions.push({ name, config: { routing: "primary" }, connectedTo: -1, lastWriteUs: -1, lastCommitLsn: 0,
        lastCommitTimeline: 1, wrote: new Map(), read: new Map() });
      this.sessionIds.set(name, id);
    }
    return this.sessions[id]!;
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * The primary a session's connection reaches. A session stays connected to the primary it
   * used last while that node runs as a primary; so after a promotion without fencing, clients
   * still connected to the old primary keep writing there (split brain). Otherwise it connects
   * to the current primary.
   */
  primaryFor(session: SessionState): NodeRt {
    const sim = this.sim;
    const c = session.connectedTo >= 0 ? sim.nodes[session.connectedTo]! : null;
    if (c && !c.removed && c.role === "primary" && c.state === "up") return c;
    session.connectedTo = sim.primary;
    return sim.nodes[sim.primary]!;
  }

  scriptedWrite(cmd: Extract<Command, { op: "write" }>, actionIndex: number): void {
    const session = this.session(cmd.session);
    const target = cmd.node === undefined ? this.primaryFor(session) : this.sim.nodeByName(cmd.node);
    const id = this.startWrite(target, session, this.key(cmd.key), cmd.value, actionIndex, cmd.value.length);
    const op: OperationReport = { action: actionIndex, op: "write", session: cmd.session, key: cmd.key, node: target.name,
      status: "pending", invokedMs: this.sim.now / 1000, completedMs: null, value: cmd.value, stale: false, lsn: null };
    this.operations.push(op);
    this.opOfWrite.set(id, op);
    this.sim.log("write-ok", `${cmd.session} writes ${cmd.key} = ${cmd.value} on ${target.name}`, target.name);
    this.finishIfFailed(id);
  }

  private startWrite(node: NodeRt, session: SessionState, keyId: number, value: string | null, actionIndex: number, valueLen: number): number {
    const sim = this.sim;
    const id = sim.writes.add(sim.now, keyId, this.sessionIds.get(session.name)!, actionIndex, value);
    sim.writes.node[id] = node.idx;
    this.emit({ type: "invoke", f: "write", op: id, process: session.name, key: this.keys[keyId]!, value: sim.writes.value(id),
      timeUs: sim.now, node: node.name, lsn: null, timeline: null, action: actionIndex < 0 ? null : actionIndex });
    session.lastWriteUs = sim.now;
    const refusal = node.state === "down" || node.state === "promoting" ? `could not connect to ${node.name}: it is ${node.state}`
      : node.role !== "primary" || node.state === "diverged" ? `cannot execute INSERT in a read-only transaction (${node.name} is a standby)`
        : null;
    if (refusal) {
      this.failed.set(id, refusal);
      return id;
    }
    beginWrite(sim, node, id, RECORD_OVERHEAD_BYTES + this.keys[keyId]!.length + valueLen);
    return id;
  }

  private readonly failed = new Map<number, string>();

  private finishIfFailed(id: number): void {
    const why = this.failed.get(id);
    if (why === undefined) return;
    this.failed.delete(id);
    this.sim.completeWrite(id, W_FAILED, why);
  }

  onWriteCompleted(id: number, outcome: "ok" | "failed", error?: string, warning?: string): void {
    const sim = this.sim, w = sim.writes;
    const keyId = w.keyId[id]!;
    const session = this.sessions[w.sessionId[id]!]!;
    const ok = outcome === "ok";
    if (!ok) this.failedWrites++;
    if (ok) {
      this.latency.add(sim.now - w.invokeUs[id]!);
      if (w.node[id] !== sim.primary) this.splitBrainAck(id);
      if (id > this.latestAcked[keyId]!) this.latestAcked[keyId] = id;
      const prev = session.wrote.get(keyId);
      if (prev === undefined || prev < id) session.wrote.set(keyId, id);
      session.lastCommitLsn = w.lsn[id]!;
      session.lastCommitTimeline = w.timeline[id]!;
    }
    const indeterminate = !ok && w.status[id] !== W_FAILED;
    const ev: HistoryEvent = { type: ok ? "ok" : indeterminate ? "info" : "fail", f: "write", op: id, process: session.name,
      key: this.keys[keyId]!, value: w.value(id), timeUs: sim.now, node: w.node[id]! >= 0 ? sim.nodes[w.node[id]!]!.name : null,
      lsn: w.lsn[id]! >= 0 ? w.lsn[id]! : null, timeline: w.timeline[id]! || null, action: w.actionIndex[id]! < 0 ? null : w.actionIndex[id]! };
    if (error !== undefined) ev.error = error;
    if (warning !== undefined) ev.warning = warning;
    this.emit(ev);
    const op = this.opOfWrite.get(id);
    if (op) {
      op.status = ok ? "ok" : "failed";
      op.completedMs = sim.now / 1000;
      op.lsn = ev.lsn;
      this.opOfWrite.delete(id);
      if (!ok) sim.log("write-failed", `write ${op.key} = ${op.value} failed: ${error ?? "error"}`, op.node ?? undefined);
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  scriptedRead(cmd: Extract<Command, { op: "read" }>, actionIndex: number): void {
    const session = this.session(cmd.session);
    const node = cmd.node === undefined ? this.routeRead(session) : this.sim.nodeByName(cmd.node);
    const op: OperationReport = { action: actionIndex, op: "read", session: cmd.session, key: cmd.key, node: node.name,
      status: "ok", invokedMs: this.sim.now / 1000, completedMs: this.sim.now / 1000, value: null, stale: false, lsn: null };
    const r = this.read(node, session, this.key(cmd.key), actionIndex);
    op.status = r.ok ? "ok" : "failed";
    op.value = r.value;
    op.stale = r.stale;
    op.lsn = r.lsn;
    this.operations.push(op);
    const text = !r.ok ? `read ${cmd.key} on ${node.name} failed: ${r.error}`
      : `${cmd.session} reads ${cmd.key} on ${node.name}: ${r.value ?? "(none)"}${r.stale ? " — STALE" : ""}`;
    this.sim.log(r.stale ? "stale-read" : "read", text, node.name);
  }

  private routeRead(session: SessionState): NodeRt {
    const r = this.router.route(session);
    if (r.fellBack) this.readFallbacks++;
    return r.node;
  }

  /** Reads a key on a node now; returns the version and whether it missed an acknowledged write. */
  private read(node: NodeRt, session: SessionState, keyId: number, actionIndex: number) {
    const sim = this.sim;
    const base = { type: "invoke" as const, f: "read" as const, op: this.nextOp++ + 0x40000000, process: session.name,
      key: this.keys[keyId]!, value: null, timeUs: sim.now, node: node.name, lsn: null, timeline: null,
      action: actionIndex < 0 ? null : actionIndex };
    this.emit(base);
    this.reads++;
    if (node.state !== "up" && node.state !== "diverged") {
      const error = `could not connect to ${node.name}: it is ${node.state}`;
      this.emit({ ...base, type: "fail", error });
      return { ok: false, value: null, stale: false, lsn: null, error };
    }
    const id = node.kv.get(keyId);
    const latest = this.latestAcked[keyId]!;
    const stale = latest >= 0 && (id === undefined || id < latest);
    if (stale) this.staleReads++;
    const mine = session.wrote.get(keyId);
    if (mine !== undefined && (id === undefined || id < mine)) this.rywViolations++;
    const seen = session.read.get(keyId);
    if (seen !== undefined && (id === undefined || id < seen)) this.monotonicViolations++;
    if (id !== undefined && (seen === undefined || id > seen)) session.read.set(keyId, id);
    const value = id === undefined ? null : sim.writes.value(id);
    const lsn = id === undefined ? null : sim.writes.lsn[id]!;
    this.emit({ ...base, type: "ok", value, lsn, timeline: id === undefined ? null : sim.writes.timeline[id]! });
    return { ok: true, value, stale, lsn, error: "" };
  }

  // ---- the workload generator ----------------------------------------------------------------

  changeWorkload(change: Partial<Workload>): void {
    this.workload = { ...this.workload, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
    this.startWorkload();
    this.sim.log("configure", `workload: ${this.workload.writesPerSec} writes/s, ${this.workload.readsPerSec} reads/s, reads from ${this.workload.readFrom}`);
  }

  private startWorkload(): void {
    const w = this.workload;
    this.workloadGen++;
    this.workloadKeys = Array.from({ length: w.keys }, (_, i) => this.key(`k${i}`));
    this.workloadSessions = Array.from({ length: w.sessions }, (_, i) => {
      const s = this.session(`w${i + 1}`);
      s.config = { routing: w.readFrom, maxLagMs: w.maxLagMs, pinWindowMs: w.pinWindowMs, maxWaitMs: w.maxWaitMs };
      return this.sessionIds.get(s.name)!;
    });
    const start = Math.max(this.sim.now, msToUs(w.startMs));
    if (w.writesPerSec > 0) this.sim.queue.push(start + this.sim.rng.exponentialUs(w.writesPerSec), EV_WORKLOAD_WRITE, 0, this.workloadGen);
    if (w.readsPerSec > 0) this.sim.queue.push(start + this.sim.rng.exponentialUs(w.readsPerSec), EV_WORKLOAD_READ, 0, this.workloadGen);
  }

  private workloadRunning(gen: number): boolean {
    const stop = this.workload.stopMs;
    return gen === this.workloadGen && (stop === undefined || this.sim.now < msToUs(stop));
  }

  onWorkloadWrite(gen: number): void {
    if (!this.workloadRunning(gen)) return;
    const rng = this.sim.rng;
    const session = this.sessions[this.workloadSessions[rng.int(0, this.workloadSessions.length - 1)]!]!;
    const keyId = this.workloadKeys[rng.int(0, this.workloadKeys.length - 1)]!;
    const id = this.startWrite(this.primaryFor(session), session, keyId, null, -1, 8);
    this.finishIfFailed(id);
    this.sim.queue.push(this.sim.now + rng.exponentialUs(this.workload.writesPerSec), EV_WORKLOAD_WRITE, 0, gen);
  }

  onWorkloadRead(gen: number): void {
    if (!this.workloadRunning(gen)) return;
    const rng = this.sim.rng;
    const session = this.sessions[this.workloadSessions[rng.int(0, this.workloadSessions.length - 1)]!]!;
    const keyId = this.workloadKeys[rng.int(0, this.workloadKeys.length - 1)]!;
    const node = this.routeRead(session);
    const r = this.read(node, session, keyId, -1);
    if (r.stale) this.sim.log("stale-read", `${session.name} read ${this.keys[keyId]} on ${node.name}: ${r.value ?? "(none)"} — STALE`, node.name);
    this.sim.queue.push(this.sim.now + rng.exponentialUs(this.workload.readsPerSec), EV_WORKLOAD_READ, 0, gen);
  }

  // ---- loss accounting -----------------------------------------------------------------------

  /**
   * A promotion: every acknowledged write the new primary's history does not hold is lost.
   * RPO runs from the oldest lost write's acknowledgement to the old primary's failure.
   */
  recordFailover(promoted: NodeRt, old: NodeRt, switchLsn: number, automatic: boolean): void {
    const sim = this.sim, w = sim.writes;
    let lost = 0, oldestAck = Infinity;
    for (let id = 0; id < w.count; id++) {
      if (w.status[id] !== W_OK || w.lost[id]) continue;
      const lsn = w.lsn[id]!;
      const owner = lsn <= switchLsn ? sim.wal.owner(promoted.timeline, lsn - 1) : null;
      if (owner && owner.id === w.timeline[id]) continue;
      if (w.timeline[id] === promoted.timeline.id) continue;
      this.markLost(id);
      lost++;
      oldestAck = Math.min(oldestAck, w.completeUs[id]!);
    }
    const failedAt = old.state === "down" ? this.lastCrashUs(old) : sim.now;
    sim.failovers.push({ atUs: sim.now, promoted: promoted.name, from: old.name, automatic, lost,
      rpoUs: lost > 0 ? Math.max(0, failedAt - oldestAck) : 0 });
    if (lost > 0) sim.log("lost-writes", `${lost} acknowledged write(s) lost on failover to ${promoted.name}`, promoted.name);
  }

  private crashTimes = new Map<number, number>();

  lastCrashUs(node: NodeRt): number {
    return this.crashTimes.get(node.idx) ?? this.sim.now;
  }

  /** A primary crashed: acknowledged writes it had not flushed (synchronous_commit = off) are gone. */
  recordCrashLoss(node: NodeRt): void {
    const sim = this.sim, w = sim.writes;
    this.crashTimes.set(node.idx, sim.now);
    let lost = 0;
    for (let id = w.count - 1; id >= 0; id--) {
      if (w.timeline[id] !== node.timeline.id || w.node[id] !== node.idx) continue;
      if (w.lsn[id]! <= node.flushLsn) break;
      if (w.status[id] === W_OK && !w.lost[id]) { this.markLost(id); lost++; }
    }
    if (lost > 0) sim.log("lost-writes", `${lost} acknowledged write(s) never flushed were lost in the crash of ${node.name}`, node.name);
  }

  /** An old primary acknowledged a write after another node was promoted: it can never survive. */
  private splitBrainAck(id: number): void {
    const entry = this.sim.splitBrains.find((b) => b.node === this.sim.writes.node[id]);
    if (!entry) return;
    entry.acknowledged++;
    this.markLost(id);
  }

  /** Writes in [from, to) of a lineage whose WAL is being thrown away (rewind, re-clone). */
  discardRange(tl: Timeline, from: number, to: number): { writes: number; acknowledged: number } {
    const sim = this.sim, w = sim.writes;
    const cur = sim.wal.cursorAt(tl, from);
    let writes = 0, acknowledged = 0;
    while (sim.wal.settle(cur, tl) && cur.tl.starts[cur.index]! < to) {
      const id = cur.tl.writeIds[cur.index]!;
      writes++;
      if (w.status[id] === W_OK) {
        acknowledged++;
        if (!w.lost[id]) this.markLost(id);
      }
      cur.index++;
    }
    return { writes, acknowledged };
  }

  private markLost(id: number): void {
    const w = this.sim.writes;
    w.lost[id] = 1;
    this.lostAcknowledged++;
    const key = w.keyId[id]!;
    // The newest surviving acknowledged write becomes the version reads must not miss.
    if (this.latestAcked[key] === id) {
      let best = -1;
      for (let j = id - 1; j >= 0; j--) if (w.keyId[j] === key && w.status[j] === W_OK && !w.lost[j]) { best = j; break; }
      this.latestAcked[key] = best;
    }
  }

  private emit(e: HistoryEvent): void {
    this.sim.options.onHistory?.(e);
  }
}
