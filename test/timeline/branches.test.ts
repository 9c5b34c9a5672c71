import { describe, expect, it } from "vitest";
import {
  cleanName, currentBranch, extend, findBranch, giveCommand, isLive, MAX_BRANCHES, MAX_NAME_CHARS, newTree, ownCommands,
  renameBranch, switchBranch, treeOrder, type BranchTree,
} from "../../src/timeline/branches";
import type { LoggedCommand } from "../../src/timeline/moment";
import type { Command } from "../../src/engine/views";

const write = (value: string): Command => ({ op: "write", session: "c", key: "x", value });
const at = (events: number, atUs: number, cmd: Command): LoggedCommand => ({ events, atUs, cmd });

function give(tree: BranchTree, entry: LoggedCommand): BranchTree {
  const r = giveCommand(tree, entry);
  if (!r.ok) throw new Error(r.message);
  return r.tree;
}

/** main: write 1 at 10 events, write 2 at 20, runs to 30 events. */
function mainLine(): BranchTree {
  let t = newTree();
  t = extend(t, { events: 10, atUs: 1_000 });
  t = give(t, at(10, 1_000, write("1")));
  t = extend(t, { events: 20, atUs: 2_000 });
  t = give(t, at(20, 2_500, write("2")));
  return extend(t, { events: 30, atUs: 3_000 });
}

describe("branches", () => {
  it("a command at the live end joins the current branch", () => {
    const t = mainLine();
    expect(t.branches).toHaveLength(1);
    expect(currentBranch(t).log.map((e) => e.cmd)).toEqual([write("1"), write("2")]);
    expect(currentBranch(t).end).toEqual({ events: 30, atUs: 3_000 });
    expect(isLive(t, { events: 30, atUs: 3_000 })).toBe(true);
    expect(isLive(t, { events: 29, atUs: 3_000 })).toBe(false);
  });

  it("a command in the past forks: the new branch keeps the commands before it, the old future stays", () => {
    const before = mainLine();
    const r = giveCommand(before, at(15, 1_500, { op: "crash", node: "s1", kind: "power" }));
    if (!r.ok) throw new Error(r.message);
    const { tree, forked } = r;
    expect(forked).not.toBeNull();
    expect(tree.current).toBe(forked!.id);
    expect(forked!.parent).toBe(0);
    expect(forked!.forkedAt).toEqual({ events: 15, atUs: 1_500 });
    expect(forked!.log.map((e) => e.cmd)).toEqual([write("1"), { op: "crash", node: "s1", kind: "power" }]);
    expect(ownCommands(forked!).map((e) => e.cmd.op)).toEqual(["crash"]);
    expect(forked!.end).toEqual({ events: 15, atUs: 1_500 });
    // The old branch is untouched.
    expect(findBranch(tree, 0)).toEqual(currentBranch(before));
  });

  it("a command at the very moment of a logged one keeps that one (it happened first)", () => {
    const r = giveCommand(mainLine(), at(20, 2_500, write("other")));
    if (!r.ok) throw new Error(r.message);
    expect(r.forked!.log.map((e) => e.cmd)).toEqual([write("1"), write("2"), write("other")]);
    expect(r.forked!.inherited).toBe(2);
  });

  it("a fork made from a view that stopped before a command logged at its moment leaves that command out", () => {
    const r = giveCommand(mainLine(), at(20, 2_500, write("other")), 1);
    if (!r.ok) throw new Error(r.message);
    expect(r.forked!.log.map((e) => e.cmd)).toEqual([write("1"), write("other")]);
    expect(r.forked!.inherited).toBe(1);
  });

  it("forks of a fork form a tree, and one can switch between branches", () => {
    let t = mainLine();
    t = give(t, at(15, 1_500, write("b"))); // branch 1 from main
    t = extend(t, { events: 40, atUs: 4_000 });
    t = give(t, at(25, 2_700, write("c"))); // branch 2 from branch 1 (its past)
    const c = currentBranch(t);
    expect(c.parent).toBe(1);
    expect(c.log.map((e) => e.cmd)).toEqual([write("1"), write("b"), write("c")]);
    t = switchBranch(t, 0)!;
    t = give(t, at(5, 500, write("d"))); // branch 3 from main, before anything
    expect(currentBranch(t).log.map((e) => e.cmd)).toEqual([write("d")]);
    expect(treeOrder(t).map(({ branch, depth }) => [branch.id, depth])).toEqual([[0, 0], [1, 1], [2, 2], [3, 1]]);
    expect(switchBranch(t, 99)).toBeNull();
    // Switching changes nothing of the branches themselves.
    expect(switchBranch(t, 1)!.branches).toBe(t.branches);
  });

  it("refuses a fork beyond MAX_BRANCHES and says why", () => {
    let t = mainLine();
    for (let i = 1; i < MAX_BRANCHES; i++) t = give(switchBranch(t, 0)!, at(1, 100, write(String(i))));
    expect(t.branches).toHaveLength(MAX_BRANCHES);
    const r = giveCommand(switchBranch(t, 0)!, at(1, 100, write("one too many")));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(String(MAX_BRANCHES));
  });

  it("renames: text only, control and bidi characters removed, length capped, empty refused", () => {
    const t = mainLine();
    const r = renameBranch(t, 0, "  what if\u202e it was\tsync <script>alert(1)</script> ");
    expect(r.ok).toBe(true);
    if (r.ok) expect(findBranch(r.tree, 0)!.name).toBe("what if it was sync <script>alert(1)</script>");
    expect(renameBranch(t, 0, " \u0000 ").ok).toBe(false);
    expect(renameBranch(t, 7, "x").ok).toBe(false);
    expect([...cleanName("é".repeat(500))]).toHaveLength(MAX_NAME_CHARS);
    expect(cleanName("constructor")).toBe("constructor");
  });
});
