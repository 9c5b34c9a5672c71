/*
 * The Branches panel: the run's tree of branches — where each was forked, what was done
 * differently there, how far it ran — with Switch and Rename. Names are user text: rendered as
 * text, cleaned and cut to MAX_NAME_CHARS (the worker cleans them again).
 */
import { useState } from "react";
import { cleanName, MAX_NAME_CHARS, ownCommands, treeOrder, type Branch } from "../../timeline/branches";
import { sendTravel } from "../controls/lab";
import { useTimeline } from "./timelineStore";
import { commandsText, secondsText } from "./commandText";

export function BranchesPanel({ id }: { id: string }) {
  const tree = useTimeline((s) => s.tree);
  const current = useTimeline((s) => s.travel?.branch ?? s.tree?.current ?? 0);
  // The tree comes when it changes; the branch on screen runs on between (its end is in every snapshot).
  const currentEnd = useTimeline((s) => s.travel?.end ?? null);
  if (!tree) return <section id={id} className="branches" aria-label="Branches"><p className="small muted">The run has not started yet.</p></section>;
  const rows = treeOrder(tree);
  const names = new Map(tree.branches.map((b) => [b.id, b.name]));
  return (
    <section id={id} className="branches" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Branches</h2>
      <p className="small muted">
        A command given while viewing the past (a write, a crash, a setting) starts a new branch from that moment; the
        old branch keeps its future. Switch between them to compare.
      </p>
      <ol className="branch-list">
        {rows.map(({ branch, depth }) => (
          <BranchRow key={branch.id} branch={branch.id === current && currentEnd ? { ...branch, end: currentEnd } : branch}
            depth={depth} current={branch.id === current}
            parentName={branch.parent === null ? null : (names.get(branch.parent) ?? "?")} />
        ))}
      </ol>
    </section>
  );
}

function BranchRow({ branch, depth, current, parentName }: { branch: Branch; depth: number; current: boolean; parentName: string | null }) {
  const [editing, setEditing] = useState<string | null>(null);
  const own = ownCommands(branch);
  const draft = editing === null ? "" : cleanName(editing);
  const save = () => {
    if (draft === "") return;
    sendTravel({ type: "rename-branch", id: branch.id, name: draft });
    setEditing(null);
  };
  return (
    <li className={`branch${current ? " current" : ""}`} style={{ marginInlineStart: `${Math.min(depth, 6) * 1.2}rem` }}
      aria-current={current ? "true" : undefined}>
      <div className="row">
        {editing === null ? (
          <>
            <strong className="branch-name">{branch.name}</strong>
            {current && <span className="pill small">on screen</span>}
            <button type="button" className="link small" onClick={() => setEditing(branch.name)}
              aria-label={`Rename branch ${branch.name}`}>Rename</button>
            {!current && <button type="button" className="small" onClick={() => sendTravel({ type: "switch-branch", id: branch.id })}
              aria-label={`Switch to branch ${branch.name}`}>Switch to</button>}
          </>
        ) : (
          <form className="row" onSubmit={(e) => { e.preventDefault(); save(); }}>
            <input type="text" value={editing} maxLength={MAX_NAME_CHARS} autoFocus aria-label={`New name for branch ${branch.name}`}
              aria-invalid={draft === "" ? true : undefined} onChange={(e) => setEditing(e.currentTarget.value)}
              onKeyDown={(e) => { if (e.key === "Escape") setEditing(null); }} />
            <button type="submit" disabled={draft === ""}>Save</button>
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
            {draft === "" && <span className="warn-text small">A branch needs a name.</span>}
          </form>
        )}
      </div>
      <p className="small branch-facts">
        {parentName === null || !branch.forkedAt ? "The run as it started."
          : <>Forked from <b>{parentName}</b> at t = {secondsText(branch.forkedAt.atUs)} (event {branch.forkedAt.events.toLocaleString("en")}).</>}
        {" "}{parentName === null ? "Commands: " : "Done differently: "}{commandsText(own)}.
        {" "}Ran to t = {secondsText(branch.end.atUs)}.
      </p>
    </li>
  );
}
