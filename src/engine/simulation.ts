/*
 * The simulation: state plus an event loop. Everything that happens is an event on one queue
 * ordered by (virtual µs, sequence); the only randomness is the seeded Rng. The modules beside
 * this one hold the logic (streaming, replay, commit path, failures, clients); this class owns
 * the state they share and the bookkeeping (log, stalls, history).
 */
import { compactHistory, type CompactOptions, type CompactResult } from "./retention/compact";
import { Retained } from "./retention/retained";
import type { SimulationApi, SimulationOptions } from "./api";
import { CommandError } from "./api";
import { applyCommitChange, initialCommit, refreshPreset } from "./commit/settings";
import {
  abortPendingCommits, releaseEverything, releaseSemiSyncWaiters, releaseSyncWaiters,
} from "./commit/commitPath";
import { LEVEL_OFF, LEVEL_SEMI_SYNC, levelOf } from "./commit/levels";
import { parseStandbyNames, standbyPriority, type StandbyNames } from "./commit/standbyNames";
import { updateStall } from "./commit/stalls";
import { awaitedStandbys, syncCandidates } from "./commit/syncRep";
import { EventQueue } from "./core/eventQueue";
import { HANDLERS, onReplicaFlush, onWorkloadWrite } from "./eventHandlers";
import { onReplayed } from "./cluster/replay";
import * as EV from "./core/eventKinds";
import { Rng } from "./core/rng";
import { msToUs } from "./core/units";
import { deliver, Links, MessagePool } from "./cluster/network";
import { KvTable } from "./cluster/kvStore";
import { createNode } from "./cluster/nodes";
import type { Msg, NodeRt, SenderRt } from "./cluster/state";
import { connect, receive, scheduleSenderTimeout, sendClose, streamTo } from "./cluster/streaming";
import { applyCommand } from "./cluster/failures";
import { historyEnd } from "./cluster/clusterHistory";
import { createSlots, scheduleCheckpoint } from "./cluster/retention";
import { Clients } from "./clients/clients";
import { WriteTable, W_OK } from "./clients/writeTable";
import { actionSchema, type Scenario } from "./scenario/schema";
import { buildReport } from "./views/report";
import { buildSnapshot, inFlightColumns, type SnapshotOptions } from "./views/snapshot";
import type { Command, EffectiveCommit, InFlightColumns, LogEntry, LogKind, Report, Snapshot } from "./views";
import { WalStore } from "./wal/timelines";
import { expectedWrites } from "./scenario/expectedWrites";
import { type Checkpoint, takeCheckpoint } from "./checkpoint/checkpoint";
import { Logical, needsLogical } from "./logical";
import { MultiPrimary } from "./multiprimary";

const LOG_LIMIT = 2000;

export interface Failover { atUs: number; promoted: string; from: string; automatic: boolean; lost: number; restored: number; rpoUs: number }
export interface SplitBrain { node: number; fromUs: number; acknowledged: number }
export interface Discard { atUs: number; node: string; how: "rewind" | "reclone"; fromLsn: number; writes: number; acknowledged: number }
export interface Stall { fromUs: number; toUs: number | null; waitingFor: string }

export class Sim implements SimulationApi {
  now = 0;
  eventsProcessed = 0;
  readonly queue = new EventQueue();
  readonly rng: Rng;
  readonly wal: WalStore;
  /** every node's visible data, a row per key (see cluster/kvStore.ts) */
  readonly kv = new KvTable();
  readonly writes: WriteTable;
  /** what the retention window keeps of the history it compacted away (src/engine/retention) */
  readonly retained = new Retained();
  /** room reserved for writes (see expectedWrites) */
  readonly expectedWrites: number;
  readonly nodes: NodeRt[] = [];
  readonly links = new Links();
  nextMsgId = 1;
  /** delivered messages, for reuse (see Message and MessagePool in cluster/network.ts) */
  readonly spareMessages = new MessagePool();
  nextConnId = 1;
  primary = 0;
  private commitInForce!: EffectiveCommit;
  /**
   * What a commit made now waits for (commit/levels.ts), kept with the settings it follows. Every
   * write reads it: a number here rather than a string in the settings, whose objects are built
   * anew by every change and every simulation, not always in one shape (V8 threw the write path's
   * optimized code away whenever one of a new shape reached it).
   */
  commitLevel = LEVEL_OFF;
  standbyNames: StandbyNames | null = null;
  /**
   * MySQL's Rpl_semi_sync_master_yes_tx: "the number of commits that were acknowledged
   * successfully by a replica", and _no_tx: "the number of commits that were not acknowledged
   * successfully by a replica" — committed while semi-sync was OFF, released by its timeout, or
   * released when semi-sync was switched off (MySQL Reference Manual, "Semisynchronous
   * Replication Monitoring" and "Server Status Variables"). Counted in commit/commitPath.ts.
   */
  semiSyncYesTx = 0;
  semiSyncNoTx = 0;
  readonly clients: Clients;
  readonly failovers: Failover[] = [];
  readonly stalls: Stall[] = [];
  readonly splitBrains: SplitBrain[] = [];
  readonly promotingAutomatically = new Map<number, boolean>();
  /** automatic failover and fencing as in force (the scenario's, changed by set-failover) */
  failover: Scenario["failover"];
  readonly discards: Discard[] = [];
  readonly warnings: string[] = [];
  /** logical replication and the row model (src/engine/logical), null while a run uses neither */
  logical: Logical | null = null;
  /** several primaries replicating to one another (src/engine/multiprimary), null unless the scenario has cluster.multiPrimary */
  multiPrimary: MultiPrimary | null = null;
  private logSeq = 0;
  private readonly logRing: LogEntry[] = [];

  constructor(readonly scenario: Scenario, readonly options: SimulationOptions = {}) {
    this.rng = new Rng(scenario.seed);
    // Sized for the writes the scenario declares, so a run does not spend itself regrowing them.
    this.expectedWrites = expectedWrites(scenario);
    this.writes = new WriteTable(this.expectedWrites);
    this.wal = new WalStore(this.writes, this.expectedWrites);
    this.failover = { ...scenario.failover };
    const p = scenario.cluster.primary;
    this.nodes.push(createNode(0, p.name, "primary", this.wal.get(1), { networkDelayMs: 0, jitterMs: 0, fsyncMs: p.fsyncMs,
      applyDelayMs: 0, applyCostUs: 0, opsPerSec: p.opsPerSec, maxConnections: p.maxConnections }, this.kv));
    for (const r of scenario.cluster.replicas) this.addReplicaNode(r, false);
    const { commit, warnings } = initialCommit(scenario.commit, this.replicaNames());
    this.commit = commit;
    this.warnings.push(...warnings);
    this.refreshStandbyNames();
    this.clients = new Clients(this);
    scenario.actions.forEach((a, i) => this.queue.push(msToUs(a.atMs), EV.EV_ACTION, i));
    createSlots(this, this.nodes[0]!, 0);
    if (needsLogical(scenario)) this.logical = new Logical(this, scenario);
    if (scenario.cluster.multiPrimary) this.multiPrimary = new MultiPrimary(this, scenario.cluster.multiPrimary);
    scheduleCheckpoint(this, this.nodes[0]!);
    for (const n of this.nodes) if (n.role === "replica") connect(this, n);
  }

  // ---- the event loop -------------------------------------------------------------------

  get nowUs(): number {
    return this.now;
  }

  get writesKept(): number {
    return this.writes.count - this.writes.base + this.writes.pinned.size;
  }

  nextEventUs(): number | null {
    return this.queue.peekTime();
  }

  /** What the last event was, for narrating a Step (src/narrate); `aNode`: node a's name, if a is a node index. */
  lastEvent(): { kind: number; a: number; b: number; aNode: string | null } {
    const q = this.queue;
    return { kind: q.kind, a: q.a, b: q.b, aNode: this.nodes[q.a]?.name ?? null };
  }

  step(): boolean {
    if (!this.queue.pop()) return false;
    this.runPopped();
    return true;
  }

  runUntil(timeUs: number, maxEvents = Infinity): number {
    const q = this.queue;
    let n = 0;
    while (n < maxEvents && q.popUntil(timeUs)) {
      // runPopped's body, written out: with that call in the loop V8 stopped inlining the
      // queue's popUntil into it (an extra call per event). The table's own handlers for the four
      // commonest kinds (96-99 % of the benchmark's events) are called directly: a call through
      // the table goes through V8's generic call builtin, a direct one can be inlined (2-4 %
      // faster, docs/benchmarks.md).
      this.now = q.time;
      this.eventsProcessed++;
      const k = q.kind;
      if (k === EV.EV_REPLAY) onReplayed(this, q.a, q.b);
      else if (k === EV.EV_DELIVER) deliver(this, q.a, q.b);
      else if (k === EV.EV_WORKLOAD_WRITE) onWorkloadWrite(this, q.a, q.b);
      else if (k === EV.EV_REPLICA_FLUSH) onReplicaFlush(this, q.a, q.b);
      else HANDLERS[k]!(this, q.a, q.b);
      n++;
    }
    // Virtual time is whole µs: a fractional limit moves the clock to the µs it falls in.
    if (n < maxEvents && Math.floor(timeUs) > this.now) this.now = Math.floor(timeUs);
    return n;
  }

  /**
   * Runs the event the queue just popped. Replays, most events of a busy run, are called directly
   * rather than through the table: a direct call costs less than the table's indirect one, which
   * the CPU mispredicts whenever the kind of event changes.
   */
  private runPopped(): void {
    const q = this.queue;
    this.now = q.time;
    this.eventsProcessed++;
    if (q.kind === EV.EV_REPLAY) onReplayed(this, q.a, q.b);
    else HANDLERS[q.kind]!(this, q.a, q.b);
  }

  /** the commit settings in force */
  get commit(): EffectiveCommit {
    return this.commitInForce;
  }

  set commit(c: EffectiveCommit) {
    this.commitInForce = c;
    this.commitLevel = c.mode === "semiSync" ? LEVEL_SEMI_SYNC : levelOf(c.postgres.synchronous_commit);
  }

  /** EV_ACTION: a scenario action comes due. */
  runAction(index: number): void {
    const { atMs: _at, ...cmd } = this.scenario.actions[index]!;
    try {
      applyCommand(this, cmd, index);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      this.warnings.push(`actions[${index}] at ${this.now / 1000} ms: ${e.message}`);
      this.log("error", `actions[${index}]: ${e.message}`);
    }
  }

  /** Applies a command now. It is checked like a scenario action first, so bad input gets a clear error. */
  command(cmd: Command): void {
    const parsed = actionSchema.safeParse({ ...cmd, atMs: 0 });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CommandError(`${issue.path.join(".") || "command"}: ${issue.message}`);
    }
    const { atMs: _at, ...normal } = parsed.data;
    applyCommand(this, normal, -1);
  }

  // ---- services the modules share --------------------------------------------------------

  /** The logical room, made on first need (a command naming a table or a kind of write). */
  ensureLogical(): Logical {
    return this.logical ??= new Logical(this, this.scenario);
  }

  /** A message arrives (a method, not a bound closure: a checkpoint copies data, never functions). */
  receiveMessage(m: Msg): void {
    receive(this, m);
  }

  log(kind: LogKind, text: string, node?: string): void {
    const entry: LogEntry = node === undefined ? { seq: ++this.logSeq, atUs: this.now, kind, text }
      : { seq: ++this.logSeq, atUs: this.now, kind, text, node };
    this.logRing.push(entry);
    if (this.logRing.length > LOG_LIMIT * 2) this.logRing.splice(0, this.logRing.length - LOG_LIMIT);
    // Every change a fault band shows is logged: the trace (if any) looks at the state now.
    this.options.trace?.probe(this);
  }

  logSince(seq: number): LogEntry[] {
    const ring = this.logRing;
    let i = ring.length;
    while (i > 0 && ring[i - 1]!.seq > seq) i--;
    return ring.slice(Math.max(i, ring.length - LOG_LIMIT));
  }

  nodeByName(name: string): NodeRt {
    const n = this.nodes.find((x) => x.name === name && !x.removed);
    if (!n) throw new CommandError(`no node named "${name}" (nodes: ${this.liveNodes().map((x) => x.name).join(", ")})`);
    return n;
  }

  liveNodes(): NodeRt[] {
    return this.nodes.filter((n) => !n.removed);
  }

  replicaNames(): string[] {
    return this.nodes.filter((n) => !n.removed && n.idx !== this.primary && n.role === "replica").map((n) => n.name);
  }

  addReplicaNode(r: Scenario["cluster"]["replicas"][number], live: boolean): NodeRt {
    const p = this.nodes[this.primary]!;
    const node = createNode(this.nodes.length, r.name, "replica", p.timeline, r, this.kv);
    // A new replica starts from a base backup of the primary at its flushed position.
    node.insertLsn = node.writeLsn = node.flushLsn = node.replayLsn = live ? p.flushLsn : 0;
    node.replayCursor = this.wal.cursorAt(p.timeline, node.replayLsn);
    if (live) this.loadKv(node, p);
    node.upstream = this.primary;
    this.nodes.push(node);
    return node;
  }

  /**
   * Makes `node` show what `source`'s WAL holds up to `upTo`: crash recovery (source = node, its
   * flushed position) or a base backup of another node.
   */
  loadKv(node: NodeRt, source: NodeRt = node, upTo = source.flushLsn): void {
    const kv = node.kv, w = this.writes, kept = this.retained;
    kv.clear();
    // From the state at the retention window's base, as recovery starts from a checkpoint.
    if (kept.lsn > 0) kv.loadBase(kept.kv, kept.kvTopLsn, kept.kvTopTimeline);
    const cur = this.wal.cursorAt(source.timeline, kept.lsn);
    while (this.wal.settle(cur, source.timeline)) {
      const tl = cur.tl, id = tl.idAt(cur.index), end = w.lsnOf(id);
      if (end > upTo) break;
      kv.set(w.keyIdOf(id), id, end, tl.id);
      cur.index++;
    }
  }

  /** Rebuilds a node's visible data from its own WAL up to its replay position. */
  kvRebuild(node: NodeRt): void {
    this.loadKv(node, node, node.replayLsn);
  }

  refreshStandbyNames(): void {
    this.commit = refreshPreset(this.commit, this.replicaNames());
    const parsed = parseStandbyNames(this.commit.postgres.synchronous_standby_names);
    this.standbyNames = this.commit.mode === "postgres" && parsed.ok ? parsed.value : null;
    for (const n of this.nodes) {
      n.syncCandidates = null;
      for (const s of n.senders.values()) s.priority = this.standbyPriority(this.nodes[s.standby]!.name);
    }
  }

  /**
   * The primary's sync candidates in priority order, cached: they change only when a walsender
   * connects, leaves, starts streaming or first reports, or the standby list changes.
   */
  syncCandidatesOf(primary: NodeRt): SenderRt[] {
    if (primary.syncCandidates === null) primary.syncCandidates = syncCandidates(primary.senders.values());
    return primary.syncCandidates;
  }

  standbyPriority(name: string): number {
    return standbyPriority(this.standbyNames, name);
  }

  changeCommit(change: Parameters<typeof applyCommitChange>[1]): void {
    const names = change.postgres?.synchronous_standby_names;
    if (names !== undefined) {
      const parsed = parseStandbyNames(names);
      if (!parsed.ok) throw new CommandError(`synchronous_standby_names: ${parsed.error}`);
    }
    const before = this.commit.mode;
    const { commit, warnings } = applyCommitChange(this.commit, change, this.replicaNames());
    this.commit = commit;
    this.warnings.push(...warnings);
    this.refreshStandbyNames();
    const p = this.nodes[this.primary]!;
    if (before !== commit.mode) releaseEverything(this, p);
    this.onSyncCandidatesChanged(p);
    this.log("configure", `commit settings: ${this.commit.summary}`);
  }

  /** The set of sync candidates moved: release what the new set already confirms. */
  onSyncCandidatesChanged(primary: NodeRt): void {
    if (primary.role !== "primary" || primary.state !== "up") return;
    if (this.commit.mode === "postgres") releaseSyncWaiters(this, primary);
    else if (this.commit.semiSyncActive) releaseSemiSyncWaiters(this, primary);
  }

  /**
   * Whether a standby on `tl` that has replayed up to `replay` may stream from `primary`
   * starting at `start`. Its replayed history must be a prefix of the primary's (PostgreSQL
   * refuses a timeline that "forked off current database system timeline before current
   * recovery point"); WAL it received past the fork but has not replayed is simply replaced.
   */
  canStreamFrom(primary: NodeRt, tl: NodeRt["timeline"], replay: number, start: number): string | null {
    if (start > primary.flushLsn && tl === primary.timeline) {
      return `diverged: requested starting point ${start} is ahead of the WAL flush position ${primary.flushLsn}`;
    }
    if (!this.wal.descends(primary.timeline, tl)) {
      return `diverged: timeline ${tl.id} is not in the history of the primary's timeline ${primary.timeline.id}`;
    }
    const leaves = this.wal.leavePoint(primary.timeline, tl);
    if (replay > leaves) {
      return `diverged: new timeline ${primary.timeline.id} forked off this server's timeline ${tl.id} at ${leaves}, ` +
        `before its recovery point ${replay}`;
    }
    return null;
  }

  dropSender(primary: NodeRt, s: SenderRt, reason: string): void {
    primary.senders.delete(s.standby);
    primary.syncCandidates = null;
    sendClose(this, primary.idx, s.standby, s.connId, reason);
    this.log("disconnect", `${primary.name}: ${this.nodes[s.standby]!.name} disconnected: ${reason}`, this.nodes[s.standby]!.name);
    this.onSyncCandidatesChanged(primary);
    updateStall(this, primary);
  }

  resumeStreaming(primary: NodeRt): void {
    for (const s of primary.senders.values()) { streamTo(this, primary, s); scheduleSenderTimeout(this, primary, s); }
  }

  finishPromotionIfReplayed(node: NodeRt): void {
    if (node.replayLsn >= node.writeLsn) this.queue.push(this.now, EV.EV_PROMOTE_DONE, node.idx, node.epoch);
  }

  setSemiSyncActive(on: boolean): void {
    if (this.commit.semiSyncActive === on) return;
    this.commit = { ...this.commit, semiSyncActive: on };
    this.commit.summary = applyCommitChange(this.commit, {}, this.replicaNames()).commit.summary;
    this.log(on ? "semi-sync-on" : "semi-sync-off", on
      ? "semi-sync switched ON: a replica caught up and ACKed"
      : `semi-sync switched OFF after waiting ${this.commit.semiSync.timeoutMs} ms for an ACK: commits are now async`);
  }

  private openStallEntry: Stall | null = null;

  openStall(fromUs: number, waitingFor: string): void {
    if (this.openStallEntry) return;
    this.openStallEntry = { fromUs, toUs: null, waitingFor };
    this.stalls.push(this.openStallEntry);
    this.log("stall-start", `write stall: commits have waited ${(this.now - fromUs) / 1000} ms for ${waitingFor}`);
  }

  closeStall(): void {
    if (!this.openStallEntry) return;
    this.openStallEntry.toUs = this.now;
    this.log("stall-end", `write stall over after ${(this.now - this.openStallEntry.fromUs) / 1000} ms`);
    this.openStallEntry = null;
  }

  describeWait(node: NodeRt, id: number): string {
    const lsn = this.writes.lsnOf(id);
    if (this.writes.levelOf(id) === 5) {
      return `${this.commit.semiSync.waitForCount} semi-sync ACK(s) of the WAL up to LSN ${lsn}`;
    }
    const what = ["write", "flush", "replay"][this.writes.levelOf(id) - 2] ?? "flush";
    const who = awaitedStandbys(this.standbyNames, node.senders.values(), (i) => this.nodes[i]!.name);
    // "LSN n" (a byte position in the WAL), not "flush ≥ n": a bare number says nothing to a student.
    return `${what} of the WAL up to LSN ${lsn} by ${who.join(", ") || "a listed standby"} (${this.commit.postgres.synchronous_standby_names})`;
  }

  onWriteAcknowledged(id: number, warning?: string): void {
    this.clients.onWriteCompleted(id, "ok", undefined, warning);
  }

  completeWrite(id: number, status: number, error: string): void {
    this.writes.complete(id, status, this.now);
    this.clients.onWriteCompleted(id, status === W_OK ? "ok" : "failed", error);
  }

  crashPrimaryCommits(node: NodeRt): void {
    abortPendingCommits(this, node);
  }

  snapshot(sinceLogSeq = 0, options?: SnapshotOptions): Snapshot {
    return buildSnapshot(this, sinceLogSeq, options);
  }

  /** The messages in flight as typed-array columns (cheap to post from a worker). */
  inFlightColumns(): InFlightColumns {
    return inFlightColumns(this);
  }

  report(): Report {
    return buildReport(this);
  }

  private finished = false;

  /** The run ends here: the history's closing lines (pending writes' LSNs, the final primary), once; then the report. */
  finish(): Report {
    if (!this.finished) historyEnd(this);
    this.finished = true;
    return this.report();
  }

  checkpoint(): Checkpoint {
    return takeCheckpoint(this);
  }

  compactHistory(options?: CompactOptions): CompactResult {
    return compactHistory(this, options);
  }

}
