/*
 * Links are TCP-like FIFO channels. The network is a star: every node sits networkDelayMs (plus
 * up to jitterMs) from the core, so a message from a to b takes the sum of both legs. Jitter
 * never reorders a link: a message never arrives before the one sent ahead of it.
 * A cut link holds its messages, as TCP retransmits; they arrive after the heal unless the
 * connection was given up (a timeout) in the meantime, in which case the receiver drops them.
 * Held or resent messages are the sender's to retransmit: a sender that loses power sends
 * nothing more, so they are dropped (powerOff); a crashed process's kernel still sends them.
 */
import { EV_DELIVER } from "../core/eventKinds";
import type { Sim } from "../simulation";
import type { Msg } from "./state";

export const MAX_NODES = 128;

export interface Link {
  id: number;
  from: number;
  to: number;
  /** messages on the way, oldest first: queue[head] to queue[tail - 1] (the array is reused) */
  queue: Msg[];
  head: number;
  tail: number;
  lastArriveUs: number;
  /** a delivery event is pending for the head message */
  scheduled: boolean;
  /** this direction is cut: its messages are held until it heals */
  cut: boolean;
  /** bumped when a power loss drops the head message: a delivery event of an older gen is void */
  gen: number;
}

/** The links of a simulation: by id for sends and deliveries, in creation order for views. */
export class Links {
  private readonly byId: (Link | undefined)[] = [];
  readonly all: Link[] = [];

  get(id: number): Link | undefined {
    return this.byId[id];
  }

  add(link: Link): void {
    while (this.byId.length <= link.id) this.byId.push(undefined);
    this.byId[link.id] = link;
    this.all.push(link);
  }
}

export function linkId(from: number, to: number): number {
  return from * MAX_NODES + to;
}

function linkOf(sim: Sim, from: number, to: number): Link {
  const id = linkId(from, to);
  let link = sim.links.get(id);
  if (!link) {
    link = { id, from, to, queue: [], head: 0, tail: 0, lastArriveUs: 0, scheduled: false, cut: false, gen: 0 };
    sim.links.add(link);
  }
  return link;
}

/** Linux's minimum retransmission timeout: a lost segment is resent after 200 ms, then 400, 800... */
const RTO_MIN_US = 200_000;

/** Extra delay from lost packets: TCP resends them, so loss shows as delay (and holds the link up). */
function retransmitDelay(sim: Sim, lossA: number, lossB: number): number {
  const p = 1 - (1 - lossA / 100) * (1 - lossB / 100);
  let extra = 0;
  for (let rto = RTO_MIN_US, tries = 0; tries < 8 && sim.rng.unit() <= p; tries++, rto *= 2) extra += rto;
  return extra;
}

/**
 * A message with every field set, so all messages share one shape (cheap for the JIT). Delivered
 * messages go back to the simulation's pool and are reused: no handler keeps one after it
 * returns, and a busy run sends one per WAL flush per standby and more for feedback.
 */
export class Message implements Msg {
  id = 0;
  kind = 0;
  from = 0;
  to = 0;
  connId = 0;
  sentUs = 0;
  resentUs = 0;
  arriveUs = 0;
  start = 0;
  end = 0;
  timeline = 0;
  write = 0;
  flush = 0;
  replay = 0;
  replyRequested = false;
  cause = 0;
  reason = "";
}

/**
 * Delivered messages, kept for reuse. A stack with a count of its own rather than an array's
 * push and pop: V8 called Array.prototype.push out of line here, about a hundred instructions
 * for every message delivered. The array only grows, so a store past the count stays in bounds.
 */
export class MessagePool {
  private readonly items: Message[] = [];
  private count = 0;

  take(): Message {
    return this.count > 0 ? this.items[--this.count]! : new Message();
  }

  give(m: Message): void {
    this.items[this.count++] = m;
  }
}

function newMessage(sim: Sim, kind: number, from: number, to: number, connId: number, resentUs: number, arriveUs: number): Message {
  const m = sim.spareMessages.take();
  m.id = sim.nextMsgId++; m.kind = kind; m.from = from; m.to = to; m.connId = connId; m.sentUs = sim.now; m.resentUs = resentUs;
  m.arriveUs = arriveUs;
  m.start = 0; m.end = 0; m.timeline = 0; m.write = 0; m.flush = 0; m.replay = 0; m.replyRequested = false; m.cause = 0; m.reason = "";
  return m;
}

/** Sends a message; the caller fills in the fields its kind carries before the event loop runs on. */
export function send(sim: Sim, from: number, to: number, kind: number, connId: number): Msg {
  // Kept small (rare cases in functions of their own) so that V8 inlines it into its callers.
  const a = sim.nodes[from]!, b = sim.nodes[to]!;
  const link = sim.links.get(linkId(from, to)) ?? linkOf(sim, from, to);
  const jitter = a.jitterUs + b.jitterUs;
  const transit = a.delayUs + b.delayUs + (jitter > 0 ? sim.rng.int(0, jitter) : 0);
  const resentUs = a.lossPercent > 0 || b.lossPercent > 0 ? sim.now + retransmitDelay(sim, a.lossPercent, b.lossPercent) : sim.now;
  const arriveUs = Math.max(resentUs + transit, link.lastArriveUs);
  link.lastArriveUs = arriveUs;
  const msg = newMessage(sim, kind, from, to, connId, resentUs, arriveUs);
  if (link.tail < link.queue.length) link.queue[link.tail] = msg;
  else link.queue.push(msg);
  link.tail++;
  if (!link.scheduled && !link.cut) scheduleHead(sim, link);
  return msg;
}

/** EV_DELIVER on link `id`: hands the head message to the simulation's receiver, then schedules the next one. */
export function deliver(sim: Sim, id: number, gen: number): void {
  const link = sim.links.get(id)!;
  if (gen !== link.gen) return;
  link.scheduled = false;
  if (link.cut) return;
  const msg = link.queue[link.head++]!;
  // The array is reused rather than reallocated: from the start once it is empty (the usual
  // case), and moved down when a backlog (a cut link) has left most of it behind.
  if (link.head === link.tail) link.head = link.tail = 0;
  else if (link.head > 1024 && link.head * 2 > link.tail) {
    link.queue.copyWithin(0, link.head, link.tail);
    link.tail -= link.head;
    link.head = 0;
  }
  scheduleHead(sim, link);
  const trace = sim.options.trace;
  if (trace) trace.message(sim, msg);
  sim.receiveMessage(msg);
  sim.spareMessages.give(msg as Message);
}

function scheduleHead(sim: Sim, link: Link): void {
  if (link.head < link.tail && !link.scheduled) {
    link.scheduled = true;
    sim.queue.push(Math.max(link.queue[link.head]!.arriveUs, sim.now), EV_DELIVER, link.id, link.gen);
  }
}

export function cut(sim: Sim, from: number, to: number): void {
  linkOf(sim, from, to).cut = true;
}

export function isCut(sim: Sim, from: number, to: number): boolean {
  return sim.links.get(linkId(from, to))?.cut ?? false;
}

/** Heals a direction: held messages are retransmitted and arrive one transit time from now. */
export function heal(sim: Sim, from: number, to: number): void {
  const link = sim.links.get(linkId(from, to));
  if (!link?.cut) return;
  link.cut = false;
  const a = sim.nodes[from]!, b = sim.nodes[to]!;
  const earliest = sim.now + a.delayUs + b.delayUs;
  let last = 0;
  for (let i = link.head; i < link.tail; i++) {
    const m = link.queue[i]!;
    m.arriveUs = Math.max(m.arriveUs, earliest, last);
    last = m.arriveUs;
  }
  link.lastArriveUs = Math.max(link.lastArriveUs, last);
  scheduleHead(sim, link);
}

/**
 * A node loses power: its TCP stack is gone with it. What it had sent and not yet got onto the
 * wire for good (held by a cut link, or waiting to be resent after a loss) is never sent, nor is
 * anything behind it on the same connection (TCP hands data over in order: the receiver cannot
 * pass on later segments without the missing one). Messages already on the wire still arrive.
 */
export function powerOff(sim: Sim, node: number): void {
  for (const link of sim.links.all) {
    if (link.from !== node) continue;
    let keep = link.head;
    while (keep < link.tail && !link.cut && link.queue[keep]!.resentUs <= sim.now) keep++;
    if (keep === link.tail) continue;
    for (let i = keep; i < link.tail; i++) sim.spareMessages.give(link.queue[i] as Message);
    link.tail = keep;
    link.lastArriveUs = keep > link.head ? link.queue[keep - 1]!.arriveUs : 0;
    if (keep === link.head) {
      // the pending delivery was for a dropped message
      link.head = link.tail = 0;
      link.gen++;
      link.scheduled = false;
    }
  }
}

/** Messages still travelling (or held by a cut), oldest first per link, at most `limit`. */
export function inFlight(sim: Sim, limit: number): Msg[] {
  const out: Msg[] = [];
  for (const link of sim.links.all) {
    for (let i = link.head; i < link.tail && out.length < limit; i++) out.push(link.queue[i]!);
  }
  return out;
}
