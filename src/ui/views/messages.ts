/*
 * Messages on the wire, as the cluster picture draws them: WAL records going out, standby
 * replies ("ACKs") coming back labelled with why the standby sent them (the engine says so in
 * each reply: AckCause), keepalives drawn faint.
 */
import type { AckCause, CommitMode, MessageView, WalRecordView } from "../../engine/views";

/** How a message looks. Replies sent on a timer, to a ping or at the start are one "status" look. */
export type TokenStyle = "wal" | "keepalive" | "ack-write" | "ack-flush" | "ack-apply" | "ack-status";

export function tokenStyle(m: MessageView): TokenStyle {
  if (m.kind === "wal") return "wal";
  if (m.kind === "keepalive") return "keepalive";
  return ackStyle(m.ack?.cause ?? "status");
}

export function ackStyle(cause: AckCause): TokenStyle {
  return cause === "write" ? "ack-write" : cause === "flush" ? "ack-flush" : cause === "apply" ? "ack-apply" : "ack-status";
}

/** The word on a message: in MySQL/MariaDB mode the reply after a relay-log write is the semi-sync ACK, the rest binlog events and heartbeats. */
export function ackLabel(style: TokenStyle, mode: CommitMode): string {
  switch (style) {
    case "ack-write": return mode === "semiSync" ? "ACK" : "write";
    case "ack-flush": return "flush";
    case "ack-apply": return "apply";
    case "ack-status": return "status";
    // A MySQL source's heartbeat event (MASTER_HEARTBEAT_PERIOD), which the replica does not answer.
    case "keepalive": return mode === "semiSync" ? "heartbeat" : "keepalive";
    case "wal": return mode === "semiSync" ? "binlog" : "WAL";
  }
}

/**
 * What a WAL message carries, in a few characters: the last record it ends with ("x=3"), found
 * among the primary's newest records by its end LSN; "WAL" when that record is older.
 */
export function walLabel(endLsn: number, records: ReadonlyMap<number, WalRecordView>): string {
  const r = records.get(endLsn);
  if (!r) return "WAL";
  const text = `${r.key}=${r.value}`;
  return text.length > 9 ? `${text.slice(0, 8)}…` : text;
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
