/*
 * What the schema cannot say about a multi-primary cluster: names of its own, links between its
 * nodes, no standby, subscriber or background workload beside it (every write names the primary
 * it is made on), and actions that make sense for a primary among primaries.
 */
import type { Scenario } from "../scenario/schema";
import { fail, type Findings } from "../scenario/findings";
import { GENERATED_KEY_ONLY_MP } from "../clients/keyedWrite";
import { MP_SET_FIELDS } from "./schema";

/** what an action may be in a multi-primary run */
const MP_OPS = new Set(["write", "read", "crash", "restart", "partition", "heal", "set", "set-link", "replication"]);

export function checkMultiPrimary(scenario: Scenario, out: Findings): void {
  const mp = scenario.cluster.multiPrimary;
  if (mp === undefined) return checkWithout(scenario, out);
  if (scenario.cluster.replicas.length > 0) fail(out, "cluster.replicas", "a multi-primary cluster has no standbys: every node is in cluster.multiPrimary.nodes");
  if ((scenario.cluster.subscribers?.length ?? 0) > 0) fail(out, "cluster.subscribers", "a multi-primary cluster has no logical subscribers in this version");
  if (scenario.cluster.tables !== undefined) fail(out, "cluster.tables", "tables are declared for logical replication; a multi-primary cluster's tables all have a primary key");
  if (scenario.workload.writesPerSec > 0 || scenario.workload.readsPerSec > 0) {
    fail(out, "workload", "a multi-primary cluster has no background workload in this version: script its writes, each naming its node");
  }
  const names = new Set(mp.nodes.map((n) => n.name));
  checkLinks(mp.links ?? [], names, out);
  scenario.actions.forEach((a, i) => {
    const path = `actions[${i}]`;
    if (!MP_OPS.has(a.op)) {
      fail(out, `${path}.op`, `${a.op} does not apply to a multi-primary cluster: every node is a primary (it takes ${[...MP_OPS].join(", ")})`);
      return;
    }
    if ((a.op === "write" || a.op === "read") && a.node === undefined) {
      fail(out, `${path}.node`, `a ${a.op} in a multi-primary cluster names the node it goes to (${[...names].join(", ")})`);
    }
    if (a.op === "write" && a.rows !== undefined && a.rows > 1) fail(out, `${path}.rows`, "a multi-primary write changes one row");
    if (a.op === "replication") {
      if (mp.mode === "certification") fail(out, `${path}.op`, "a certification group has no replication channels to start or skip");
      if (a.node === a.source) fail(out, `${path}.source`, `"${a.node}" does not replicate from itself`);
    }
    if (a.op === "set" && (a.jitterMs ?? a.fsyncMs ?? a.applyDelayMs ?? a.lossPercent) !== undefined) {
      fail(out, path, `a multi-primary node's set takes ${MP_SET_FIELDS} only`);
    }
    if (a.op === "write" && a.key === undefined && a.kind !== "insert") {
      fail(out, `${path}.key`, `a ${a.kind ?? "upsert"} names its key (only an insert, "kind": "insert", may leave it out for its node to generate)`);
    }
  });
}

function checkLinks(links: { between: [string, string] }[], names: Set<string>, out: Findings): void {
  const seen = new Set<string>();
  links.forEach((l, i) => {
    const path = `cluster.multiPrimary.links[${i}].between`;
    const [a, b] = l.between;
    for (const end of [a, b]) if (!names.has(end)) fail(out, path, `"${end}" is not a node of cluster.multiPrimary.nodes (${[...names].join(", ")})`);
    if (a === b) fail(out, path, `a link joins two different nodes, got "${a}" twice`);
    const pair = [a, b].sort().join("\n");
    if (seen.has(pair)) fail(out, path, `the link ${a} – ${b} is named twice`);
    seen.add(pair);
  });
}

function checkWithout(scenario: Scenario, out: Findings): void {
  scenario.actions.forEach((a, i) => {
    if (a.op === "replication") fail(out, `actions[${i}].op`, "replication channels are a multi-primary cluster's (cluster.multiPrimary): this cluster has none");
    if (a.op === "set-link") fail(out, `actions[${i}].op`, "set-link gives a delay to a link between primaries (cluster.multiPrimary): here a link's delay is its ends' networkDelayMs");
    if (a.op === "write" && a.key === undefined) fail(out, `actions[${i}].key`, GENERATED_KEY_ONLY_MP);
    if (a.op === "set" && (a.autoIncrementIncrement ?? a.autoIncrementOffset) !== undefined) {
      fail(out, `actions[${i}]`, "autoIncrementIncrement and autoIncrementOffset apply to a multi-primary node only");
    }
    if (a.op === "set" && a.clockSkewMs !== undefined) {
      fail(out, `actions[${i}].clockSkewMs`, "clockSkewMs applies to a multi-primary node only (a standby's clock stamps nothing)");
    }
  });
}
