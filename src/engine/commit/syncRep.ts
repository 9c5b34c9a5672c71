/*
 * Which standbys are synchronous and how far they have confirmed, as PostgreSQL's syncrep.c
 * decides: only walsenders in state streaming with a priority (a place in
 * synchronous_standby_names) are candidates. FIRST n: the n candidates of highest priority
 * (lowest number) are sync, the rest potential, and the confirmed position is the minimum over
 * the sync ones (SyncRepGetOldestSyncRecPtr). ANY n: every candidate is quorum and the confirmed
 * position is the n-th highest (SyncRepGetNthLatestSyncRecPtr). Too few candidates: nothing is
 * confirmed and commits wait.
 */
import type { SenderRt } from "../cluster/state";
import type { SyncState } from "../views";
import type { StandbyNames } from "./standbyNames";

export interface SyncPositions {
  write: number;
  flush: number;
  replay: number;
}

export function syncCandidates(senders: Iterable<SenderRt>): SenderRt[] {
  const out: SenderRt[] = [];
  // As SyncRepGetCandidateStandbys: streaming, listed, and it has reported a flush position.
  for (const s of senders) if (s.state === "streaming" && s.priority > 0 && s.reported) out.push(s);
  // Ties in priority go to the lower walsender slot, here the lower node index.
  return out.sort((a, b) => a.priority - b.priority || a.standby - b.standby);
}

/**
 * The confirmed positions given the candidates in priority order (see syncCandidates), written
 * into `out` (this runs on every standby reply); false when too few candidates confirm anything.
 */
export function positionsOf(cfg: StandbyNames, cands: readonly SenderRt[], out: SyncPositions): boolean {
  if (cands.length < cfg.num) return false;
  if (cfg.method === "first") {
    let write = Infinity, flush = Infinity, replay = Infinity;
    for (let i = 0; i < cfg.num; i++) {
      const s = cands[i]!;
      if (s.writeLsn < write) write = s.writeLsn;
      if (s.flushLsn < flush) flush = s.flushLsn;
      if (s.replayLsn < replay) replay = s.replayLsn;
    }
    out.write = write; out.flush = flush; out.replay = replay;
    return true;
  }
  out.write = nth(cands, cfg.num, (s) => s.writeLsn);
  out.flush = nth(cands, cfg.num, (s) => s.flushLsn);
  out.replay = nth(cands, cfg.num, (s) => s.replayLsn);
  return true;
}

/** The n-th highest of a position over the candidates. */
function nth(cands: readonly SenderRt[], n: number, pos: (s: SenderRt) => number): number {
  if (n === 1) {
    let best = -Infinity;
    for (const s of cands) if (pos(s) > best) best = pos(s);
    return best;
  }
  return cands.map(pos).sort((a, b) => b - a)[n - 1]!;
}

/**
 * sync_state of each walsender, as pg_stat_get_wal_senders reports it: async when not listed,
 * sync (FIRST) or quorum (ANY) when chosen, potential when listed but not chosen (including a
 * standby still catching up or that has not reported yet).
 */
export function syncStates(cfg: StandbyNames | null, senders: Iterable<SenderRt>): Map<SenderRt, SyncState> {
  const states = new Map<SenderRt, SyncState>();
  const list = [...senders];
  for (const s of list) states.set(s, s.priority > 0 && cfg ? "potential" : "async");
  if (!cfg) return states;
  syncCandidates(list).forEach((s, i) => {
    if (cfg.method === "any") states.set(s, "quorum");
    else if (i < cfg.num) states.set(s, "sync");
  });
  return states;
}

/** The standbys whose confirmation would move the sync position (for "waiting for …" displays). */
export function awaitedStandbys(cfg: StandbyNames | null, senders: Iterable<SenderRt>, names: (i: number) => string): string[] {
  if (!cfg) return [];
  const cands = syncCandidates(senders);
  if (cfg.method === "first") {
    const chosen = cands.slice(0, cfg.num).map((s) => names(s.standby));
    // Too few connected: the commit waits for a listed name to connect.
    return chosen.length < cfg.num ? [...chosen, ...cfg.names.filter((n) => !chosen.includes(n)).slice(0, cfg.num - chosen.length)] : chosen;
  }
  return cands.length > 0 ? cands.map((s) => names(s.standby)) : [...cfg.names];
}
