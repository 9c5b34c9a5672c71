/* A multi-primary scenario is checked before it runs: every problem a path and one sentence. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/engine";

function errors(input: unknown): string[] {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

const cluster = (extra: object = {}) => ({ multiPrimary: { mode: "circular", nodes: [{ name: "a" }, { name: "b" }], ...extra } });

describe("multi-primary validation", () => {
  it("a cluster with only multiPrimary is valid, with no replicas list", () => {
    expect(errors({ cluster: cluster(), actions: [{ atMs: 1, op: "write", node: "a", key: "x", value: "1" }] })).toEqual([]);
  });

  it("refuses standbys, subscribers and a background workload beside it", () => {
    expect(errors({ cluster: { ...cluster(), replicas: [{ name: "s1" }] } })).toEqual([
      "cluster.replicas: a multi-primary cluster has no standbys: every node is in cluster.multiPrimary.nodes"]);
    expect(errors({ cluster: cluster(), workload: { writesPerSec: 10 } })[0]).toMatch(/^workload: a multi-primary cluster has no background workload/);
  });

  it("refuses one node, duplicate names and links to unknown nodes", () => {
    expect(errors({ cluster: { multiPrimary: { mode: "lww", nodes: [{ name: "a" }] } } })[0]).toMatch(/^cluster\.multiPrimary\.nodes/);
    expect(errors({ cluster: { multiPrimary: { mode: "lww", nodes: [{ name: "a" }, { name: "a" }] } } })[0])
      .toMatch(/^cluster\.multiPrimary\.nodes\[1\]\.name: duplicate node name "a"/);
    expect(errors({ cluster: cluster({ links: [{ between: ["a", "zz"], delayMs: 5 }] }) })).toEqual([
      'cluster.multiPrimary.links[0].between: "zz" is not a node of cluster.multiPrimary.nodes (a, b)']);
  });

  it("a write or read names its node; physical-only actions are refused; unknown nodes are named", () => {
    expect(errors({ cluster: cluster(), actions: [{ atMs: 1, op: "write", key: "x", value: "1" }] })).toEqual([
      "actions[0].node: a write in a multi-primary cluster names the node it goes to (a, b)"]);
    expect(errors({ cluster: cluster(), actions: [{ atMs: 1, op: "promote", node: "a" }] })[0]).toMatch(/^actions\[0\]\.op: promote does not apply/);
    expect(errors({ cluster: cluster(), actions: [{ atMs: 1, op: "crash", node: "c" }] })[0]).toMatch(/^actions\[0\]\.node: no node is named "c"/);
  });

  it("replication commands belong to circular and lww clusters; clockSkewMs to multi-primary nodes", () => {
    expect(errors({ cluster: cluster({ mode: "certification" }), actions: [{ atMs: 1, op: "replication", node: "a", source: "b", command: "skip" }] }))
      .toEqual(["actions[0].op: a certification group has no replication channels to start or skip"]);
    expect(errors({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "replication", node: "s1", source: "primary", command: "start" }] }))
      .toEqual(["actions[0].op: replication channels are a multi-primary cluster's (cluster.multiPrimary): this cluster has none"]);
    expect(errors({ cluster: { replicas: [{ name: "s1" }] }, actions: [{ atMs: 1, op: "set", node: "s1", clockSkewMs: 5 }] }))
      .toEqual(["actions[0].clockSkewMs: clockSkewMs applies to a multi-primary node only (a standby's clock stamps nothing)"]);
  });

  it("a physical cluster still needs a replica", () => {
    expect(errors({ cluster: {} })).toEqual(["cluster.replicas: expected at least 1 replica, got an empty list"]);
  });
});
