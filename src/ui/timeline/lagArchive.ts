/*
 * The lag samples the page has seen, per branch, kept longer than the chart's window, so that a
 * seek can redraw the chart as it was at the moment sought (the chart otherwise holds only the
 * samples that arrived since the last snapshot). The engine is deterministic: a sample taken at
 * time t of a branch is what the branch shows at t whenever it is seen again. A new branch starts
 * with its parent's samples up to where it forked. Bounded: past the limit, every other sample
 * of the older half goes, so density falls with age, as the checkpoints' does.
 */
import type { LagSample } from "../store";
import type { BranchTree } from "../../timeline/branches";

export const ARCHIVE_LIMIT = 6000;

export class LagArchive {
  private readonly byBranch = new Map<number, LagSample[]>();

  constructor(private readonly limit = ARCHIVE_LIMIT) {}

  /** Keep a sample of a branch, in time order (a sample at a time already kept replaces it). */
  add(branch: number, sample: LagSample): void {
    let list = this.byBranch.get(branch);
    if (!list) {
      list = [];
      this.byBranch.set(branch, list);
    }
    const i = upperBound(list, sample.atUs);
    if (i > 0 && list[i - 1]!.atUs === sample.atUs) list[i - 1] = sample;
    else list.splice(i, 0, sample);
    if (list.length > this.limit) this.byBranch.set(branch, thin(list));
  }

  /** The last `count` samples of a branch at or before `atUs`. */
  upTo(branch: number, atUs: number, count: number): LagSample[] {
    const list = this.byBranch.get(branch) ?? [];
    const end = upperBound(list, atUs);
    return list.slice(Math.max(0, end - count), end);
  }

  /** New branches in the tree start with their parent's samples up to where they forked. */
  follow(tree: BranchTree): void {
    for (const b of tree.branches) {
      if (this.byBranch.has(b.id) || b.parent === null || !b.forkedAt) continue;
      const parent = this.byBranch.get(b.parent) ?? [];
      this.byBranch.set(b.id, parent.slice(0, upperBound(parent, b.forkedAt.atUs)));
    }
  }

  clear(): void {
    this.byBranch.clear();
  }
}

/** The index after the last sample at or before `atUs`. */
function upperBound(list: readonly LagSample[], atUs: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.atUs <= atUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function thin(list: LagSample[]): LagSample[] {
  const half = list.length >> 1;
  return [...list.slice(0, half).filter((_, i) => i % 2 === 0), ...list.slice(half)];
}
