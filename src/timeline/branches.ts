/*
 * The branches of a run, kept as a tree. A run is scenario + seed + a log of commands; every
 * moment of it is (branch, events, virtual time). A command given at a moment in the past of the
 * current branch does not rewrite it: it starts a new branch from that moment, with the old
 * branch's commands up to there plus the new one, and the old future stays as it was.
 *
 * Pure data and functions (plain arrays, no classes) so that the tree crosses postMessage and goes
 * into a link as it is. Every function returns a new tree.
 */
import { controlCharPattern } from "../text/controlChars";
import { commandsAt, compareMoments, START, type LoggedCommand, type Moment } from "./moment";

export type BranchId = number;

export interface Branch {
  id: BranchId;
  /** user text: shown as text, never used as an object key */
  name: string;
  /** the branch it was forked from (null for the first) */
  parent: BranchId | null;
  /** the moment of the parent it starts from (null for the first) */
  forkedAt: Moment | null;
  /** every command of this branch, from the start of the run */
  log: LoggedCommand[];
  /** how many of `log`'s first entries it shares with its parent; the rest was done differently */
  inherited: number;
  /** how far the branch has run */
  end: Moment;
}

export interface BranchTree {
  /** in the order they were made; a parent always comes before its children */
  branches: Branch[];
  current: BranchId;
  nextId: BranchId;
}

/** A run keeps this many branches at most (a fork beyond it is refused, with this said). */
export const MAX_BRANCHES = 100;
export const MAX_NAME_CHARS = 60;
export const FIRST_BRANCH_NAME = "main";

export function newTree(): BranchTree {
  return {
    branches: [{ id: 0, name: FIRST_BRANCH_NAME, parent: null, forkedAt: null, log: [], inherited: 0, end: START }],
    current: 0,
    nextId: 1,
  };
}

export function findBranch(tree: BranchTree, id: BranchId): Branch | undefined {
  return tree.branches.find((b) => b.id === id);
}

export function currentBranch(tree: BranchTree): Branch {
  const branch = findBranch(tree, tree.current);
  if (!branch) throw new Error(`the branch tree has no branch ${tree.current}`);
  return branch;
}

/** Whether moment `m` of the current branch is its live end (or past it): not in the past. */
export function isLive(tree: BranchTree, m: Moment): boolean {
  return compareMoments(m, currentBranch(tree).end) >= 0;
}

function replace(tree: BranchTree, branch: Branch): BranchTree {
  return { ...tree, branches: tree.branches.map((b) => (b.id === branch.id ? branch : b)) };
}

/** The current branch ran on to `end` (live). */
export function extend(tree: BranchTree, end: Moment): BranchTree {
  const branch = currentBranch(tree);
  if (compareMoments(end, branch.end) === 0) return tree;
  return replace(tree, { ...branch, end });
}

export type GiveResult =
  | { ok: true; tree: BranchTree; forked: Branch | null }
  | { ok: false; message: string };

/**
 * Record a command applied at `entry`'s moment. At the live end of the current branch it joins that
 * branch's log; in its past it starts a new branch (which becomes the current one) holding the
 * commands in force there (`inForce`, the first of the branch's log; by default every one logged
 * at or before that moment) and then this one.
 */
export function giveCommand(tree: BranchTree, entry: LoggedCommand, inForce?: number): GiveResult {
  const branch = currentBranch(tree);
  const at: Moment = { events: entry.events, atUs: entry.atUs };
  if (compareMoments(at, branch.end) >= 0) {
    return { ok: true, tree: replace(tree, { ...branch, log: [...branch.log, entry], end: at }), forked: null };
  }
  const kept = inForce === undefined ? commandsAt(branch.log, at) : branch.log.slice(0, inForce);
  return fork(tree, at, kept, [entry], "this command would start one more");
}

/**
 * Start a new branch at moment `at` in the current branch's past without a new command (play on
 * from a moment in the past: a lesson's Back, then Next): it holds the first `inForce` commands of
 * the current branch and becomes the current one; the old future stays as it was.
 */
export function forkAt(tree: BranchTree, at: Moment, inForce: number): GiveResult {
  const branch = currentBranch(tree);
  if (compareMoments(at, branch.end) >= 0) return { ok: true, tree, forked: null };
  return fork(tree, at, branch.log.slice(0, inForce), [], "playing on from here would start one more");
}

function fork(tree: BranchTree, at: Moment, kept: LoggedCommand[], own: LoggedCommand[], why: string): GiveResult {
  if (tree.branches.length >= MAX_BRANCHES) return { ok: false, message: `a run keeps at most ${MAX_BRANCHES} branches: ${why}` };
  const forked: Branch = {
    id: tree.nextId,
    name: `branch ${tree.nextId + 1}`,
    parent: tree.current,
    forkedAt: at,
    log: [...kept, ...own],
    inherited: kept.length,
    end: at,
  };
  return { ok: true, tree: { branches: [...tree.branches, forked], current: forked.id, nextId: tree.nextId + 1 }, forked };
}

export function switchBranch(tree: BranchTree, id: BranchId): BranchTree | null {
  return findBranch(tree, id) ? { ...tree, current: id } : null;
}

/** The shared list of control characters (text/controlChars.ts), tab and line feed included. */
const CONTROL_CHARS = controlCharPattern();

/**
 * A name as the user typed it, made safe to show: control and bidirectional-override characters
 * removed (they could hide or reorder text), white space collapsed, at most MAX_NAME_CHARS.
 */
export function cleanName(text: string): string {
  const plain = text.replace(CONTROL_CHARS, " ");
  return [...plain.replace(/\s+/g, " ").trim()].slice(0, MAX_NAME_CHARS).join("");
}

export type RenameResult = { ok: true; tree: BranchTree } | { ok: false; message: string };

export function renameBranch(tree: BranchTree, id: BranchId, text: string): RenameResult {
  const branch = findBranch(tree, id);
  if (!branch) return { ok: false, message: `there is no branch ${id}` };
  const name = cleanName(text);
  if (name === "") return { ok: false, message: "a branch needs a name" };
  return { ok: true, tree: replace(tree, { ...branch, name }) };
}

/** What was done differently on a branch: its own commands after the fork. */
export function ownCommands(branch: Branch): LoggedCommand[] {
  return branch.log.slice(branch.inherited);
}

/** The branches in tree order (each after its parent, children in the order made), with depth. */
export function treeOrder(tree: BranchTree): { branch: Branch; depth: number }[] {
  const out: { branch: Branch; depth: number }[] = [];
  const visit = (parent: BranchId | null, depth: number) => {
    for (const b of tree.branches) {
      if (b.parent !== parent) continue;
      out.push({ branch: b, depth });
      // Bounded: parents come before children (checked for trees from outside), so no cycles.
      visit(b.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
