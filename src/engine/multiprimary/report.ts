/*
 * A multi-primary run's report: the physical report's shape, with what a multi-primary cluster
 * has in its place. Its writes are the primaries' writes; `nodes` is empty (the primaries, with
 * their clocks and channels, are under `multiPrimary`); `conflicts` holds the conflicts between
 * primaries (with both writes) and `divergentKeys` the rows that differ between them.
 */
import type { Report } from "../views";
import type { MultiPrimary } from "./multiPrimary";
import { multiPrimaryView } from "./views";

export function multiPrimaryReport(report: Report, mp: MultiPrimary): Report {
  const { conflicts, ...view } = multiPrimaryView(mp);
  return {
    ...report,
    writes: view.writes,
    reads: { ...report.reads, total: mp.readsMade },
    nodes: [],
    slots: [],
    conflicts,
    divergentKeys: view.divergentKeys,
    multiPrimary: view,
  };
}
