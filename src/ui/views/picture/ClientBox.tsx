/*
 * The client in the picture, beside the primary: the commit it is waiting for (what for, and
 * for how long) or, when nothing waits, its last write. A line joins it to the primary, where
 * its commits go. Refreshed four times a second, as the text panels are.
 */
import type { CSSProperties } from "react";
import type { WaitingCommitView } from "../../../engine/views";
import { formatDurationUs } from "../format";
import { formatPosition } from "../../../text/position";
import { useThrottledLab } from "../hooks";
import type { ClientBox as Box } from "./treeLayout";

interface ClientState {
  nowUs: number;
  oldest: WaitingCommitView | null;
  waiting: number;
  last: string | null;
  mysql: boolean;
}

const same = (a: ClientState, b: ClientState) =>
  a.nowUs === b.nowUs && a.oldest === b.oldest && a.waiting === b.waiting && a.last === b.last && a.mysql === b.mysql;

export function ClientBox({ box, primary }: { box: Box; primary: string | null }) {
  const c = useThrottledLab<ClientState>((s) => {
    const list = s.snapshot?.waitingCommits ?? [];
    let oldest: WaitingCommitView | null = null;
    for (const w of list) if (oldest === null || w.sinceUs < oldest.sinceUs) oldest = w;
    let last: string | null = null;
    for (let i = s.log.length - 1; i >= 0 && last === null; i--) if (s.log[i]!.kind === "write-ok") last = s.log[i]!.text;
    return { nowUs: s.snapshot?.nowUs ?? 0, oldest, waiting: list.length, last, mysql: s.snapshot?.commit.mode === "semiSync" };
  }, 250, same);
  const style: CSSProperties = { left: box.x - box.width / 2, top: box.y - box.height / 2, width: box.width, minHeight: box.height };
  const w = c.oldest;
  return (
    <div className={`rl-client${w ? " rl-client--waiting" : ""}`} style={style} data-testid="picture-client" role="group"
      aria-label={w ? `Client: a commit waits at ${primary ?? "the primary"}` : "Client"}>
      <div className="rl-client__title">client <span className="rl-client__to">→ {primary ?? "no primary"}</span></div>
      {w ? (
        <>
          <div className="rl-client__commit">COMMIT {w.key} <b>waits {formatDurationUs(c.nowUs - w.sinceUs)}</b></div>
          <div className="rl-client__why">
            for {w.standbys.length > 0 ? w.standbys.join(", ") : "a standby"}{c.mysql ? ` to ACK · binlog ${formatPosition(w.lsn, "mysql")}` : ` · LSN ${formatPosition(w.lsn, "postgres")}`}
            {c.waiting > 1 ? ` · ${c.waiting - 1} more waiting` : ""}
          </div>
        </>
      ) : (
        <div className="rl-client__commit rl-client__commit--done">{c.last ? `last: ${c.last.replace(/ on \S+$/, "")} · returned` : "no write yet"}</div>
      )}
    </div>
  );
}
