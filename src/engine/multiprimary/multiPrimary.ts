/*
 * Multi-primary replication, the room's front: several nodes that all accept writes and
 * replicate them to one another (docs/multi-primary.md). It owns its nodes, links, channels and
 * writes; the simulation only hands it the scenario actions naming them and the events it
 * scheduled. Modes: circular and lww (async.ts) and certification (certification.ts); row rules
 * in rows.ts; what the checker finds in checker.ts.
 */
import { CommandError } from "../api";
import { msToUs } from "../core/units";
import type { Sim } from "../simulation";
import type { OperationReport, ParsedCommand as Command } from "../views";
import { DEFAULT_TABLE } from "../logical/schema";
import { disconnect, drain, onDeliver, restartChannel, ship } from "./async";
import { broadcast, inQuorum, NO_QUORUM, onApply, onOrdered, scheduleApply } from "./certification";
import { CODE_APPLY, CODE_COMMIT, CODE_DELIVER, CODE_ORDER, pushMpEvent } from "./events";
import { linkIndex, makeLinks, nodeRt, relegate } from "./links";
import { historyRead, historyWriteDone, historyWriteInvoke, historyWriteOrphaned } from "./history";
import { execute, live, newer, rowsOf, setRow, stampWords } from "./rows";
import { MP_SET_FIELDS, type ExecMode, type MpMode, type MultiPrimaryConfig } from "./schema";
import type { ChannelRt, LinkRt, MpConflict, MpConflictKind, MpNodeRt, MpWrite } from "./state";

/** conflicts kept for the report (the count goes on past it) */
export const MP_CONFLICTS_KEPT = 1000;
/**
 * A local commit's cost on its own node, µs: the binary log and the storage engine flushed
 * (sync_binlog = 1, innodb_flush_log_at_trx_commit = 1), 1 ms like the physical primary's default fsyncMs.
 */
export const LOCAL_COMMIT_US = 1000;

export class MultiPrimary {
  readonly mode: MpMode;
  readonly execMode: ExecMode;
  readonly nodes: MpNodeRt[];
  readonly links: LinkRt[];
  /** channel of node j from source i at linkIndex(n, i, j) (the diagonal unused) */
  readonly channels: ChannelRt[] = [];
  readonly writes: MpWrite[] = [];
  readonly conflicts: MpConflict[] = [];
  conflictCount = 0;
  readsMade = 0;
  /** certification: the certified write sets in group order, and per row the last one's place */
  readonly groupLog: number[] = [];
  readonly lastCertified = new Map<string, number>();
  private readonly byName = new Map<string, number>();

  constructor(readonly sim: Sim, cfg: MultiPrimaryConfig) {
    this.mode = cfg.mode;
    this.execMode = cfg.execMode;
    this.nodes = cfg.nodes.map((c, i) => nodeRt(i, c));
    this.nodes.forEach((n) => this.byName.set(n.name, n.idx));
    this.links = makeLinks(cfg, this.nodes);
    for (const l of this.links) {
      this.channels.push({ source: l.from, node: l.to, arrived: 0, applied: 0, state: "running", lastErrno: 0, lastError: null,
        lastErrorUs: -1, errorCount: 0 });
    }
    sim.log("connect", `multi-primary (${cfg.mode}): ${this.nodes.map((n) => n.name).join(", ")} all accept writes`);
  }

  channel(source: number, node: number): ChannelRt {
    return this.channels[linkIndex(this.nodes.length, source, node)]!;
  }

  inQuorumOf(node: number): boolean {
    return inQuorum(this, node);
  }

  node(name: string): MpNodeRt {
    const i = this.byName.get(name);
    if (i === undefined) throw new CommandError(`no node named "${name}" (nodes: ${this.nodes.map((n) => n.name).join(", ")})`);
    return this.nodes[i]!;
  }

  // ---- events ---------------------------------------------------------------------------------

  onEvent(a: number, b: number): void {
    const arg = a >> 2;
    switch (a & 3) {
      case CODE_COMMIT: return this.commitLocal(arg, b);
      case CODE_DELIVER: return onDeliver(this, arg, b);
      case CODE_ORDER: return onOrdered(this, arg);
      case CODE_APPLY: return onApply(this, arg, b);
    }
  }

  // ---- commands ---------------------------------------------------------------------------------

  command(cmd: Command, actionIndex: number): void {
    switch (cmd.op) {
      case "write": return this.write(cmd, actionIndex);
      case "read": return this.read(cmd, actionIndex);
      case "crash": return this.crash(this.node(cmd.node));
      case "restart": return this.restart(this.node(cmd.node));
      case "partition": return this.setLinks(cmd.between, true, cmd.oneWay);
      case "heal": return this.setLinks(cmd.between, false, false);
      case "set": return this.set(this.node(cmd.node), cmd);
      case "set-link": return this.setLinkDelay(cmd.between, cmd.delayMs);
      case "replication": return this.replication(this.node(cmd.node), this.node(cmd.source), cmd.command);
      default: throw new CommandError(`${cmd.op} does not apply to a multi-primary cluster: every node is a primary ` +
        "(it takes write, read, crash, restart, partition, heal, set, set-link and replication)");
    }
  }

  private write(cmd: Extract<Command, { op: "write" }>, actionIndex: number): void {
    if (cmd.node === undefined) throw new CommandError("a write in a multi-primary cluster names the node it is made on");
    const n = this.node(cmd.node), sim = this.sim, kind = cmd.kind ?? "upsert";
    // no key: an INSERT that leaves the AUTO_INCREMENT column out; its node generates the key when it executes (rows.ts)
    const generated = cmd.key === undefined;
    if (generated && kind !== "insert") {
      throw new CommandError(`key: a ${kind} names its key (only an insert, kind "insert", may leave it out for its node to generate)`);
    }
    const op: OperationReport = { action: actionIndex, op: "write", session: cmd.session, key: cmd.key ?? "", node: n.name, status: "pending",
      invokedMs: sim.now / 1000, completedMs: null, value: kind === "delete" ? null : cmd.value ?? "", stale: false, lsn: null };
    sim.clients.operations.push(op);
    const w: MpWrite = { id: this.writes.length, node: n.idx, session: cmd.session, table: cmd.table ?? DEFAULT_TABLE, key: cmd.key ?? "",
      generated, requested: kind, value: kind === "delete" ? null : cmd.value ?? "", change: null, before: -1, invokeUs: sim.now, commitUs: -1,
      ackUs: -1, stampUs: 0, status: "pending", error: null, binlogIndex: -1, snapshotSeq: -1, seq: -1, orphaned: false, op };
    this.writes.push(w);
    historyWriteInvoke(this, w);
    n.writesMade++;
    if (!n.up) return this.finish(w, `ERROR 2003 (HY000): Can't connect to MySQL server on '${n.name}'`);
    if (this.mode !== "certification") return pushMpEvent(sim, sim.now + LOCAL_COMMIT_US, CODE_COMMIT, w.id, n.gen);
    if (!inQuorum(this, n.idx)) return this.finish(w, NO_QUORUM);
    const done = execute(n, w);
    if ("error" in done) return this.finish(w, done.error);
    w.change = done.change;
    if (w.change === null) { w.commitUs = sim.now; return this.finish(w, null); }
    w.stampUs = sim.now + n.skewUs;
    broadcast(this, w);
  }

  /** circular / lww: the local commit, then the change goes into the binary log and out to every other node. */
  private commitLocal(id: number, gen: number): void {
    const w = this.writes[id]!, n = this.nodes[w.node]!;
    if (n.gen !== gen) return; // the node crashed meanwhile: its client never got an answer
    const done = execute(n, w);
    if ("error" in done) return this.finish(w, done.error);
    w.change = done.change;
    w.commitUs = this.sim.now;
    w.stampUs = this.sim.now + n.skewUs;
    if (w.change !== null) {
      const row = rowsOf(n, w.table).get(w.key);
      if (this.mode === "lww" && row !== undefined && !newer(w, row)) {
        this.conflict("stamp_older", w, n.idx, row.write, "discarded on its own node: the row's commit timestamp is later " +
          `(${stampWords(w.stampUs)} against the row's ${stampWords(row.stampUs)})`);
      } else setRow(n, w);
      w.binlogIndex = n.binlog.length;
      n.binlog.push(w.id);
      for (let j = 0; j < this.nodes.length; j++) if (j !== n.idx) ship(this, this.links[linkIndex(this.nodes.length, n.idx, j)]!);
    }
    this.finish(w, null);
  }

  /** The client gets its answer: success (error null) or the error. */
  finish(w: MpWrite, error: string | null): void {
    const sim = this.sim, n = this.nodes[w.node]!;
    if (w.orphaned) return;
    w.status = error === null ? "ok" : "failed";
    w.error = error;
    w.ackUs = sim.now;
    if (w.op !== null) { w.op.status = w.status; w.op.completedMs = sim.now / 1000; }
    historyWriteDone(this, w);
    const key = w.key === "" ? "(no key generated)" : w.key;
    const what = w.requested === "delete" ? `deletes ${w.table}.${key}` : `${w.requested}s ${w.table}.${key} = ${w.value ?? ""}`;
    const effect = error === null && w.change === null ? " (no row changed)" : "";
    sim.log(error === null ? "write-ok" : "write-failed", `${w.session} ${what} on ${n.name}${error === null ? effect : `: ${error}`}`, n.name);
  }

  private read(cmd: Extract<Command, { op: "read" }>, actionIndex: number): void {
    if (cmd.node === undefined) throw new CommandError("a read in a multi-primary cluster names the node it reads");
    const n = this.node(cmd.node), sim = this.sim, table = cmd.table ?? DEFAULT_TABLE;
    const row = rowsOf(n, table).get(cmd.key);
    const id = this.readsMade++;
    const op: OperationReport = { action: actionIndex, op: "read", session: cmd.session, key: cmd.key, node: n.name,
      status: n.up ? "ok" : "failed", invokedMs: sim.now / 1000, completedMs: sim.now / 1000, value: n.up && live(row) ? row.value : null,
      stale: false, lsn: null };
    sim.clients.operations.push(op);
    historyRead(this, { id, session: cmd.session, table, key: cmd.key, node: n.name, ok: n.up, value: op.value,
      writeOp: n.up && live(row) ? row.write : null, action: actionIndex });
    if (n.up) sim.log("read", `${cmd.session} reads ${table}.${cmd.key} on ${n.name}: ${op.value ?? "(none)"}`, n.name);
  }

  conflict(kind: MpConflictKind, w: MpWrite, node: number, other: number, resolution: string): void {
    this.conflictCount++;
    if (this.conflicts.length < MP_CONFLICTS_KEPT) {
      this.conflicts.push({ kind, table: w.table, key: w.key, node: this.nodes[node]!.name, atUs: this.sim.now, write: w.id, other, resolution });
    }
  }

  // ---- faults ---------------------------------------------------------------------------------

  private crash(n: MpNodeRt): void {
    if (!n.up) throw new CommandError(`${n.name} is already down`);
    n.up = false;
    n.gen++;
    n.applyScheduled = false;
    for (const w of this.writes) {
      if (w.node !== n.idx || w.status !== "pending" || w.orphaned) continue;
      w.orphaned = true;
      historyWriteOrphaned(this, w);
    }
    for (const l of this.links) if (l.from === n.idx || l.to === n.idx) disconnect(this, l);
    this.sim.log("crash", `${n.name} crashed: its connections to the other primaries dropped`, n.name);
    this.quorumChanged();
  }

  private restart(n: MpNodeRt): void {
    if (n.up) throw new CommandError(`${n.name} is running`);
    n.up = true;
    this.sim.log("restart", `${n.name} restarted and reconnects to the other primaries`, n.name);
    this.reconnectAll();
  }

  private setLinks(between: readonly [string, string], cut: boolean, oneWay: boolean): void {
    const a = this.node(between[0]), b = this.node(between[1]), n = this.nodes.length;
    const dirs = oneWay ? [linkIndex(n, a.idx, b.idx)] : [linkIndex(n, a.idx, b.idx), linkIndex(n, b.idx, a.idx)];
    for (const i of dirs) {
      const l = this.links[i]!;
      if (l.cut === cut) continue;
      l.cut = cut;
      if (cut) disconnect(this, l);
    }
    this.sim.log(cut ? "partition" : "heal", `link ${a.name} ${oneWay ? "→" : "↔"} ${b.name} ${cut ? "cut" : "healed"}`);
    if (cut) this.quorumChanged(); else this.reconnectAll();
  }

  private set(n: MpNodeRt, cmd: Extract<Command, { op: "set" }>): void {
    const changed: string[] = [];
    if (cmd.networkDelayMs !== undefined) { n.legUs = msToUs(cmd.networkDelayMs); relegate(this.links, this.nodes); changed.push(`networkDelayMs ${cmd.networkDelayMs}`); }
    if (cmd.clockSkewMs !== undefined) { n.skewUs = msToUs(cmd.clockSkewMs); changed.push(`clockSkewMs ${cmd.clockSkewMs}`); }
    if (cmd.autoIncrementIncrement !== undefined) {
      n.autoIncrementIncrement = cmd.autoIncrementIncrement;
      changed.push(`auto_increment_increment ${cmd.autoIncrementIncrement}`);
    }
    if (cmd.autoIncrementOffset !== undefined) {
      n.autoIncrementOffset = cmd.autoIncrementOffset;
      changed.push(`auto_increment_offset ${cmd.autoIncrementOffset}`);
    }
    const other = (["jitterMs", "fsyncMs", "applyDelayMs", "lossPercent"] as const).find((k) => cmd[k] !== undefined);
    if (other !== undefined) {
      throw new CommandError(`${other} is not modelled for a multi-primary node (it takes ${MP_SET_FIELDS})`);
    }
    if (changed.length === 0) throw new CommandError(`set ${n.name}: nothing to change`);
    this.sim.log("set", `${n.name}: ${changed.join(", ")}`, n.name);
  }

  /**
   * The link between two primaries gets a delay of its own, both ways (as cluster.multiPrimary.links
   * pins one): what is already in flight keeps its arrival time, and FIFO holds (a message sent
   * after a shorter delay still arrives after the ones sent before it).
   */
  private setLinkDelay(between: readonly [string, string], delayMs: number): void {
    const a = this.node(between[0]), b = this.node(between[1]), n = this.nodes.length;
    if (a === b) throw new CommandError(`a link joins two different nodes, got "${a.name}" twice`);
    for (const i of [linkIndex(n, a.idx, b.idx), linkIndex(n, b.idx, a.idx)]) {
      const l = this.links[i]!;
      l.delayUs = msToUs(delayMs);
      l.pinned = true;
    }
    this.sim.log("set", `link ${a.name} ↔ ${b.name}: ${delayMs} ms one way`);
  }

  private replication(n: MpNodeRt, source: MpNodeRt, command: "start" | "skip"): void {
    if (this.mode === "certification") throw new CommandError("a certification group has no replication channels to start or skip");
    if (n === source) throw new CommandError(`${n.name} does not replicate from itself`);
    if (!n.up) throw new CommandError(`${n.name} is down`);
    const ch = this.channel(source.idx, n.idx);
    if (ch.state === "running") throw new CommandError(`${n.name}'s replication from ${source.name} is running (Slave_SQL_Running: Yes)`);
    this.sim.log("configure", command === "skip"
      ? `${n.name}: SET GLOBAL sql_slave_skip_counter = 1; START SLAVE (channel from ${source.name}): the failing event is skipped`
      : `${n.name}: START SLAVE (channel from ${source.name}): the failing event is tried again`, n.name);
    restartChannel(this, ch, command === "skip");
  }

  /** Links whose ends both run and that are not cut connect again; a certification group's members catch up. */
  private reconnectAll(): void {
    for (const l of this.links) if (l.from !== l.to) ship(this, l);
    for (const ch of this.channels) if (ch.source !== ch.node) drain(this, ch);
    this.quorumChanged();
  }

  private quorumChanged(): void {
    if (this.mode === "certification") for (const n of this.nodes) scheduleApply(this, n);
  }
}
