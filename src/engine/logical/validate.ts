/*
 * What the schema cannot say about the logical-replication fields: subscriber names of their
 * own, a standby or a subscriber at least, actions that make sense for a subscriber, and row
 * keys that cannot be mistaken for one another.
 */
import type { Scenario } from "../scenario/schema";
import { fail, type Findings } from "../scenario/findings";
import type { NodeTimeline } from "../scenario/nodeTimeline";
import { DEFAULT_TABLE } from "./schema";

/** what an action naming a subscriber may be */
const SUBSCRIBER_OPS = new Set(["write", "read", "crash", "restart", "subscription"]);

export function checkLogical(scenario: Scenario, timeline: NodeTimeline, out: Findings): void {
  const subscribers = scenario.cluster.subscribers ?? [];
  if (scenario.cluster.replicas.length === 0 && subscribers.length === 0 && scenario.cluster.multiPrimary === undefined) {
    fail(out, "cluster.replicas", "expected at least 1 replica, got an empty list");
  }
  checkNames(scenario, timeline, out);
  checkTables(scenario, out);
  scenario.actions.forEach((a, i) => {
    const path = `actions[${i}]`;
    const node = "node" in a && typeof a.node === "string" ? a.node : null;
    if (a.op === "subscription" && node !== null && !timeline.subscribers.has(node)) {
      fail(out, `${path}.node`, `"${node}" is not a subscriber (subscribers: ${[...timeline.subscribers].join(", ") || "none"})`);
    }
    if (node !== null && timeline.subscribers.has(node) && !SUBSCRIBER_OPS.has(a.op)) {
      fail(out, `${path}.op`, `${a.op} does not apply to "${node}": it is a logical replication subscriber, not a standby ` +
        `(a subscriber takes ${[...SUBSCRIBER_OPS].join(", ")})`);
    }
    if (a.op === "partition" || a.op === "heal") {
      for (const end of a.between) {
        if (timeline.subscribers.has(end)) fail(out, `${path}.between`, `the link to subscriber "${end}" cannot be cut in this version`);
      }
    }
    if (a.op === "write" && a.rows !== undefined && a.rows > 1 && node !== null && timeline.subscribers.has(node)) {
      fail(out, `${path}.rows`, "a bulk write (rows > 1) goes to the primary; a subscriber's own writes change one row");
    }
  });
  checkKeyNames(scenario, out);
}

function checkNames(scenario: Scenario, timeline: NodeTimeline, out: Findings): void {
  const nodes = [...timeline.live, ...timeline.firstAdded.keys()];
  const seen = new Set<string>();
  (scenario.cluster.subscribers ?? []).forEach((s, i) => {
    const path = `cluster.subscribers[${i}].name`;
    const clash = nodes.find((n) => n.toLowerCase() === s.name.toLowerCase());
    if (clash !== undefined) fail(out, path, `"${s.name}" is already the name of node "${clash}"; a subscriber needs a name of its own`);
    else if (seen.has(s.name.toLowerCase())) fail(out, path, `duplicate subscriber name "${s.name}"; every subscriber needs its own name`);
    seen.add(s.name.toLowerCase());
    const tables = new Set<string>();
    s.tables.forEach((t, j) => {
      if (tables.has(t)) fail(out, `cluster.subscribers[${i}].tables[${j}]`, `table "${t}" is named twice`);
      tables.add(t);
    });
  });
}

function checkTables(scenario: Scenario, out: Findings): void {
  const seen = new Set<string>();
  (scenario.cluster.tables ?? []).forEach((t, i) => {
    if (seen.has(t.name)) fail(out, `cluster.tables[${i}].name`, `table "${t.name}" is declared twice`);
    seen.add(t.name);
  });
}

/**
 * The physical side names a row of table u with key x "u.x" (logical/rows.ts): a key of table
 * "t" spelt "u.x" would be the same row. Refused when u is a table the scenario uses.
 */
function checkKeyNames(scenario: Scenario, out: Findings): void {
  const tables = new Set<string>([...(scenario.cluster.tables ?? []).map((t) => t.name),
    ...(scenario.cluster.subscribers ?? []).flatMap((s) => s.tables)]);
  for (const a of scenario.actions) if ((a.op === "write" || a.op === "read") && a.table !== undefined) tables.add(a.table);
  tables.delete(DEFAULT_TABLE);
  if (tables.size === 0) return;
  scenario.actions.forEach((a, i) => {
    if ((a.op !== "write" && a.op !== "read") || a.key === undefined || (a.table ?? DEFAULT_TABLE) !== DEFAULT_TABLE) return;
    const dot = a.key.indexOf(".");
    if (dot > 0 && tables.has(a.key.slice(0, dot))) {
      fail(out, `actions[${i}].key`, `key "${a.key}" in table "t" would be taken for key "${a.key.slice(dot + 1)}" of table ` +
        `"${a.key.slice(0, dot)}"; name the table instead ("table": "${a.key.slice(0, dot)}")`);
    }
  });
}
