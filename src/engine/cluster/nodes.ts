import { IdQueue } from "../clients/writeTable";
import { msToUs } from "../core/units";
import type { Timeline } from "../wal/timelines";
import { KvStore, type KvTable } from "./kvStore";
import { Senders, type NodeRt } from "./state";

export interface NodeConfigMs {
  networkDelayMs: number;
  jitterMs: number;
  fsyncMs: number;
  applyDelayMs: number;
  applyCostUs: number;
  lossPercent?: number;
  slot?: boolean;
  opsPerSec?: number;
  maxConnections?: number;
}

export function createNode(idx: number, name: string, role: NodeRt["role"], timeline: Timeline, c: NodeConfigMs,
  kv: KvTable): NodeRt {
  return {
    idx, name, role, state: "up", removed: false, crashKind: null, problem: null, timeline,
    insertLsn: 0, writeLsn: 0, flushLsn: 0, replayLsn: 0,
    delayUs: msToUs(c.networkDelayMs), jitterUs: msToUs(c.jitterMs), fsyncUs: msToUs(c.fsyncMs),
    applyDelayUs: msToUs(c.applyDelayMs), applyCostUs: c.applyCostUs, lossPercent: c.lossPercent ?? 0, wantsSlot: c.slot ?? false,
    opsPerSec: c.opsPerSec ?? 0, maxConnections: c.maxConnections ?? 100, busyUntilUs: 0,
    flushing: false, flushTarget: 0, flushGen: 0, epoch: 0,
    upstream: -1, recvConnId: 0, recvState: "stopped", lastRecvUs: 0,
    replayCursor: { tl: timeline, index: 0 }, replayBusy: false,
    kv: new KvStore(kv, idx), senders: new Senders(), walWriterPending: false,
    flushWaiters: new IdQueue(), syncWaiters: [new IdQueue(), new IdQueue(), new IdQueue()], semiWaiters: new IdQueue(),
    stallCheckAt: -1, oldestLsn: 0, slots: new Map(), syncCandidates: null,
  };
}
