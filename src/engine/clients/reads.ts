/*
 * The read path: route a read (routing.ts), queue it on the serving node when that node has a
 * capacity (opsPerSec: a FIFO server, so a saturated primary answers late), wait up to
 * maxWaitMs for a causal replica, then read what the node shows: a standby what it has
 * replayed (hot standby), a primary what is visible there (see commitPath.ts).
 */
import { EV_READ_DONE, EV_READ_SERVE, EV_READ_TIMEOUT } from "../core/eventKinds";
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Anomaly, OperationEvent, OperationReport, ParsedCommand as Command } from "../views";
import type { Clients } from "./clients";
import { DEFAULT_MAX_WAIT_MS, type SessionState } from "./routing";
import { serviceStart } from "./capacity";
import { msToUs } from "../core/units";

/** Read op ids start here, so that they never collide with write ids in a history. */
export const READ_OP_BASE = 0x40000000;

interface PendingRead {
  id: number;
  session: SessionState;
  keyId: number;
  node: NodeRt;
  policy: string;
  /** the policy wanted a replica and sent the read to the primary */
  fellBack: boolean;
  /** the circuit breaker sent it to a replica */
  breaker: boolean;
  actionIndex: number;
  op: OperationReport | null;
  value: number | undefined;
  waitLsn: number;
  waitTimeline: number;
  invokeUs: number;
}

export interface PolicyStats {
  reads: number;
  staleReads: number;
  readYourWritesViolations: number;
  monotonicReadViolations: number;
  /** the policy wanted a replica and used the primary (lag-aware and causal fallbacks) */
  fallbacksToPrimary: number;
  /** read-your-writes reads the circuit breaker sent to a replica while the primary was saturated */
  breakerReads: number;
  /** invoke-to-answer time summed over the answered reads (ok or failed) */
  latencyUsTotal: number;
  answered: number;
  failed: number;
}

export class ReadPath {
  private nextId = 1;
  private readonly pending = new Map<number, PendingRead>();
  readonly byPolicy = new Map<string, PolicyStats>();

  constructor(private readonly sim: Sim, private readonly clients: Clients) {}

  scripted(cmd: Extract<Command, { op: "read" }>, actionIndex: number): void {
    const session = this.clients.session(cmd.session);
    const op: OperationReport = { action: actionIndex, op: "read", session: cmd.session, key: cmd.key, node: null,
      status: "pending", invokedMs: this.sim.now / 1000, completedMs: null, value: null, stale: false, lsn: null };
    this.clients.operations.push(op);
    const logical = this.sim.logical, keyName = logical === null ? cmd.key : logical.keyName(cmd.table, cmd.key);
    const keyId = this.clients.key(keyName);
    if (logical !== null) logical.rows.noteKey(keyId, cmd.table, cmd.key);
    this.start(session, keyId, actionIndex, op, cmd.node === undefined ? null : this.sim.nodeByName(cmd.node));
  }

  start(session: SessionState, keyId: number, actionIndex: number, op: OperationReport | null, named: NodeRt | null): void {
    const sim = this.sim;
    const route = named ? { node: named, fellBack: false, breaker: false } : this.clients.router.route(session);
    const policy = named ? "named node" : session.config.routing;
    const stats = this.stats(policy);
    stats.reads++;
    if (route.fellBack) stats.fallbacksToPrimary++;
    if (route.breaker) stats.breakerReads++;
    const r: PendingRead = { id: this.nextId++, session, keyId, node: route.node, policy, fellBack: route.fellBack,
      breaker: route.breaker, actionIndex, op, value: undefined,
      waitLsn: 0, waitTimeline: 0, invokeUs: sim.now };
    if (op) op.node = route.node.name;
    this.pending.set(r.id, r);
    this.clients.checker.readInvoked(READ_OP_BASE + r.id, this.clients.keys[keyId]!, session.name, sim.now);
    this.clients.onHistory?.(this.event(r, "invoke", null));
    // Causal: no replica has the session's last commit yet; wait on one for up to maxWaitMs.
    if (session.config.routing === "causal" && !named && route.fellBack && session.lastCommitLsn > 0) {
      const replica = this.clients.router.anyReplica();
      if (replica) {
        stats.fallbacksToPrimary--;
        r.fellBack = false;
        r.node = replica;
        r.waitLsn = session.lastCommitLsn;
        r.waitTimeline = session.lastCommitTimeline;
        this.waiting++;
        if (op) op.node = replica.name;
        sim.queue.push(sim.now + msToUs(session.config.maxWaitMs ?? DEFAULT_MAX_WAIT_MS), EV_READ_TIMEOUT, r.id);
        return;
      }
    }
    this.enqueue(r);
  }

  /** A standby replayed more: the causal reads waiting for a replica go to the first that can answer. */
  onReplayProgress(node: NodeRt): void {
    // Runs at every replayed record: the check stays here, small enough to be inlined there.
    if (this.waiting !== 0) this.wakeCaughtUp(node);
  }

  private wakeCaughtUp(node: NodeRt): void {
    if (node.role !== "replica" || node.state !== "up") return;
    for (const r of this.pending.values()) {
      if (r.waitLsn > 0 && this.clients.router.hasReplayedLsn(node, r.waitLsn, r.waitTimeline)) {
        r.waitLsn = 0;
        this.waiting--;
        r.node = node;
        if (r.op) r.op.node = node.name;
        this.enqueue(r);
      }
    }
  }

  /** causal reads waiting for a replica to catch up */
  private waiting = 0;

  onTimeout(id: number): void {
    const r = this.pending.get(id);
    if (!r || r.waitLsn === 0) return;
    r.waitLsn = 0;
    this.waiting--;
    r.node = this.clients.primaryFor(r.session);
    if (r.op) r.op.node = r.node.name;
    r.fellBack = true;
    this.stats(r.policy).fallbacksToPrimary++;
    this.enqueue(r);
  }

  private enqueue(r: PendingRead): void {
    const start = serviceStart(this.sim, r.node);
    if (start === null) return this.finish(r, `FATAL: sorry, too many clients already (${r.node.name} is saturated)`);
    if (start > this.sim.now) this.sim.queue.push(start, EV_READ_SERVE, r.id);
    else this.serve(r.id);
  }

  /** The read runs on its node now: it sees what the node shows at this moment. */
  serve(id: number): void {
    const r = this.pending.get(id);
    if (!r) return;
    const n = r.node;
    if (n.state !== "up" && n.state !== "diverged") return this.finish(r, `could not connect to ${n.name}: it is ${n.state}`);
    const version = n.kv.get(r.keyId);
    r.value = version < 0 ? undefined : version;
    const serviceUs = n.opsPerSec > 0 ? Math.round(1e6 / n.opsPerSec) : 0;
    if (serviceUs > 0) this.sim.queue.push(this.sim.now + serviceUs, EV_READ_DONE, r.id);
    else this.finish(r, null);
  }

  /** Calls `f` with the write id each pending read has been given (the retention window keeps those rows). */
  forEachPendingValue(f: (writeId: number) => void): void {
    for (const r of this.pending.values()) if (r.value !== undefined) f(r.value);
  }

  done(id: number): void {
    const r = this.pending.get(id);
    if (r) this.finish(r, null);
  }

  private finish(r: PendingRead, error: string | null): void {
    const sim = this.sim;
    this.pending.delete(r.id);
    const stats = this.stats(r.policy);
    const w = sim.writes, id = error ? undefined : r.value;
    const lsn = id === undefined ? null : w.lsnOf(id);
    let anomalies: readonly Anomaly[] = [];
    if (error) this.clients.checker.readFailed(READ_OP_BASE + r.id);
    else anomalies = this.clients.checker.readReturned(READ_OP_BASE + r.id, id ?? null, lsn, id === undefined ? null : w.timelineOf(id), r.node.name, sim.now);
    this.clients.onHistory?.(this.event(r, error ? "fail" : "ok", error));
    stats.latencyUsTotal += sim.now - r.invokeUs;
    stats.answered++;
    if (error) stats.failed++;
    let stale = false, ryw = false, monotonic = false;
    for (const a of anomalies) {
      if (a.kind === "stale-read") { stats.staleReads++; stale = true; }
      if (a.kind === "read-your-writes") { stats.readYourWritesViolations++; ryw = true; }
      if (a.kind === "monotonic-read") { stats.monotonicReadViolations++; monotonic = true; }
    }
    const key = this.clients.keys[r.keyId]!;
    const value = id === undefined ? null : this.clients.readValue(id);
    if (r.op) Object.assign(r.op, { status: error ? "failed" : "ok", completedMs: sim.now / 1000, value, stale, lsn });
    // The worst finding names the entry's kind; a scripted read is always logged, a workload read only when it is a finding.
    const kind = ryw ? "ryw-violation" : stale ? "stale-read" : monotonic ? "monotonic-violation" : "read";
    if (!r.op && kind === "read") return;
    const verdict = ryw ? " — STALE: misses the session's own write (read-your-writes violation)" : stale ? " — STALE"
      : monotonic ? " — went back in time (monotonic-read violation)" : "";
    sim.log(kind, error ? `read ${key} on ${r.node.name} failed: ${error}`
      : `${r.session.name} reads ${key} on ${r.node.name}: ${value ?? "(none)"}${verdict}`, r.node.name);
  }

  private event(r: PendingRead, type: "invoke" | "ok" | "fail", error: string | null): OperationEvent {
    const w = this.sim.writes;
    const id = type === "ok" ? r.value : undefined;
    const e: OperationEvent = { type, f: "read", op: READ_OP_BASE + r.id, process: r.session.name, key: this.clients.keys[r.keyId]!,
      value: id === undefined ? null : this.clients.readValue(id), timeUs: this.sim.now, node: r.node.name,
      lsn: id === undefined ? null : w.lsnOf(id), timeline: id === undefined ? null : w.timelineOf(id),
      action: r.actionIndex < 0 ? null : r.actionIndex };
    if (type === "ok") e.writeOp = id ?? null;
    if (error) e.error = error;
    if (type !== "invoke") { e.policy = r.policy; e.fellBack = r.fellBack; e.breaker = r.breaker; }
    return e;
  }

  stats(policy: string): PolicyStats {
    let s = this.byPolicy.get(policy);
    if (!s) {
      s = { reads: 0, staleReads: 0, readYourWritesViolations: 0, monotonicReadViolations: 0, fallbacksToPrimary: 0,
        breakerReads: 0, latencyUsTotal: 0, answered: 0, failed: 0 };
      this.byPolicy.set(policy, s);
    }
    return s;
  }
}
