/*
 * Client sessions: scripted and workload writes and reads and their history. Every history
 * event goes to the consistency checker (which watches from outside, as an independent checker
 * reading `--history` would) and to the caller's onHistory hook.
 */
import { NameIds } from "../core/nameIds";
import { beginWrite, RECORD_OVERHEAD_BYTES } from "../commit/commitPath";
import { ConsistencyChecker } from "../checker/consistencyChecker";
import { EV_WORKLOAD_READ, EV_WORKLOAD_WRITE, EV_WRITE_SERVE } from "../core/eventKinds";
import { exponentialUsOf } from "../core/rng";
import { msToUs } from "../core/units";
import type { NodeRt } from "../cluster/state";
import type { Workload } from "../scenario/schema";
import type { Sim } from "../simulation";
import type { HistoryEvent, OperationEvent, OperationReport } from "../views";
import { serviceStart } from "./capacity";
import { LatencyStats } from "./latency";
import { Losses } from "./losses";
import { ReadPath } from "./reads";
import { Router, type SessionState } from "./routing";
import { ackFactsOf, decimalDigits, W_FAILED, W_OK } from "./writeTable";
import { CommandError } from "../api";
import type { KeyedWrite } from "./keyedWrite";

export class Clients {
  readonly sessions: SessionState[] = [];
  private readonly sessionIds = new NameIds();
  readonly keys: string[] = [];
  private readonly keyIds = new NameIds();
  readonly operations: OperationReport[] = [];
  private readonly opOfWrite = new Map<number, OperationReport>();
  readonly latency = new LatencyStats();
  readonly router: Router;
  readonly reads: ReadPath;
  readonly checker: ConsistencyChecker;
  readonly losses: Losses;
  workload: Workload;
  private workloadGen = 0;
  private workloadKeys: number[] = [];
  /** the first workload key's id when their ids run consecutively (the usual case): then the
   * key is computed instead of read from the list, one random memory access fewer per operation */
  private workloadKeyBase = -1;
  private workloadSessions: number[] = [];
  failedWrites = 0;

  constructor(private readonly sim: Sim) {
    this.checker = new ConsistencyChecker(sim.expectedWrites, ackFactsOf(sim.writes));
    this.router = new Router(sim);
    this.reads = new ReadPath(sim, this);
    this.losses = new Losses(sim, this);
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
      sameId(this.checker.keyId(name), id);
    }
    return id;
  }

  session(name: string): SessionState {
    let id = this.sessionIds.get(name);
    if (id === undefined) {
      id = this.sessions.length;
      this.sessions.push({ name, config: { routing: "primary" }, connectedTo: -1, lastWriteUs: -1, lastCommitLsn: 0,
        lastCommitTimeline: 1 });
      this.sessionIds.set(name, id);
      sameId(this.checker.processId(name), id);
    }
    return this.sessions[id]!;
  }

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

  /** The caller's history hook; history events are built only when there is one. */
  get onHistory(): ((e: HistoryEvent) => void) | undefined {
    // With a trace recorder it takes every event first, and passes it on to onHistory.
    const o = this.sim.options;
    return o.trace ? o.trace.onHistory : o.onHistory;
  }

  // ---- writes --------------------------------------------------------------------------------

  scriptedWrite(cmd: KeyedWrite, actionIndex: number): void {
    const session = this.session(cmd.session);
    const target = cmd.node === undefined ? this.primaryFor(session) : this.sim.nodeByName(cmd.node);
    const logical = this.sim.logical;
    const isDelete = cmd.kind === "delete";
    if (cmd.value === undefined && !isDelete) throw new CommandError("value: a write needs a value (only a delete may omit it)");
    const value = cmd.value ?? "";
    const op: OperationReport = { action: actionIndex, op: "write", session: cmd.session, key: cmd.key, node: target.name,
      status: "pending", invokedMs: this.sim.now / 1000, completedMs: null, value: isDelete ? null : value, stale: false, lsn: null };
    this.operations.push(op);
    const keyName = logical === null ? cmd.key : logical.keyName(cmd.table, cmd.key);
    const id = this.sim.writes.add(this.sim.now, this.key(keyName), this.sessionIds.get(session.name)!, actionIndex, value);
    this.opOfWrite.set(id, op);
    if (logical !== null) logical.noteWrite(id, cmd);
    this.sim.log("write-ok", isDelete ? `${cmd.session} deletes ${keyName} on ${target.name}`
      : `${cmd.session} writes ${keyName} = ${value} on ${target.name}`, target.name);
    this.startWrite(target, session, id);
  }

  private startWrite(node: NodeRt, session: SessionState, id: number): void {
    const sim = this.sim, w = sim.writes;
    w.node[id - w.base] = node.idx;
    if (this.onHistory) this.emitInvoke(id, session, node);
    session.lastWriteUs = sim.now;
    const start = node.state === "up" ? serviceStart(sim, node) : sim.now;
    if (start === null) return sim.completeWrite(id, W_FAILED, `FATAL: sorry, too many clients already (${node.name} is saturated)`);
    if (start > sim.now) sim.queue.push(start, EV_WRITE_SERVE, id);
    else this.serveWriteOn(node, id);
  }

  /** The write reaches the front of its node's queue: the node appends it to its WAL, or refuses. */
  serveWrite(id: number): void {
    this.serveWriteOn(this.sim.nodes[this.sim.writes.nodeOf(id)]!, id);
  }

  private serveWriteOn(node: NodeRt, id: number): void {
    if ((node.state !== "up" || node.role !== "primary") && this.refused(node, id)) return;
    const w = this.sim.writes, logical = this.sim.logical;
    const bytes = RECORD_OVERHEAD_BYTES + this.keyLength(w.keyIdOf(id)) + Math.min(w.valueLength(id), 4096);
    if (logical === null) return beginWrite(this.sim, node, id, bytes);
    if (logical.takeWrite(node, id)) beginWrite(this.sim, node, id, logical.recordBytes(id, bytes));
  }

  /**
   * An UPDATE or DELETE that matched no row: it commits at once and writes no WAL (a transaction
   * without an xid has no commit record). Acknowledged, but no version of the key: the checker is
   * not told of it (no read can miss it), and its history line says `unchanged`.
   */
  completeUnchanged(id: number, node: NodeRt): void {
    const sim = this.sim;
    sim.writes.complete(id, W_OK, sim.now);
    this.latency.add(sim.now - sim.writes.invokeUsOf(id));
    if (this.onHistory) {
      const e = this.writeEvent(id, "pending");
      this.onHistory({ ...e, type: "ok", unchanged: true });
    }
    sim.log("write-ok", `${this.keys[sim.writes.keyIdOf(id)]!} on ${node.name}: no such row (UPDATE 0 / DELETE 0)`, node.name);
    if (this.opOfWrite.size > 0) this.finishOperation(id, true);
  }

  /** What a version shows to a read: its value, or null for a delete. */
  readValue(id: number): string | null {
    const logical = this.sim.logical;
    return logical !== null && logical.rows.isDelete(id) ? null : this.sim.writes.value(id);
  }

  /** Fails the write when the node cannot take it (a hung primary takes it and waits). */
  private refused(node: NodeRt, id: number): boolean {
    const refusal = node.state === "down" || node.state === "promoting" ? `could not connect to ${node.name}: it is ${node.state}`
      : node.role !== "primary" || node.state === "diverged" ? `cannot execute INSERT in a read-only transaction (${node.name} is a standby)`
        : null;
    if (refusal) this.sim.completeWrite(id, W_FAILED, refusal);
    return refusal !== null;
  }

  /**
   * A key's length. Workload keys with consecutive ids are "k0" … "k<n-1>" in id order, so
   * theirs is counted from the id rather than read from the key's string, at a random place in
   * memory (a write's commonest cold read).
   */
  private keyLength(keyId: number): number {
    const i = keyId - this.workloadKeyBase;
    if (this.workloadKeyBase < 0 || i < 0 || i >= this.workloadKeys.length) return this.keys[keyId]!.length;
    return 1 + decimalDigits(i);
  }

  onWriteCompleted(id: number, outcome: "ok" | "failed", error?: string, warning?: string): void {
    const ok = outcome === "ok";
    if (ok) this.acknowledged(id);
    else this.failedWrites++;
    // The rest is rarely needed, so kept out of the way of acknowledgements (V8 inlines them).
    if (this.onHistory) this.emitCompletion(id, ok, error, warning);
    if (ok && this.sim.writes.nodeOf(id) !== this.sim.primary) this.losses.splitBrainAck(id);
    if (this.opOfWrite.size > 0) this.finishOperation(id, ok, error);
  }

  /** The write was acknowledged: its latency, the session's causal token, the checker. */
  private acknowledged(id: number): void {
    const sim = this.sim, w = sim.writes;
    const session = this.sessions[w.sessionIdOf(id)]!;
    this.latency.add(sim.now - w.invokeUsOf(id));
    // The session's causal token: its newest commit (acks can come out of LSN order when a
    // commit waiting for standbys is released after a later local one).
    if (w.timelineOf(id) !== session.lastCommitTimeline || w.lsnOf(id) > session.lastCommitLsn) {
      session.lastCommitLsn = w.lsnOf(id);
      session.lastCommitTimeline = w.timelineOf(id);
    }
    this.checker.ackWrite(id, w.keyIdOf(id));
  }

  // The history's events are built in functions of their own: runs without a history skip them,
  // and the write path stays small enough for V8 to inline what it calls.
  private emitInvoke(id: number, session: SessionState, node: NodeRt): void {
    const sim = this.sim, w = sim.writes;
    this.onHistory?.({ type: "invoke", f: "write", op: id, process: session.name, key: this.keys[w.keyIdOf(id)]!, value: this.readValue(id),
      timeUs: sim.now, node: node.name, lsn: null, timeline: null, action: w.action(id) });
  }

  private emitCompletion(id: number, ok: boolean, error?: string, warning?: string): void {
    const sim = this.sim, w = sim.writes;
    const indeterminate = !ok && w.statusOf(id) !== W_FAILED;
    const ev: OperationEvent = { type: ok ? "ok" : indeterminate ? "info" : "fail", f: "write", op: id,
      process: this.sessions[w.sessionIdOf(id)]!.name, key: this.keys[w.keyIdOf(id)]!, value: this.readValue(id), timeUs: sim.now,
      node: sim.nodes[w.nodeOf(id)]!.name, lsn: w.lsnOf(id) >= 0 ? w.lsnOf(id) : null, timeline: w.timelineOf(id) || null,
      action: w.action(id) };
    if (error !== undefined) ev.error = error;
    if (warning !== undefined) ev.warning = warning;
    this.onHistory?.(ev);
  }

  /** A scripted write's operation (in the report) ends. */
  private finishOperation(id: number, ok: boolean, error?: string): void {
    const op = this.opOfWrite.get(id);
    if (!op) return;
    const sim = this.sim, lsn = sim.writes.lsnOf(id);
    op.status = ok ? "ok" : "failed";
    op.completedMs = sim.now / 1000;
    op.lsn = lsn >= 0 ? lsn : null;
    this.opOfWrite.delete(id);
    if (!ok) sim.log("write-failed", `write ${op.key} = ${op.value} failed: ${error ?? "error"}`, op.node ?? undefined);
  }

  /** Losses found write `id` lost: the checker and the history hear of it. */
  emitLost(id: number): void {
    const e = this.writeEvent(id, "lost");
    this.checker.writeLost(id, e.key, e.process, e.node, e.timeUs);
    this.onHistory?.(e);
  }

  /** Losses found write `id`, declared lost before, held by the new primary after all. */
  emitRestored(id: number): void {
    this.checker.writeRestored(id);
    this.onHistory?.(this.writeEvent(id, "restored"));
  }

  /** A write's event outside its invoke and completion: lost, restored, or still pending at the end. */
  writeEvent(id: number, type: "lost" | "restored" | "pending"): OperationEvent {
    const sim = this.sim, w = sim.writes, lsn = w.lsnOf(id);
    return { type, f: "write", op: id, process: this.sessions[w.sessionIdOf(id)]!.name, key: this.keys[w.keyIdOf(id)]!,
      value: this.readValue(id), timeUs: sim.now, node: sim.nodes[w.nodeOf(id)]!.name, lsn: lsn >= 0 ? lsn : null,
      timeline: w.timelineOf(id) || null, action: w.action(id) };
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
    const first = this.workloadKeys[0] ?? 0;
    this.workloadKeyBase = this.workloadKeys.every((k, i) => k === first + i) ? first : -1;
    // Every node's row for every workload key at once, rather than regrown as keys first appear.
    if (this.keys.length > 0) this.sim.kv.ensure(this.keys.length - 1, 0);
    this.workloadSessions = Array.from({ length: w.sessions }, (_, i) => {
      const s = this.session(`w${i + 1}`);
      s.config = { routing: w.readFrom, maxLagMs: w.maxLagMs, pinWindowMs: w.pinWindowMs, maxWaitMs: w.maxWaitMs,
        breakerQueueMs: w.breakerQueueMs };
      return this.sessionIds.get(s.name)!;
    });
    const start = Math.max(this.sim.now, msToUs(w.startMs));
    this.nextWriteUs = this.nextReadUs = start;
    if (w.writesPerSec > 0) this.scheduleWrite();
    if (w.readsPerSec > 0) this.scheduleRead();
  }

  // Arrival times are kept exact (fractional µs) and rounded only to schedule, so that rounding
  // does not bias the rate (100 000 writes/s for 10 s gives 1 000 000 writes, not 995 000).
  private nextWriteUs = 0;
  private nextReadUs = 0;

  private scheduleWrite(): void {
    this.nextWriteUs += exponentialUsOf(this.sim.rng.bits(), this.workload.writesPerSec);
    this.sim.queue.push(Math.max(this.sim.now, Math.round(this.nextWriteUs)), EV_WORKLOAD_WRITE, 0, this.workloadGen);
  }

  private scheduleRead(): void {
    this.nextReadUs += exponentialUsOf(this.sim.rng.bits(), this.workload.readsPerSec);
    this.sim.queue.push(Math.max(this.sim.now, Math.round(this.nextReadUs)), EV_WORKLOAD_READ, 0, this.workloadGen);
  }

  private workloadRunning(gen: number): boolean {
    const stop = this.workload.stopMs;
    return gen === this.workloadGen && (stop === undefined || this.sim.now < msToUs(stop));
  }

  // The session and key of the next workload operation, drawn in this order (two fields rather
  // than a returned object: this runs for every workload operation).
  private pickedSession = 0;
  private pickedKey = 0;

  private pickWorkloadOp(): void {
    const rng = this.sim.rng;
    this.pickedSession = this.workloadSessions[rng.int(0, this.workloadSessions.length - 1)]!;
    const k = rng.int(0, this.workloadKeys.length - 1);
    this.pickedKey = this.workloadKeyBase >= 0 ? this.workloadKeyBase + k : this.workloadKeys[k]!;
  }

  onWorkloadWrite(gen: number): void {
    if (!this.workloadRunning(gen)) return;
    this.pickWorkloadOp();
    const session = this.sessions[this.pickedSession]!;
    const id = this.sim.writes.add(this.sim.now, this.pickedKey, this.pickedSession, -1, null);
    this.startWrite(this.primaryFor(session), session, id);
    this.scheduleWrite();
  }

  onWorkloadRead(gen: number): void {
    if (!this.workloadRunning(gen)) return;
    this.pickWorkloadOp();
    this.reads.start(this.sessions[this.pickedSession]!, this.pickedKey, -1, null, null);
    this.scheduleRead();
  }
}

/**
 * Keys and sessions are named to the checker as they are created here, so its ids equal ours and
 * an acknowledgement needs no translation (one random memory access fewer per write).
 */
function sameId(checkerId: number, ours: number): void {
  if (checkerId !== ours) throw new Error(`checker id ${checkerId} for our id ${ours}: every key and session must be created through Clients`);
}
