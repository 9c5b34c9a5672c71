import { describe, expect, test } from "vitest";
import { parseScenario } from "../../src/engine/scenario/validate";
import { applyVariant } from "../../src/compare/variant";
import { runAlone, runSideBySide, type Side, type TimedCommand } from "../../src/compare/lockstep";

const BASE = (() => {
  const p = parseScenario({
    name: "base", seed: 5, durationMs: 10_000,
    cluster: { replicas: [{ name: "s1", networkDelayMs: 2 }, { name: "s2", networkDelayMs: 30 }] },
    commit: { preset: "async" },
    workload: { writesPerSec: 100, readsPerSec: 100, sessions: 3, keys: 10, readFrom: "replicas" },
  });
  if (!p.ok) throw new Error("bad scenario");
  return p.scenario;
})();

const COMMANDS: TimedCommand[] = [
  { atUs: 300_000, cmd: { op: "write", session: "alice", key: "x", value: "1" } },
  { atUs: 800_000, cmd: { op: "crash", node: "primary", kind: "power" } },
  { atUs: 800_005, cmd: { op: "promote", node: "s2" } },
  { atUs: 950_000, cmd: { op: "promote", node: "nobody" } },
];

/** What must be the same for two runs to be the same run. */
function fingerprint(s: Side) {
  return { summary: s.summary, refused: s.refused, ops: s.trace.ops, bands: s.trace.bands, cluster: s.trace.cluster,
    anomalies: s.trace.anomalies, messages: Array.from(s.trace.messages.arriveUs), kinds: Array.from(s.trace.messages.kind) };
}

describe("two settings side by side", () => {
  const sync = applyVariant(BASE, { kind: "preset", value: "sync" });
  if (!sync.ok) throw new Error(sync.message);
  const both = runSideBySide(BASE, sync.scenario, COMMANDS, 1_500_000);

  test("each side is identical to the same run alone", () => {
    expect(fingerprint(both.a)).toEqual(fingerprint(runAlone(BASE, COMMANDS, 1_500_000)));
    expect(fingerprint(both.b)).toEqual(fingerprint(runAlone(sync.scenario, COMMANDS, 1_500_000)));
    expect(both.a.trace.messages.count).toBeGreaterThan(100);
  });

  test("the table: async loses acknowledged writes on the failover, sync waits longer and loses none", () => {
    expect(both.a.summary.lostAcknowledgedWrites).toBeGreaterThan(0);
    expect(both.b.summary.lostAcknowledgedWrites).toBe(0);
    expect(both.b.summary.commitP50Ms).toBeGreaterThan(both.a.summary.commitP50Ms);
    // a commit under sync waits for s2, 30 ms away each way: at least the round trip
    expect(both.b.summary.commitP50Ms).toBeGreaterThanOrEqual(60);
    expect(both.a.refused).toEqual(["0.950 s: no node named \"nobody\" (nodes: primary, s1, s2)"]);
  });

  test("the first difference: the first commit's answer (async answers after the local flush, sync waits for the standbys)", () => {
    const f = both.first!;
    expect(f).not.toBeNull();
    const firstAck = both.a.trace.ops.find((e) => e.f === "write" && e.type === "ok")!;
    expect(f.atUs).toBeLessThanOrEqual(firstAck.timeUs);
    expect(f.a).not.toBe(f.b);
  });

  test("the same setting twice: no difference at all", () => {
    const same = runSideBySide(BASE, BASE, COMMANDS, 1_000_000);
    expect(same.first).toBeNull();
    expect(fingerprint(same.a)).toEqual(fingerprint(same.b));
  });

  test("variants write out the settings in force, and say what they could not do", () => {
    const rw = applyVariant(sync.scenario, { kind: "synchronous_commit", value: "remote_apply" });
    expect(rw.ok && rw.scenario.commit.postgres).toMatchObject({ synchronous_commit: "remote_apply", synchronous_standby_names: "FIRST 2 (s1, s2)" });
    const delay = applyVariant(BASE, { kind: "apply-delay", ms: 250 });
    expect(delay.ok && delay.scenario.cluster.replicas.map((r) => r.applyDelayMs)).toEqual([250, 250]);
    expect(applyVariant(BASE, { kind: "network-delay", node: "s9", ms: 5 })).toEqual({ ok: false, message: "no replica is named \"s9\"" });
    const bad = applyVariant(BASE, { kind: "synchronous_standby_names", value: "FIRST 1 (s1" });
    expect(bad.ok).toBe(false);
    const routing = applyVariant(BASE, { kind: "routing", value: "primary" });
    expect(routing.ok && routing.scenario.workload.readFrom).toBe("primary");
  });
});
