/*
 * pg_stat_replication as the current primary sees it, with the alerts a monitoring system
 * would raise on it, and under it pg_replication_slots with the WAL the primary keeps on disk.
 * Refreshed four times a second: numbers that change every frame cannot be read, and a table
 * re-rendered every frame would cost the dots their smoothness.
 */
import { useId, useMemo, useState } from "react";
import { useSystem, useViewSettings } from "./settings";
import type { SlotView, Snapshot, StandbyView } from "../../engine/views";
import { evaluateAlerts, DEFAULT_THRESHOLDS } from "./alerts";
import { AlertList } from "./AlertList";
import { useThrottledLab } from "./hooks";
import { formatBytes, formatDurationUs, formatInterval, formatLsn } from "./format";
import { Term } from "./glossary";
import { MysqlStatus } from "./MysqlStatus";

const REFRESH_MS = 250;

export function ReplicationTable() {
  const snap = useThrottledLab((s) => s.snapshot, REFRESH_MS);
  const lagMs = useViewSettings((s) => s.lagThresholdMs);
  const setLagMs = useViewSettings((s) => s.setLagThresholdMs);
  const [allColumns, setAllColumns] = useState(false);
  const inputId = useId();
  const system = useSystem();
  const alerts = useMemo(
    () => (snap ? evaluateAlerts(snap, { ...DEFAULT_THRESHOLDS, replayLagUs: lagMs * 1000 }, system) : []),
    [snap, lagMs, system]);
  const mysql = system === "mysql";
  const lagging = new Set(alerts.filter((a) => a.id.startsWith("lag:")).map((a) => a.node));
  return (
    <section className="panel rl-panel rl-repl" aria-labelledby={`${inputId}-title`}>
      <div className="rl-panel__head">
        <h2 id={`${inputId}-title`}>{mysql ? "Replication status (MySQL/MariaDB)" : <Term id="pg-stat-replication" />}</h2>
        <span className="rl-panel__note">on {snap?.primary ?? "no primary"}</span>
      </div>
      {/* The table first, right under the picture: the key numbers share its screen (then alerts, slots). */}
      {mysql && snap ? <MysqlStatus snap={snap} /> : (
        <div className="rl-repl__scroll">
          <StandbyTable snap={snap} allColumns={allColumns} lagging={lagging} />
        </div>
      )}
      <div className="rl-repl__controls">
        <label htmlFor={inputId}>{mysql ? "Alert when Seconds_Behind_Source >" : "Alert when replay lag >"}</label>
        <input id={inputId} type="number" min={1} step={100} value={lagMs} className="rl-repl__threshold"
          onChange={(e) => setLagMs(Number(e.target.value) || 1)} />
        <span>ms</span>
        <label className="rl-repl__all">
          <input type="checkbox" checked={allColumns} onChange={(e) => setAllColumns(e.target.checked)} /> all columns
        </label>
      </div>
      <AlertList alerts={alerts} />
      {!mysql && snap && <SlotsSection snap={snap} />}
    </section>
  );
}

/** pg_replication_slots and what keeps WAL on the primary's disk (slots, wal_keep_size). */
function SlotsSection({ snap }: { snap: Snapshot }) {
  const kept = snap.nodes.find((n) => n.name === snap.primary)?.walRetainedBytes ?? null;
  const pg = snap.commit.postgres;
  const maxSlot = pg.max_slot_wal_keep_size_mb < 0 ? "-1 (no limit)" : `${pg.max_slot_wal_keep_size_mb} MB`;
  return (
    <div className="rl-slots" data-testid="replication-slots">
      <div className="rl-panel__head">
        <h3><Term id="slot">pg_replication_slots</Term></h3>
        {kept !== null && <span className="rl-panel__note" data-testid="wal-kept">WAL kept on disk: <strong>{formatBytes(kept)}</strong></span>}
      </div>
      <p className="rl-slots__settings">
        <Term id="wal-keep-size" /> {pg.wal_keep_size_mb} MB · <Term id="max-slot-wal-keep-size" /> {maxSlot} · <Term id="checkpoint">checkpoint</Term>_timeout {formatDurationUs(pg.checkpoint_timeout_ms * 1000)}
      </p>
      <div className="rl-repl__scroll">
        <table className="rl-table">
          <thead>
            <tr>
              <th scope="col">slot_name</th>
              <th scope="col"><Term id="restart-lsn" /></th>
              <th scope="col"><Term id="wal-status" /></th>
              <th scope="col" title="not a pg_replication_slots column: the primary's flush position minus restart_lsn">retained</th>
            </tr>
          </thead>
          <tbody>
            {snap.slots.map((slot) => <SlotRow key={slot.name} slot={slot} />)}
            {snap.slots.length === 0 && (
              <tr><td colSpan={4} className="rl-table__empty">(0 rows) no slots: only wal_keep_size holds WAL back for standbys</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SlotRow({ slot }: { slot: SlotView }) {
  const bad = slot.walStatus !== "reserved";
  return (
    <tr className={bad ? "rl-row--alert" : undefined}>
      <th scope="row">{slot.name}</th>
      <td className="rl-num mono">{slot.walStatus === "lost" ? <span className="rl-null">NULL</span> : formatLsn(slot.restartLsn)}</td>
      <td><span className={`rl-wal-status rl-wal-status--${slot.walStatus}`}>{slot.walStatus}</span></td>
      <td className="rl-num">{formatBytes(slot.retainedBytes)}</td>
    </tr>
  );
}

function StandbyTable({ snap, allColumns, lagging }: { snap: Snapshot | null; allColumns: boolean; lagging: Set<string | undefined> }) {
  const rows = snap?.replication ?? [];
  const head = snap?.nodes.find((n) => n.name === snap.primary)?.lsn.flush ?? 0;
  const ownReplay = new Map(snap?.nodes.map((n) => [n.name, n.lsn.replay]) ?? []);
  return (
    <table className={`rl-table${allColumns ? " rl-table--all" : ""}`}>
      <thead>
        <tr>
          <th scope="col">application_name</th>
          <th scope="col" className="rl-col-opt"><Term id="walsender-state">state</Term></th>
          <th scope="col"><Term id="sync-state" /></th>
          {allColumns && <th scope="col">sync_priority</th>}
          {allColumns && <th scope="col">sent_lsn</th>}
          {allColumns && <th scope="col">write_lsn</th>}
          {allColumns && <th scope="col">flush_lsn</th>}
          {allColumns && <th scope="col">replay_lsn</th>}
          <th scope="col" data-col="reported-gap"><Term id="reported-gap">reported gap</Term></th>
          <th scope="col" data-col="own-gap"><Term id="replica-gap">own gap</Term></th>
          <th scope="col" className="rl-col-mid"><Term id="write-lag">write_lag</Term></th>
          <th scope="col" className="rl-col-opt"><Term id="write-lag">flush_lag</Term></th>
          <th scope="col"><Term id="write-lag">replay_lag</Term></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => <Row key={r.name} r={r} head={head} ownReplay={ownReplay.get(r.name) ?? r.replayLsn} allColumns={allColumns} lagging={lagging.has(r.name)} />)}
        {rows.length === 0 && (
          <tr><td colSpan={allColumns ? 13 : 8} className="rl-table__empty">(0 rows) no standby is connected</td></tr>
        )}
      </tbody>
    </table>
  );
}

function Row({ r, head, ownReplay, allColumns, lagging }:
  { r: StandbyView; head: number; ownReplay: number; allColumns: boolean; lagging: boolean }) {
  return (
    <tr className={lagging ? "rl-row--alert" : undefined}>
      <th scope="row">{r.name}</th>
      <td className="rl-col-opt">{r.state}</td>
      <td><SyncState r={r} /></td>
      {allColumns && <td className="rl-num">{r.syncPriority}</td>}
      {allColumns && <td className="rl-num mono">{formatLsn(r.sentLsn)}</td>}
      {allColumns && <td className="rl-num mono">{formatLsn(r.writeLsn)}</td>}
      {allColumns && <td className="rl-num mono">{formatLsn(r.flushLsn)}</td>}
      {allColumns && <td className="rl-num mono">{formatLsn(r.replayLsn)}</td>}
      <td className="rl-num" data-col="reported-gap">{formatBytes(Math.max(0, head - r.replayLsn))}</td>
      <td className="rl-num" data-col="own-gap">{formatBytes(Math.max(0, head - ownReplay))}</td>
      <Lag us={r.writeLagUs} cls="rl-col-mid" />
      <Lag us={r.flushLagUs} cls="rl-col-opt" />
      <Lag us={r.replayLagUs} alert={lagging} />
    </tr>
  );
}

function Lag({ us, alert = false, cls = "" }: { us: number | null; alert?: boolean; cls?: string }) {
  const className = ["rl-num", alert ? "rl-lag--alert" : "", us === null ? "rl-null" : "", cls].filter(Boolean).join(" ");
  return (
    <td className={className} title={formatInterval(us)}>
      {us === null ? "NULL" : formatDurationUs(us)}
    </td>
  );
}

/**
 * sync_state as PostgreSQL reports it. "potential" while a commit waits for this standby is what
 * PostgreSQL shows too: syncrep.c (SyncRepGetCandidateStandbys) only chooses standbys whose
 * walsender is streaming and that have reported a valid flush position, so one that has just
 * (re)connected is listed but not chosen; the reason is said beside it.
 */
function SyncState({ r }: { r: StandbyView }) {
  const why = r.syncState !== "potential" ? null
    : r.state !== "streaming" ? `${r.state}: chosen once streaming`
    // InvalidXLogRecPtr (0): streaming, but no reply with a flush position yet (syncrep.c skips it)
    : r.flushLsn === 0 ? "no reply yet: chosen once it reports its flush position" : null;
  return (
    <span className={`rl-sync rl-sync--${r.syncState}`}>
      {r.syncState === "potential" ? <Term id="potential" /> : r.syncState}
      {why && <span className="rl-sync__why"> ({why})</span>}
    </span>
  );
}
