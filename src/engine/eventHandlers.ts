/*
 * What each kind of event does: a table of handlers indexed by kind, called by the event loop.
 *
 * A table rather than a switch on purpose. V8 inlines callees into the function it optimizes
 * up to a budget of bytecode per optimized function; behind one switch every handler competed
 * for the event loop's budget and most of each event's work ran through calls. Called through
 * the table, each handler is optimized on its own with a budget of its own, and inlines its
 * event's whole path (a replayed record: replay, visibility, the next replay's scheduling).
 */
import { onPrimaryFlushed, onSemiSyncTimeout, onWalWriter } from "./commit/commitPath";
import { updateStall } from "./commit/stalls";
import * as EV from "./core/eventKinds";
import { autoFailover, finishPromotion } from "./cluster/failures";
import { deliver } from "./cluster/network";
import { onReplayed } from "./cluster/replay";
import { onCheckpointTimer } from "./cluster/retention";
import {
  connect, onReceiverTimeout, onReplicaFlushed, onSenderTimeout, onStatusInterval,
} from "./cluster/streaming";
import type { Sim } from "./simulation";

/** Runs one event; `a` and `b` are the event's arguments as eventKinds.ts names them. */
export type Handler = (sim: Sim, a: number, b: number) => void;

const ignore: Handler = () => {};

// Named, so that profiles say which event's handler a sample is in.
const onAction: Handler = (sim, a) => sim.runAction(a);
export const onWorkloadWrite: Handler = (sim, _a, b) => sim.clients.onWorkloadWrite(b);
const onWorkloadRead: Handler = (sim, _a, b) => sim.clients.onWorkloadRead(b);
const onReadServe: Handler = (sim, a) => sim.clients.reads.serve(a);
const onReadDone: Handler = (sim, a) => sim.clients.reads.done(a);
const onReadTimeout: Handler = (sim, a) => sim.clients.reads.onTimeout(a);
const onWriteServe: Handler = (sim, a) => sim.clients.serveWrite(a);
// Kinds whose `a` is a node index; `b` is mostly the epoch (or generation) the event belongs
// to, and an event of an earlier one finds nothing to do.
const onPrimaryFlush: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b) onPrimaryFlushed(sim, n); };
export const onReplicaFlush: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.flushGen === b) onReplicaFlushed(sim, n); };
const onWalWriterDue: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b) onWalWriter(sim, n); };
const onSemiSyncTimeoutDue: Handler = (sim, a, b) => onSemiSyncTimeout(sim, sim.nodes[a]!, b);
const onStallCheck: Handler = (sim, a) => {
  const n = sim.nodes[a]!;
  if (n.stallCheckAt === sim.now) { n.stallCheckAt = -1; updateStall(sim, n); }
};
const onStatusIntervalDue: Handler = (sim, a, b) => onStatusInterval(sim, sim.nodes[a]!, b);
const onSenderTimeoutDue: Handler = (sim, a, b) => onSenderTimeout(sim, sim.nodes[a]!, b);
const onReceiverTimeoutDue: Handler = (sim, a, b) => onReceiverTimeout(sim, sim.nodes[a]!, b);
const onReconnect: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b && n.recvState === "stopped") connect(sim, n); };
const onPromoteDone: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b) finishPromotion(sim, n); };
const onCheckpoint: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b) onCheckpointTimer(sim, n); };
const onLogical: Handler = (sim, a, b) => sim.logical?.onEvent(a, b);
const onMultiPrimary: Handler = (sim, a, b) => sim.multiPrimary?.onEvent(a, b);
const onFailoverCheck: Handler = (sim, a, b) => { const n = sim.nodes[a]!; if (n.epoch === b) autoFailover(sim, n); };

const byKind: [number, Handler][] = [
  [EV.EV_ACTION, onAction],
  // The two commonest take the event's arguments themselves: one call per event, not two.
  [EV.EV_DELIVER, deliver],
  [EV.EV_WORKLOAD_WRITE, onWorkloadWrite],
  [EV.EV_WORKLOAD_READ, onWorkloadRead],
  [EV.EV_READ_SERVE, onReadServe],
  [EV.EV_READ_DONE, onReadDone],
  [EV.EV_READ_TIMEOUT, onReadTimeout],
  [EV.EV_WRITE_SERVE, onWriteServe],
  [EV.EV_PRIMARY_FLUSH, onPrimaryFlush],
  [EV.EV_REPLICA_FLUSH, onReplicaFlush],
  // Sim.runUntil calls replays, deliveries, workload writes and replica flushes directly; their
  // entries keep the table whole (Sim.step uses it for every kind).
  [EV.EV_REPLAY, onReplayed],
  [EV.EV_WAL_WRITER, onWalWriterDue],
  [EV.EV_SEMI_SYNC_TIMEOUT, onSemiSyncTimeoutDue],
  [EV.EV_STALL_CHECK, onStallCheck],
  [EV.EV_STATUS_INTERVAL, onStatusIntervalDue],
  [EV.EV_SENDER_TIMEOUT, onSenderTimeoutDue],
  [EV.EV_RECEIVER_TIMEOUT, onReceiverTimeoutDue],
  [EV.EV_RECONNECT, onReconnect],
  [EV.EV_PROMOTE_DONE, onPromoteDone],
  [EV.EV_CHECKPOINT, onCheckpoint],
  [EV.EV_FAILOVER_CHECK, onFailoverCheck],
  [EV.EV_LOGICAL, onLogical],
  [EV.EV_MULTI_PRIMARY, onMultiPrimary],
];

/** handlers indexed by event kind (every index has one, so the loop needs no check) */
export const HANDLERS: readonly Handler[] = (() => {
  const table: Handler[] = Array.from({ length: Math.max(...byKind.map(([k]) => k)) + 1 }, () => ignore);
  for (const [kind, handler] of byKind) table[kind] = handler;
  return table;
})();
