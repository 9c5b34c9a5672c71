/*
 * Each replication channel of a circular or last-writer-wins run, as SHOW REPLICA STATUS shows it
 * on the node applying: the SQL thread running or stopped (and its Last_SQL_Errno / Error), the I/O
 * thread connected or not, how many of the source's changes are not applied yet. A stopped channel
 * offers what MySQL/MariaDB offer: START SLAVE (the failing event is tried again) or skip it
 * (SET GLOBAL sql_slave_skip_counter = 1; START SLAVE). A certification group has no channels: the
 * panel says so instead.
 */
import type { MultiPrimaryView } from "../../engine/multiprimary";
import { useCommand } from "../controls/hooks";
import { useMpView } from "./useMp";

type Channel = MultiPrimaryView["channels"][number];

export function MpChannels() {
  const mp = useMpView();
  const { send, error } = useCommand();
  if (!mp || mp.mode === "certification") return null;
  const act = (c: Channel, command: "start" | "skip") => send({ op: "replication", node: c.node, source: c.source, command });
  return (
    <section className="panel rl-panel" aria-labelledby="rl-mp-channels-title" data-testid="mp-channels">
      <div className="rl-panel__head">
        <h2 id="rl-mp-channels-title">Replication channels</h2>
        <span className="rl-panel__note">SHOW REPLICA STATUS on each node</span>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <ul className="rl-mp__channels">
        {mp.channels.map((c) => (
          <li key={`${c.node}<${c.source}`} role="group" aria-label={`Channel ${c.node} from ${c.source}`}
            className={c.state === "stopped" ? "rl-mp__channel rl-mp__channel--stopped" : "rl-mp__channel"}>
            <div>
              <strong>{c.node}</strong> from {c.source}:{" "}
              {c.state === "running" ? "SQL thread running" : <span className="rl-mp__error">SQL thread stopped</span>}
              {c.connected ? "" : ", disconnected"}
              {c.behind > 0 ? `, ${c.behind} change${c.behind === 1 ? "" : "s"} to apply` : ""}
            </div>
            {c.state === "stopped" ? (
              <>
                <div className="rl-mp__error small">Error {c.lastErrno}: {c.lastError}</div>
                <div className="row">
                  <button type="button" onClick={() => act(c, "start")} title="START SLAVE: try the failing event again">Start</button>
                  <button type="button" onClick={() => act(c, "skip")} title="SET GLOBAL sql_slave_skip_counter = 1; START SLAVE">Skip event</button>
                </div>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
