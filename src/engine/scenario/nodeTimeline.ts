/*
 * Which nodes exist when each action happens. Actions run in (atMs, file order), so a node
 * that an add-replica action brings in may be named by later actions, and one that
 * remove-replica takes out may not. Roles are not tracked: whether a promote or a crash can
 * happen depends on the run, and the engine reports that as it goes.
 */
import { MAX_NODES_CREATED, MAX_REPLICAS, type Action, type Scenario } from "./schema";
import { closest } from "./closest";
import { fail, type Findings } from "./findings";
import { joinPath } from "./paths";
import { caseClashMessage, sameButCase } from "./nameClash";

interface Event { index: number; atMs: number }

export interface NodeTimeline {
  live: Set<string>;
  removed: Map<string, Event>;
  /** for names not in the cluster at the start: the first action that adds them */
  firstAdded: Map<string, Event>;
  /** nodes created so far, removed ones included (the engine refuses more than MAX_NODES_CREATED) */
  created: number;
  /** logical replication subscribers (they exist the whole run) */
  subscribers: Set<string>;
}

/** Checks the cluster's names and returns the nodes that exist at time 0. */
export function startTimeline(scenario: Scenario, out: Findings): NodeTimeline {
  const mp = scenario.cluster.multiPrimary;
  // A multi-primary cluster's nodes stand where the primary and its replicas would.
  const seen = new Map<string, string>(mp ? [] : [[scenario.cluster.primary.name, "cluster.primary.name"]]);
  const members = mp ? mp.nodes.map((n, i) => ({ name: n.name, path: `cluster.multiPrimary.nodes[${i}].name` }))
    : scenario.cluster.replicas.map((r, i) => ({ name: r.name, path: `cluster.replicas[${i}].name` }));
  members.forEach((replica) => {
    const path = replica.path;
    const earlier = seen.get(replica.name);
    const clash = sameButCase(replica.name, seen.keys());
    if (earlier === undefined && clash !== undefined) fail(out, path, caseClashMessage(replica.name, clash));
    if (earlier === undefined) seen.set(replica.name, path);
    else if (earlier === "cluster.primary.name") fail(out, path, `"${replica.name}" is the primary's name; a replica needs a name of its own`);
    else fail(out, path, `duplicate node name "${replica.name}" (${earlier} has it too); every node needs its own name`);
  });
  const firstAdded = new Map<string, Event>();
  scenario.actions.forEach((action, index) => {
    if (action.op !== "add-replica" || seen.has(action.replica.name)) return;
    const known = firstAdded.get(action.replica.name);
    if (known === undefined || action.atMs < known.atMs) firstAdded.set(action.replica.name, { index, atMs: action.atMs });
  });
  return { live: new Set(seen.keys()), removed: new Map(), firstAdded, created: seen.size,
    subscribers: new Set((scenario.cluster.subscribers ?? []).map((s) => s.name)) };
}

/** Every node an action names: its `node` field (whatever the op) and the ends of a link. */
function references(action: Action): [PropertyKey[], string][] {
  const refs: [PropertyKey[], string][] = [];
  if ("node" in action && typeof action.node === "string") refs.push([["node"], action.node]);
  if ("between" in action) refs.push([["between", 0], action.between[0]], [["between", 1], action.between[1]]);
  return refs;
}

function missingNodeMessage(name: string, atMs: number, timeline: NodeTimeline): string {
  const removed = timeline.removed.get(name);
  if (removed) return `no node "${name}" exists at ${atMs} ms: actions[${removed.index}] removed it at ${removed.atMs} ms`;
  const added = timeline.firstAdded.get(name);
  if (added) return `no node "${name}" exists yet at ${atMs} ms: actions[${added.index}] adds it at ${added.atMs} ms`;
  const live = [...timeline.live];
  const guess = closest(name, live);
  const hint = guess === null ? "" : `; did you mean "${guess}"?`;
  return `no node is named "${name}" (nodes at ${atMs} ms: ${live.join(", ")})${hint}`;
}

/** Checks the nodes an action names, then applies what it changes to the cluster. */
export function stepTimeline(action: Action, index: number, timeline: NodeTimeline, out: Findings): void {
  const path = `actions[${index}]`;
  for (const [keys, name] of references(action)) {
    if (!timeline.live.has(name) && !timeline.subscribers.has(name)) fail(out, joinPath(path, ...keys), missingNodeMessage(name, action.atMs, timeline));
  }
  if ((action.op === "partition" || action.op === "heal" || action.op === "set-link") && action.between[0] === action.between[1]) {
    fail(out, `${path}.between`, `a link joins two different nodes, got "${action.between[0]}" twice`);
  }
  if (action.op === "remove-replica" && timeline.live.has(action.node)) {
    timeline.live.delete(action.node);
    timeline.removed.set(action.node, { index, atMs: action.atMs });
  }
  if (action.op === "add-replica") addReplica(action.replica.name, path, action.atMs, timeline, out);
}

function addReplica(name: string, path: string, atMs: number, timeline: NodeTimeline, out: Findings): void {
  if (timeline.live.has(name) || timeline.subscribers.has(name)) {
    fail(out, `${path}.replica.name`, `a node named "${name}" already exists at ${atMs} ms; every node needs its own name`);
    return;
  }
  const clash = sameButCase(name, timeline.live);
  if (clash !== undefined) {
    fail(out, `${path}.replica.name`, `${caseClashMessage(name, clash)} ("${clash}" exists at ${atMs} ms)`);
    return;
  }
  if (timeline.live.size - 1 >= MAX_REPLICAS) {
    fail(out, path, `the cluster already has ${MAX_REPLICAS} replicas at ${atMs} ms, the most it may have`);
    return;
  }
  if (timeline.created >= MAX_NODES_CREATED) {
    fail(out, path, `${MAX_NODES_CREATED} nodes have been created by ${atMs} ms (removed ones count), the most one run may create`);
    return;
  }
  timeline.created++;
  timeline.live.add(name);
  timeline.removed.delete(name);
}
