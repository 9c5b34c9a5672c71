/*
 * The tape drawn inside a node's card: one cell per record, its start LSN above what it holds,
 * filled by how far the node has got with it (words in the tooltip and the card's label, shapes
 * as well as colours: solid applied, striped flushed, outlined received, dashed not yet).
 */
import { memo } from "react";
import type { TapeCell } from "./tape";
import { useSystem } from "../settings";

export const Tape = memo(function Tape({ cells, node }: { cells: TapeCell[]; node: string }) {
  const mysql = useSystem() === "mysql";
  if (cells.length === 0) return null;
  const log = mysql ? "binary log events (by position in the source's binary log)" : "WAL";
  return (
    <ol className="rl-tape" aria-label={`${node}'s ${log}, newest records`} data-testid={`tape-${node}`}>
      {cells.map((c) => (
        <li key={c.startLsn} className={`rl-tape__cell rl-tape__cell--${c.state}`} title={c.title} data-state={c.state}>
          <span className="rl-tape__lsn">{c.lsnText}</span>
          <span className="rl-tape__what">{c.what}</span>
          <span className="sr-only">{c.title}</span>
        </li>
      ))}
    </ol>
  );
});
