/*
 * WAL lanes: one strip of the log per node, with the positions that node has reached as
 * markers. A replica's "write" marker is where it will ask the primary to resume streaming
 * ("give me everything after offset X"); the gaps between markers are what it still lacks.
 * Pure model: the canvas only draws what these functions return.
 */
import type { NodeView, Snapshot, StandbyView } from "../../engine/views";
import type { LogWords } from "../../text/position";

/** "oldest": the oldest WAL the primary still keeps on disk (for slots and wal_keep_size). */
export type Stage = "insert" | "flush" | "sent" | "write" | "replay" | "oldest";

export interface Marker {
  stage: Stage;
  lsn: number;
}

/** What the bytes between two markers are still waiting for. */
export type GapKind = "not-flushed-locally" | "not-received" | "not-flushed" | "not-replayed";

export interface Gap {
  kind: GapKind;
  fromLsn: number;
  toLsn: number;
  bytes: number;
  /** the matching pg_stat_replication lag when there is one, µs */
  lagUs: number | null;
}

export interface Lane {
  name: string;
  role: NodeView["role"];
  state: NodeView["state"];
  timeline: number;
  /** connected to the current primary (has a pg_stat_replication row) */
  streaming: boolean;
  markers: Marker[];
  gaps: Gap[];
  /** replica: the offset it resumes from */
  resumeAfter: number | null;
  /** replica's own gap: the primary's flush minus the replica's own replay position (what a read there sees) */
  ownGapBytes: number;
  /** reported gap: the primary's flush minus the replay_lsn the replica last reported (what pg_stat_replication
   *  shows); null when it has no pg_stat_replication row. Trails ownGapBytes by one reply. */
  reportedGapBytes: number | null;
  /** pg_stat_replication's replay_lag, µs; in MySQL words the replica's own Seconds_Behind_Source (µs; null = NULL) */
  replayLagUs: number | null;
  /** primary: WAL kept on disk for standbys (slots, wal_keep_size) */
  retainedBytes: number | null;
}

/**
 * In MySQL words the primary's view has no lags and no reported positions (a MySQL source is told
 * only semi-sync ACKs): the gaps carry no lag, there is no reported gap, and the lag is the
 * replica's own Seconds_Behind_Source.
 */
export function buildLanes(s: Snapshot, words: LogWords = "postgres"): Lane[] {
  const primary = s.nodes.find((n) => n.name === s.primary) ?? null;
  const rows = new Map(s.replication.map((r) => [r.name, r]));
  // The current primary's lane on top (after a failover too): every other lane is read against it.
  const ordered = primary ? [primary, ...s.nodes.filter((n) => n !== primary)] : s.nodes;
  return ordered.map((n) => (n.role === "primary" ? primaryLane(n) : words === "mysql" ? mysqlReplicaLane(n, rows.get(n.name), primary)
    : replicaLane(n, rows.get(n.name), primary)));
}

function primaryLane(n: NodeView): Lane {
  const markers: Marker[] = [{ stage: "insert", lsn: n.lsn.insert }, { stage: "flush", lsn: n.lsn.flush }];
  if (n.walRetainedBytes !== null && n.walRetainedBytes > 0) markers.push({ stage: "oldest", lsn: n.lsn.flush - n.walRetainedBytes });
  return {
    name: n.name, role: n.role, state: n.state, timeline: n.timeline, streaming: false, markers,
    gaps: [gap("not-flushed-locally", n.lsn.flush, n.lsn.insert, null)],
    resumeAfter: null, ownGapBytes: 0, reportedGapBytes: null, replayLagUs: null, retainedBytes: n.walRetainedBytes,
  };
}

function replicaLane(n: NodeView, row: StandbyView | undefined, primary: NodeView | null): Lane {
  // The primary's view (the row) lags the replica's own by one ACK; the replica's own
  // positions are the truth about its disk, so the lane uses them.
  const { write, flush, replay } = n.lsn;
  const head = primary?.lsn.flush ?? write;
  const markers: Marker[] = [{ stage: "write", lsn: write }, { stage: "flush", lsn: flush }, { stage: "replay", lsn: replay }];
  if (row) markers.push({ stage: "sent", lsn: row.sentLsn });
  const gaps: Gap[] = [
    gap("not-replayed", replay, flush, row?.replayLagUs ?? null),
    gap("not-flushed", flush, write, row?.flushLagUs ?? null),
    gap("not-received", write, head, row?.writeLagUs ?? null),
  ];
  return {
    name: n.name, role: n.role, state: n.state, timeline: n.timeline, streaming: row !== undefined,
    markers, gaps, resumeAfter: write,
    ownGapBytes: Math.max(0, head - replay), reportedGapBytes: row ? Math.max(0, head - row.replayLsn) : null,
    replayLagUs: row?.replayLagUs ?? null, retainedBytes: null,
  };
}

function mysqlReplicaLane(n: NodeView, row: StandbyView | undefined, primary: NodeView | null): Lane {
  const lane = replicaLane(n, row, primary);
  return { ...lane, gaps: lane.gaps.map((g) => ({ ...g, lagUs: null })), reportedGapBytes: null, replayLagUs: n.secondsBehindSourceUs };
}

function gap(kind: GapKind, fromLsn: number, toLsn: number, lagUs: number | null): Gap {
  return { kind, fromLsn, toLsn, bytes: Math.max(0, toLsn - fromLsn), lagUs };
}

export const GAP_LABEL: Record<GapKind, string> = {
  "not-flushed-locally": "not yet flushed",
  "not-received": "not received",
  "not-flushed": "not flushed",
  "not-replayed": "not replayed",
};

/** The newest byte any node has: the right edge of every lane. */
export function headLsn(s: Snapshot): number {
  let head = 0;
  for (const n of s.nodes) head = Math.max(head, n.lsn.insert, n.lsn.write);
  return head;
}

const MIN_SPAN_BYTES = 4096;

/**
 * How many bytes back from the head the lanes reach: far enough for every node's oldest marker
 * (the axis is logarithmic in distance, so a replica 1 GB behind does not squash one 2 kB
 * behind), in 1-2-5 steps so the axis does not change every frame.
 */
export function laneSpanBytes(lanes: readonly Lane[], head: number): number {
  let furthest = 0;
  // The primary's oldest kept WAL can be far back; it is drawn clamped, not given the axis.
  for (const l of lanes) for (const m of l.markers) if (m.stage !== "oldest") furthest = Math.max(furthest, head - m.lsn);
  return niceCeil(Math.max(MIN_SPAN_BYTES, furthest * 1.1));
}

/**
 * The span to show next, with hysteresis: grow as soon as a marker would fall off the left
 * edge, shrink only once everything fits in a third of the span. Without it the axis flaps
 * between two steps as a lagging replica's distance wobbles, and redraws every frame.
 */
export function nextSpanBytes(current: number, lanes: readonly Lane[], head: number): number {
  const wanted = laneSpanBytes(lanes, head);
  if (wanted > current) return wanted;
  if (wanted * 3 <= current) return wanted;
  return current;
}

/** Distances from the head worth a tick on a log axis: 0 and the decades up to `span`. */
export function distanceTicks(span: number): number[] {
  const ticks = [0];
  for (let t = 100; t <= span; t *= 10) ticks.push(t);
  return ticks;
}

/** 1, 2 or 5 times a power of ten: spans that change in steps, not every frame. */
export function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
