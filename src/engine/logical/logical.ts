/*
 * Logical replication (PostgreSQL 15+), the room's front: the row model on the primary, one
 * subscription per subscriber with its slot, and the hooks the simulation calls (a write taken by
 * the primary, WAL flushed, a checkpoint, a node crashing, a scenario action naming a subscriber).
 * The publisher is the node that is primary when a subscription is created; PostgreSQL 15's
 * logical slots do not follow a failover (failover slots came in 17), so after a promotion the
 * subscription keeps trying the old primary. docs/logical.md says what is modelled and how.
 */
import { CommandError } from "../api";
import { msToUs } from "../core/units";
import type { NodeRt } from "../cluster/state";
import type { Sim } from "../simulation";
import type { Scenario } from "../scenario/schema";
import type { ParsedCommand as Command } from "../views";
import { W_FAILED } from "../clients/writeTable";
import { CODE_APPLIED, CODE_CONNECTED, CODE_COPY_DONE, CODE_DELIVER, CODE_FEEDBACK, CODE_RETRY, pump, pushEvent } from "./decoder";
import { Fifo } from "./fifo";
import { kindCode, RowModel, rowKeyName } from "./rows";
import { logicalSettingsSchema, type LogicalSettings, type SubscriberConfig } from "./schema";
import type { ConflictRt, SubscriptionRt } from "./state";
import { fail, onApplied, onConnected, onDeliver, onFeedback, startWorker, stopWorker, tableData, type WorkerContext } from "./worker";
import { copySnapshot } from "./copy";
import { localRead, localWrite } from "./local";
import { keyed, type KeyedWrite } from "../clients/keyedWrite";

/** conflicts kept for the report (the count goes on past it) */
export const CONFLICTS_KEPT = 1000;
const MB = 1024 * 1024;

export class Logical implements WorkerContext {
  readonly rows: RowModel;
  readonly subs: SubscriptionRt[] = [];
  private readonly byName = new Map<string, number>();
  readonly conflicts: ConflictRt[] = [];
  conflictCount = 0;
  readonly settings: LogicalSettings;

  constructor(readonly sim: Sim, scenario: Scenario) {
    const subscribers = scenario.cluster.subscribers ?? [];
    this.settings = scenario.cluster.logical ?? logicalSettingsSchema.parse({});
    this.rows = new RowModel(scenario.cluster.tables ?? [], subscribers.flatMap((s) => s.tables));
    // Made mid-run (a command named a table or a kind): the rows the primary shows exist.
    // Where we simplify: a write still waiting for its commit is not counted.
    const primary = sim.nodes[sim.primary]!;
    for (let k = 0; k < sim.clients.keys.length; k++) if (primary.kv.get(k) >= 0) this.rows.markPresent(k);
    subscribers.forEach((cfg) => this.addSubscriber(cfg));
  }

  get retryUs(): number {
    return msToUs(this.settings.wal_retrieve_retry_interval_ms);
  }

  get workMemBytes(): number {
    return this.settings.logical_decoding_work_mem_mb * MB;
  }

  get hasSubscribers(): boolean {
    return this.subs.length > 0;
  }

  private addSubscriber(cfg: SubscriberConfig): void {
    const s: SubscriptionRt = {
      idx: this.subs.length, name: cfg.name, tables: new Set(cfg.tables), copyData: cfg.copyData,
      disableOnError: cfg.disableOnError, streaming: cfg.streaming, delayUs: msToUs(cfg.networkDelayMs), applyCostUs: cfg.applyCostUs,
      publisher: this.sim.primary, state: "connecting", enabled: true, up: true, gen: 0, slot: null, cursor: null,
      decoderFreeUs: 0, lastArriveUs: 0, wire: new Fifo(), feedback: new Fifo(), lastFeedbackArriveUs: 0, applyQueue: new Fifo(),
      applying: false, keepaliveLsn: -1, appliedLsn: 0, data: new Map(), lastError: null, lastErrorUs: -1, applyErrorCount: 0,
      syncErrorCount: 0, skipLsn: 0, failingLsn: 0, failingConflict: -1, applyLagUs: -1, maxApplyLagUs: -1, appliedTxns: 0, copiedRows: 0,
    };
    this.subs.push(s);
    this.byName.set(cfg.name, s.idx);
    this.create(s, cfg.copyData);
  }

  isSubscriber(name: string): boolean {
    return this.byName.has(name);
  }

  sub(name: string): SubscriptionRt {
    const i = this.byName.get(name);
    if (i === undefined) throw new CommandError(`no subscriber named "${name}"`);
    return this.subs[i]!;
  }

  rowOf(writeId: number): { table: string; key: string } {
    const keyId = this.sim.writes.keyIdOf(writeId);
    return { table: this.rows.tableOf(keyId), key: this.rows.ownKey(keyId, this.sim.clients.keys[keyId]!) };
  }

  pump(s: SubscriptionRt): void {
    pump(this.sim, this.rows, s, this.workMemBytes);
  }

  recordConflict(c: ConflictRt): number {
    this.conflictCount++;
    if (this.conflicts.length >= CONFLICTS_KEPT) return -1;
    this.conflicts.push(c);
    return this.conflicts.length - 1;
  }

  /**
   * CREATE SUBSCRIPTION: a logical slot on the publisher at its current flushed position
   * (CREATE_REPLICATION_SLOT … LOGICAL, with its snapshot), then copy_data, then streaming.
   */
  private create(s: SubscriptionRt, copyData: boolean): void {
    const sim = this.sim, p = sim.nodes[sim.primary]!;
    s.publisher = p.idx;
    const lsn = p.flushLsn;
    s.slot = { name: s.name, restartLsn: lsn, confirmedFlushLsn: lsn, lost: false, active: false, totalTxns: 0, totalBytes: 0,
      spillTxns: 0, spillBytes: 0, streamTxns: 0, streamBytes: 0 };
    s.appliedLsn = lsn;
    s.enabled = true;
    sim.log("connect", `subscription "${s.name}" created: replication slot "${s.name}" on ${p.name} at LSN ${lsn}` +
      `${copyData ? ", copying the published tables" : ""}`, s.name);
    if (!copyData) return startWorker(this, s);
    s.state = "copying";
    const copied = copySnapshot(sim, this.rows, s, p, lsn);
    s.copiedRows = copied.rows;
    // The table sync worker connects, COPYs the rows and writes them: a round trip, then a row at a time.
    pushEvent(sim, sim.now + 2 * s.delayUs + copied.rows * s.applyCostUs + copied.bytes / 125, s, CODE_COPY_DONE);
  }

  // ---- hooks the simulation calls ----------------------------------------------------------

  /** The primary takes a write: resolve it against its rows. False when it must not be appended (done here). */
  takeWrite(node: NodeRt, id: number): boolean {
    const w = this.sim.writes;
    const r = this.rows.resolve(id, w.keyIdOf(id));
    if (r.append) return true;
    if (r.error !== null) this.sim.completeWrite(id, W_FAILED, `ERROR: ${r.error}`);
    else this.sim.clients.completeUnchanged(id, node);
    return false;
  }

  /** the WAL record of a write that changes `rows` rows */
  recordBytes(id: number, bytes: number): number {
    return this.rows.rows(id) * bytes;
  }

  onPublisherFlush(node: NodeRt): void {
    for (const s of this.subs) if (s.publisher === node.idx && s.state === "streaming") this.pump(s);
  }

  onNodeCrash(node: NodeRt): void {
    for (const s of this.subs) {
      if (s.publisher !== node.idx || (s.state !== "streaming" && s.state !== "connecting")) continue;
      if (node.crashKind === "hang") continue;
      // The walsender dies with the server: the apply worker reads EOF and exits (counted as an apply error).
      fail(this, s, "could not receive data from WAL stream: server closed the connection unexpectedly", true);
    }
  }

  onEvent(a: number, gen: number): void {
    const s = this.subs[a >> 3];
    if (!s || s.gen !== gen) return;
    switch (a & 7) {
      case CODE_DELIVER: return onDeliver(this, s);
      case CODE_APPLIED: return onApplied(this, s);
      case CODE_RETRY: return startWorker(this, s);
      case CODE_CONNECTED: return onConnected(this, s);
      case CODE_FEEDBACK: return onFeedback(this.sim, s);
      case CODE_COPY_DONE: return this.copyDone(s);
    }
  }

  private copyDone(s: SubscriptionRt): void {
    this.sim.log("connect", `subscription "${s.name}": initial copy done (${s.copiedRows} rows); streaming starts`, s.name);
    startWorker(this, s);
  }

  // ---- commands naming a subscriber ---------------------------------------------------------

  /** True when the command is this room's (it names a subscriber, or is a subscription command). */
  handles(cmd: Command): boolean {
    if (cmd.op === "subscription") return true;
    return "node" in cmd && typeof cmd.node === "string" && this.byName.has(cmd.node);
  }

  command(cmd: Command, actionIndex: number): void {
    const s = this.sub((cmd as { node: string }).node);
    switch (cmd.op) {
      case "write": return localWrite(this, s, keyed(cmd), actionIndex);
      case "read": return localRead(this, s, cmd, actionIndex);
      case "crash": return this.crashSubscriber(s);
      case "restart": return this.restartSubscriber(s);
      case "subscription": return this.subscriptionCommand(s, cmd);
      default: throw new CommandError(`${cmd.op} does not apply to ${s.name}: it is a logical replication subscriber, not a standby`);
    }
  }

  private crashSubscriber(s: SubscriptionRt): void {
    if (!s.up) throw new CommandError(`${s.name} is already down`);
    s.up = false;
    stopWorker(s);
    if (s.state !== "dropped" && s.state !== "disabled") s.state = "down";
    this.sim.log("crash", `${s.name} (subscriber) crashed; its slot on the publisher keeps the WAL it has not confirmed`, s.name);
  }

  private restartSubscriber(s: SubscriptionRt): void {
    if (s.up) throw new CommandError(`${s.name} is running`);
    s.up = true;
    this.sim.log("restart", `${s.name} (subscriber) restarted`, s.name);
    if (s.state === "down") {
      s.state = s.enabled ? "connecting" : "disabled";
      startWorker(this, s);
    }
  }

  private subscriptionCommand(s: SubscriptionRt, cmd: Extract<Command, { op: "subscription" }>): void {
    const sim = this.sim, command = cmd.command, skipLsn = cmd.skipLsn;
    if (!s.up) throw new CommandError(`${s.name} is down`);
    if (s.state === "dropped" && command !== "recreate") throw new CommandError(`subscription "${s.name}" does not exist (it was dropped)`);
    switch (command) {
      case "disable":
        s.enabled = false;
        stopWorker(s);
        s.state = "disabled";
        sim.log("configure", `ALTER SUBSCRIPTION ${s.name} DISABLE`, s.name);
        return;
      case "enable":
        if (s.enabled && s.state !== "disabled") throw new CommandError(`subscription "${s.name}" is already enabled`);
        s.enabled = true;
        sim.log("configure", `ALTER SUBSCRIPTION ${s.name} ENABLE`, s.name);
        return startWorker(this, s);
      case "skip": {
        const lsn = skipLsn ?? s.failingLsn;
        if (lsn <= 0) throw new CommandError(`SKIP needs an LSN: subscription "${s.name}" has no failing transaction`);
        if (lsn <= s.appliedLsn) {
          throw new CommandError(`skip WAL location (LSN ${lsn}) must be greater than origin LSN ${s.appliedLsn}`);
        }
        s.skipLsn = lsn;
        sim.log("configure", `ALTER SUBSCRIPTION ${s.name} SKIP (lsn = ${lsn})`, s.name);
        return;
      }
      case "drop": return this.drop(s);
      case "recreate": return this.recreate(s);
      case "set": {
        // ALTER SUBSCRIPTION … SET (disable_on_error = …): read by the apply worker at its next
        // error (PostgreSQL 15, "ALTER SUBSCRIPTION"; worker.ts fail).
        if (cmd.disableOnError === undefined) throw new CommandError("SET needs a parameter: disableOnError");
        s.disableOnError = cmd.disableOnError;
        sim.log("configure", `ALTER SUBSCRIPTION ${s.name} SET (disable_on_error = ${cmd.disableOnError})`, s.name);
        return;
      }
    }
  }

  /** DROP SUBSCRIPTION: the worker stops and the slot is dropped on the publisher; the subscriber keeps its rows. */
  private drop(s: SubscriptionRt): void {
    const p = this.sim.nodes[s.publisher]!;
    if (p.state !== "up") {
      throw new CommandError(`could not connect to publisher when attempting to drop replication slot "${s.name}" (${p.name} is ${p.state})`);
    }
    stopWorker(s);
    s.state = "dropped";
    s.slot = null;
    s.enabled = false;
    this.sim.log("configure", `DROP SUBSCRIPTION ${s.name}: replication slot "${s.name}" dropped on ${p.name}`, s.name);
  }

  /** TRUNCATE the subscribed tables on the subscriber, then CREATE SUBSCRIPTION again with copy_data. */
  private recreate(s: SubscriptionRt): void {
    if (s.state !== "dropped") throw new CommandError(`subscription "${s.name}" still exists: drop it first`);
    const p = this.sim.nodes[this.sim.primary]!;
    if (p.state !== "up") throw new CommandError(`could not connect to the publisher: ${p.name} is ${p.state}`);
    for (const t of s.tables) tableData(s, t).clear();
    s.skipLsn = 0;
    s.failingLsn = 0;
    s.failingConflict = -1;
    s.lastError = null;
    this.create(s, true);
  }

  // ---- client operations: the row's key on the physical side --------------------------------

  keyName(table: string | undefined, key: string): string {
    return rowKeyName(table, key);
  }

  noteWrite(id: number, cmd: KeyedWrite): void {
    this.rows.noteKey(this.sim.writes.keyIdOf(id), cmd.table, cmd.key);
    this.rows.noteRequest(id, kindCode(cmd.kind), cmd.rows ?? 1);
  }
}


