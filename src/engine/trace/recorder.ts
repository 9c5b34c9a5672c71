/*
 * The trace recorder: an opt-in witness of what a space-time diagram draws. It is given to a
 * simulation through its options (`SimulationOptions.trace`), so a checkpoint never copies it
 * and a run without one pays one property check per delivered message and per log line.
 *
 * It keeps, each in a bounded ring (the oldest go first):
 *  - every message delivered between nodes (WAL with its LSN range, standby feedback with its
 *    write/flush/replay positions, keepalives, connection messages), recorded on arrival, when
 *    all its fields are set; messages still on the wire are the snapshot's inFlight;
 *  - every client operation's events (invoke, completion, lost, restored), with, for a read, how
 *    far the serving node had replayed at that moment;
 *  - the cluster's history events (promote, truncate, discard);
 *  - fault bands: spans in which a node was down (process crash, power loss, hang), a link
 *    direction was cut, commits stalled, semi-sync was switched OFF, or fewer synchronous
 *    standbys were connected than synchronous_standby_names asks for. Every change of these is
 *    accompanied by a log line, so the recorder looks at the state at each one (`probe`) and
 *    opens or closes bands at that exact µs. A standby becomes a sync candidate only once it
 *    has replied (syncrep.c), which logs nothing: while that band is open the recorder also
 *    looks at each delivered message.
 *  - the anomalies of its own consistency checker, fed the same events (`--history` style), so
 *    each finding names its read and write however long the run.
 */
import { ConsistencyChecker, type Anomaly } from "../checker/consistencyChecker";
import { LEVEL_REMOTE_WRITE, LEVEL_SEMI_SYNC } from "../commit/levels";
import { syncCandidates } from "../commit/syncRep";
import type { Msg } from "../cluster/state";
import type { Sim } from "../simulation";
import type { HistoryEvent, OperationEvent, PromoteEvent, TruncateEvent, DiscardEvent } from "../views";

export const TRACE_MSG_WAL = 1, TRACE_MSG_FEEDBACK = 2, TRACE_MSG_KEEPALIVE = 3;

export type BandKind = "crash" | "power-loss" | "hang" | "cut" | "stall" | "semi-sync-off" | "no-sync-standby";

export interface Band {
  kind: BandKind;
  /** the lane it sits on (a cut: the sending side) */
  node: string;
  /** a cut: the receiving side */
  peer: string | null;
  fromUs: number;
  /** null: still open */
  toUs: number | null;
  /** what it is, in a few words (e.g. what the stalled commits wait for) */
  detail: string;
}

/** A client operation's event, as --history writes it, plus the serving node's replay position for a read. */
export interface TraceOpEvent
  extends Pick<OperationEvent, "type" | "f" | "op" | "process" | "key" | "value" | "timeUs" | "node" | "lsn"> {
  writeOp: number | null;
  /** a read's completion: how far its node had replayed when it answered (null: unknown) */
  replayLsn: number | null;
  error: string | null;
}

export type TraceClusterEvent = PromoteEvent | TruncateEvent | DiscardEvent;

/** Messages as columns: message i of the ring sits at i % capacity. */
export interface MessageColumns {
  kind: Uint8Array;
  from: Uint8Array;
  to: Uint8Array;
  sentUs: Float64Array;
  arriveUs: Float64Array;
  /** WAL: [start, end); feedback: unused (0) */
  start: Float64Array;
  end: Float64Array;
  /** feedback: the standby's positions */
  write: Float64Array;
  flush: Float64Array;
  replay: Float64Array;
}

const DEFAULT_MESSAGES = 1 << 17;
const DEFAULT_OPS = 1 << 17;
const KEEP_ANOMALIES = 20_000;

/** A bounded ring of objects: total counts every push, the oldest are overwritten. */
export class Ring<T> {
  private readonly items: T[] = [];
  total = 0;
  constructor(readonly capacity: number) {}

  push(v: T): void {
    if (this.items.length < this.capacity) this.items.push(v);
    else this.items[this.total % this.capacity] = v;
    this.total++;
  }

  /** the items with index ≥ from (clamped to what is kept), oldest first */
  since(from: number): T[] {
    const first = Math.max(from, this.total - this.capacity, 0);
    const out: T[] = [];
    for (let i = first; i < this.total; i++) out.push(this.items[i % this.capacity]!);
    return out;
  }
}

export class TraceRecorder {
  readonly messages: MessageColumns;
  readonly messageCapacity: number;
  /** messages recorded since the start (the ring keeps the last messageCapacity) */
  messageCount = 0;
  readonly ops: Ring<TraceOpEvent>;
  readonly cluster: TraceClusterEvent[] = [];
  readonly bands: Band[] = [];
  readonly anomalies: Anomaly[] = [];
  /** node names by index (a node keeps its index for the whole run) */
  readonly names: string[] = [];
  /** bumps whenever a band opens or closes */
  bandVersion = 0;
  /** passed every history event after the recorder has seen it */
  next: ((e: HistoryEvent) => void) | null = null;
  private readonly checker = new ConsistencyChecker();
  private readonly open = new Map<string, Band>();
  private sim: Sim | null = null;
  /** the no-sync-standby band is open: look at each delivered message too */
  private watchEveryMessage = false;

  constructor(capacity: { messages?: number; ops?: number } = {}) {
    const n = this.messageCapacity = capacity.messages ?? DEFAULT_MESSAGES;
    this.messages = {
      kind: new Uint8Array(n), from: new Uint8Array(n), to: new Uint8Array(n), sentUs: new Float64Array(n),
      arriveUs: new Float64Array(n), start: new Float64Array(n), end: new Float64Array(n), write: new Float64Array(n),
      flush: new Float64Array(n), replay: new Float64Array(n),
    };
    this.ops = new Ring(capacity.ops ?? DEFAULT_OPS);
  }

  /** A message arrives (network.ts deliver): every field is set by now. */
  message(sim: Sim, m: Msg): void {
    this.sim = sim;
    const c = this.messages, i = this.messageCount++ % this.messageCapacity;
    c.kind[i] = m.kind; c.from[i] = m.from; c.to[i] = m.to; c.sentUs[i] = m.sentUs; c.arriveUs[i] = m.arriveUs;
    c.start[i] = m.start; c.end[i] = m.end; c.write[i] = m.write; c.flush[i] = m.flush; c.replay[i] = m.replay;
    if (m.from >= this.names.length || m.to >= this.names.length) this.learnNames(sim);
    if (this.watchEveryMessage) this.probe(sim);
  }

  /** The history hook: records, checks, then passes the event on. */
  readonly onHistory = (e: HistoryEvent): void => {
    if ("f" in e) this.operation(e);
    else if (e.type !== "end") this.cluster.push(e);
    for (const a of this.checker.observe(e)) if (this.anomalies.length < KEEP_ANOMALIES) this.anomalies.push(a);
    this.next?.(e);
  };

  private operation(e: OperationEvent): void {
    let replayLsn: number | null = null;
    if (e.f === "read" && e.type === "ok" && this.sim && e.node !== null) {
      const n = this.sim.nodes.find((x) => x.name === e.node && !x.removed);
      replayLsn = n ? n.replayLsn : null;
    }
    this.ops.push({ type: e.type, f: e.f, op: e.op, process: e.process, key: e.key, value: e.value, timeUs: e.timeUs,
      node: e.node, lsn: e.lsn, writeOp: e.writeOp ?? null, replayLsn, error: e.error ?? null });
  }

  private learnNames(sim: Sim): void {
    for (let i = this.names.length; i < sim.nodes.length; i++) this.names.push(sim.nodes[i]!.name);
  }

  /** Something was logged: open and close bands to match the state now. */
  probe(sim: Sim): void {
    this.sim = sim;
    this.learnNames(sim);
    const want = new Map<string, Omit<Band, "toUs">>();
    const at = sim.now;
    for (const n of sim.nodes) {
      if (n.removed || n.state !== "down") continue;
      const kind: BandKind = n.crashKind === "power" ? "power-loss" : n.crashKind === "hang" ? "hang" : "crash";
      want.set(`${kind}:${n.idx}`, { kind, node: n.name, peer: null, fromUs: at, detail: describeDown(kind) });
    }
    for (const l of sim.links.all) {
      if (!l.cut) continue;
      const a = sim.nodes[l.from]!, b = sim.nodes[l.to]!;
      want.set(`cut:${l.from}:${l.to}`, { kind: "cut", node: a.name, peer: b.name, fromUs: at, detail: `link ${a.name} → ${b.name} cut` });
    }
    const primary = sim.nodes[sim.primary];
    const stall = sim.stalls[sim.stalls.length - 1];
    if (primary && stall && stall.toUs === null) {
      want.set(`stall:${stall.fromUs}`, { kind: "stall", node: primary.name, peer: null, fromUs: stall.fromUs,
        detail: `commits stalled waiting for ${stall.waitingFor}` });
    }
    if (primary && sim.commitLevel === LEVEL_SEMI_SYNC && !sim.commit.semiSyncActive) {
      want.set(`semi-off:${primary.idx}`, { kind: "semi-sync-off", node: primary.name, peer: null, fromUs: at,
        detail: "semi-sync switched OFF: commits are acknowledged without any replica's receipt" });
    }
    this.watchEveryMessage = false;
    const names = sim.standbyNames;
    if (primary && primary.state !== "down" && primary.role === "primary" && sim.commitLevel >= LEVEL_REMOTE_WRITE
      && sim.commitLevel !== LEVEL_SEMI_SYNC && names !== null && names.num > 0) {
      const have = syncCandidates(primary.senders.values()).length;
      if (have < names.num) {
        this.watchEveryMessage = true;
        want.set(`nosync:${primary.idx}`, { kind: "no-sync-standby", node: primary.name, peer: null, fromUs: at,
          detail: `${have} of the ${names.num} synchronous standbys synchronous_standby_names asks for are connected: commits wait` });
      }
    }
    this.reconcile(want, at);
  }

  private reconcile(want: Map<string, Omit<Band, "toUs">>, at: number): void {
    for (const [key, band] of this.open) {
      if (want.has(key)) continue;
      band.toUs = at;
      this.open.delete(key);
      this.bandVersion++;
    }
    for (const [key, b] of want) {
      if (this.open.has(key)) continue;
      const band: Band = { ...b, toUs: null };
      this.open.set(key, band);
      this.bands.push(band);
      this.bandVersion++;
    }
  }
}

function describeDown(kind: BandKind): string {
  if (kind === "power-loss") return "power loss: keeps only what was fsynced, silent to peers";
  if (kind === "hang") return "hung: answers nothing, keeps its data";
  return "process crash: keeps what was fsynced and the OS page cache";
}

/**
 * Gives a running simulation a recorder (or takes it away: null). The simulation's options are
 * replaced by a copy, not changed in place: an options object may be shared by simulations
 * restored from checkpoints, which must not record.
 */
export function attachTrace(sim: { options: { trace?: TraceRecorder | null } }, rec: TraceRecorder | null): void {
  (sim as { options: object }).options = { ...sim.options, trace: rec };
}
