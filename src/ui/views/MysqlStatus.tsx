/*
 * The replication panel in MySQL/MariaDB words (semi-sync mode): the source's semi-sync status
 * variables and, per replica, what SHOW REPLICA STATUS shows (MariaDB 10.5+ names:
 * https://mariadb.com/kb/en/show-replica-status/): Source_Log_File and Read_Source_Log_Pos, the
 * source's binary log coordinates up to which the I/O thread has read; Relay_Source_Log_File and
 * Exec_Source_Log_Pos, those up to which the SQL thread has applied. Positions come from the
 * model's one log (src/text/position.ts says how, and where that simplifies). All of it is the
 * replica's own state, as MySQL computes it on the replica: Seconds_Behind_Source too
 * (src/engine/mysql/replicaStatus.ts). The source learns none of it; it knows only the semi-sync
 * status variables and which ACKs came.
 */
import type { Snapshot } from "../../engine/views";
import { binlogFile, binlogPos } from "../../text/position";
import { Term } from "./glossary";

export function MysqlStatus({ snap }: { snap: Snapshot }) {
  const ss = snap.commit.semiSync;
  // MySQL without semi-sync (async): the plugin's status is OFF and nothing waits.
  const semi = snap.commit.mode === "semiSync";
  const rows = new Map(snap.replication.map((r) => [r.name, r]));
  const clients = snap.replication.filter((r) => r.state === "streaming").length;
  const replicas = snap.nodes.filter((n) => n.name !== snap.primary && n.role === "replica");
  // The file column only when the replicas read different files: the positions are the numbers to see.
  const files = new Set(replicas.map((n) => binlogFile(n.lsn.write)));
  const oneFile = files.size <= 1 ? [...files][0] ?? binlogFile(0) : null;
  return (
    <div className="rl-mysql" data-testid="mysql-status">
      <h3>SHOW GLOBAL STATUS LIKE &apos;Rpl_semi_sync%&apos; on {snap.primary ?? "no source"}</h3>
      <table className="rl-table">
        <tbody>
          <tr><th scope="row"><Term id="semi-sync-status" /></th><td data-var="status">{semi && snap.commit.semiSyncActive ? "ON" : "OFF"}</td></tr>
          <tr><th scope="row"><Term id="semi-sync-clients" /></th><td data-var="clients">{semi ? clients : 0}</td></tr>
          <tr><th scope="row"><Term id="semi-sync-yes-no">Rpl_semi_sync_master_yes_tx</Term></th><td data-var="yes_tx" className="rl-num">{snap.semiSyncTx.yes}</td></tr>
          <tr><th scope="row"><Term id="semi-sync-yes-no">Rpl_semi_sync_master_no_tx</Term></th><td data-var="no_tx" className="rl-num">{snap.semiSyncTx.no}</td></tr>
          <tr><th scope="row"><Term id="wait-point">rpl_semi_sync_master_wait_point</Term></th><td>{ss.waitPoint}</td></tr>
          <tr><th scope="row"><Term id="semi-sync-timeout" /></th><td>{ss.timeoutMs}</td></tr>
        </tbody>
      </table>
      <h3><Term id="show-replica-status" /> <span className="rl-panel__note">(on each replica{oneFile ? `; Source_Log_File ${oneFile} on all` : ""})</span></h3>
      <div className="rl-repl__scroll">
        <table className="rl-table">
          <thead>
            <tr>
              <th scope="col">replica</th>
              <th scope="col">{breakable("Replica_IO_Running")}</th>
              {!oneFile && <th scope="col">{breakable("Source_Log_File")}</th>}
              <th scope="col"><Term id="binlog">{breakable("Read_Source_Log_Pos")}</Term></th>
              <th scope="col"><Term id="relay-log">{breakable("Exec_Source_Log_Pos")}</Term></th>
              <th scope="col"><Term id="seconds-behind-source">{breakable("Seconds_Behind_Source")}</Term></th>
            </tr>
          </thead>
          <tbody>
            {replicas.map((n) => {
              const row = rows.get(n.name);
              const io = n.state === "down" ? "No" : row?.state === "streaming" ? "Yes" : "Connecting";
              const behind = n.secondsBehindSourceUs;
              return (
                <tr key={n.name}>
                  <th scope="row">{n.name}</th>
                  <td>{io}</td>
                  {!oneFile && <td className="mono">{binlogFile(n.lsn.write)}</td>}
                  <td className="rl-num mono" data-var="read-pos" title={`Source_Log_File ${binlogFile(n.lsn.write)}`}>{binlogPos(n.lsn.write)}</td>
                  <td className="rl-num mono" data-var="exec-pos" title={`Relay_Source_Log_File ${binlogFile(n.lsn.replay)}`}>{binlogPos(n.lsn.replay)}</td>
                  <td className="rl-num" data-var="seconds-behind">{behind === null ? <span className="rl-null">NULL</span> : Math.floor(behind / 1e6)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="rl-panel__note" data-testid="mysql-positions-simplified">
        Positions are the source&apos;s binary log file and byte position, mapped from the model&apos;s one log (simplified: a real
        file begins with a format description event, so real positions are larger, and after a failover the new source writes
        files of its own; MariaDB&apos;s GTIDs, not shown, are what carry over). Every column is the replica&apos;s own state;
        the source knows only its semi-sync variables above.
      </p>
    </div>
  );
}

/** A column name that may wrap after its underscores: the numbers under it are short, the names long. */
function breakable(name: string) {
  const parts = name.split("_");
  return parts.map((p, i) => (i < parts.length - 1 ? <span key={i}>{p}_<wbr /></span> : <span key={i}>{p}</span>));
}
