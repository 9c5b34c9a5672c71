/*
 * Branches from outside (a link, or the page's own copy for a restart) are checked command by
 * command like any command from the page (checkCommand: the scenario schema's rules) before a run
 * is rebuilt from them. A branch with a command that does not check out is dropped with the
 * branches forked from it, and the page is told which and why.
 */
import type { BranchTree } from "../timeline/branches";
import { cleanName } from "../timeline/branches";
import type { Point } from "../timeline/moment";
import type { TimelineStart } from "./protocol";
import { checkCommand } from "./validateCommand";

export function checkTimeline(timeline: TimelineStart): { tree: BranchTree; at: Point; notices: string[] } {
  const notices: string[] = [];
  const kept = new Set<number>();
  const branches = timeline.tree.branches.flatMap((b) => {
    const name = cleanName(b.name) || `branch ${b.id + 1}`;
    if (b.parent !== null && !kept.has(b.parent)) {
      notices.push(`Branch "${name}" was not restored: the branch it was forked from was not.`);
      return [];
    }
    const log = [];
    for (const [i, entry] of b.log.entries()) {
      const checked = checkCommand(entry.cmd);
      if (!checked.ok) {
        notices.push(`Branch "${name}" was not restored: its command ${i + 1} is not valid (${checked.message}).`);
        return [];
      }
      log.push({ atUs: entry.atUs, events: entry.events, cmd: checked.cmd });
    }
    kept.add(b.id);
    return [{ ...b, name, log }];
  });
  if (branches.length === 0) {
    notices.push("No branch could be restored: the run starts from its scenario.");
    const first = { id: 0, name: "main", parent: null, forkedAt: null, log: [], inherited: 0, end: { events: 0, atUs: 0 } };
    return { tree: { branches: [first], current: 0, nextId: 1 }, at: { events: 0, atUs: 0, commands: 0 }, notices };
  }
  if (!kept.has(timeline.tree.current)) {
    const shown = branches[0]!;
    notices.push(`The branch the link was showing was not restored; "${shown.name}" is shown at its end.`);
    return { tree: { ...timeline.tree, branches, current: shown.id }, at: { ...shown.end, commands: shown.log.length }, notices };
  }
  return { tree: { ...timeline.tree, branches }, at: timeline.at, notices };
}
