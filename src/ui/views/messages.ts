/*
 * Messages on the wire, as the cluster view draws them. Which ACK stage a status message
 * reports is inferred once per snapshot (not per frame), so the canvas loop only interpolates.
 */
import type { MessageView, StandbyView } from "../../engine/views";

/** Which replica position an ACK moved forward: the furthest stage that advanced wins. */
export type AckStage = "write" | "flush" | "replay" | "none" | "unknown";

/** WAL records go out, ACKs come back; keepalives are drawn faint. */
export type DotStyle = "wal" | "keepalive" | `ack-${AckStage}`;

interface Positions {
  write: number;
  flush: number;
  replay: number;
}

/** Compare an ACK with what the primary knew before it (the previous ACK on that link). */
export function ackStage(ack: Positions, before: Positions | undefined): AckStage {
  if (!before) return "unknown";
  if (ack.replay > before.replay) return "replay";
  if (ack.flush > before.flush) return "flush";
  if (ack.write > before.write) return "write";
  return "none";
}

/**
 * Stage of every ACK in flight. A link is FIFO, so the ACK before an in-flight ACK is either
 * the previous in-flight ACK from the same replica (by send time) or, for the oldest one, the
 * last ACK the primary received: the positions its pg_stat_replication row shows.
 */
export function inferAckStages(inFlight: readonly MessageView[], rows: readonly StandbyView[]): Map<number, AckStage> {
  const byReplica = new Map<string, MessageView[]>();
  for (const m of inFlight) {
    if (m.kind !== "ack" || !m.ack) continue;
    const list = byReplica.get(m.from);
    if (list) list.push(m);
    else byReplica.set(m.from, [m]);
  }
  const rowByName = new Map(rows.map((r) => [r.name, r]));
  const stages = new Map<number, AckStage>();
  for (const [replica, acks] of byReplica) {
    acks.sort((a, b) => a.sentUs - b.sentUs || a.id - b.id);
    const row = rowByName.get(replica);
    let before: Positions | undefined = row ? { write: row.writeLsn, flush: row.flushLsn, replay: row.replayLsn } : undefined;
    for (const m of acks) {
      stages.set(m.id, ackStage(m.ack!, before));
      before = m.ack;
    }
  }
  return stages;
}

export function dotStyle(m: MessageView, stages: Map<number, AckStage>): DotStyle {
  if (m.kind === "wal") return "wal";
  if (m.kind === "keepalive") return "keepalive";
  return `ack-${stages.get(m.id) ?? "unknown"}`;
}

/** How far along its link a message is at virtual time `nowUs`: 0 at send, 1 on arrival. */
export function progress(sentUs: number, arriveUs: number, nowUs: number): number {
  const span = arriveUs - sentUs;
  if (span <= 0) return 1;
  const t = (nowUs - sentUs) / span;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

export interface DotCounts {
  wal: number;
  ack: number;
  keepalive: number;
}

export function countDots(inFlight: readonly MessageView[]): DotCounts {
  const c: DotCounts = { wal: 0, ack: 0, keepalive: 0 };
  for (const m of inFlight) c[m.kind]++;
  return c;
}
