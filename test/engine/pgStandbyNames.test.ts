/*
 * REAL-BEHAVIOUR.md: `ANY 1 (s1, s2)` proceeds with one standby down and blocks with both down;
 * `ANY 2` and `FIRST 2` block with one down; a name no connected standby uses blocks.
 * `FIRST 1 (s1, s2)` with s1 down: s2 becomes `sync` and commits proceed; when s1 returns it is
 * `sync` again and s2 goes back to `potential`. Under ANY, standbys show `quorum`.
 *
 * Cluster: s1 at 2 ms one way, s2 at 5 ms, both fsync 1 ms, no jitter; primary fsync 1 ms.
 * So an `on` commit takes 1 + 4 + 1 = 6 ms through s1 and 1 + 10 + 1 = 12 ms through s2.
 */
import { describe, expect, it } from "vitest";
import { pgLab, type Lab } from "./lab";

const S1 = { name: "s1", networkDelayMs: 2, jitterMs: 0, fsyncMs: 1 };
const S2 = { name: "s2", networkDelayMs: 5, jitterMs: 0, fsyncMs: 1 };
const VIA_S1_US = 6000;
const VIA_S2_US = 12_000;

function lab(names: string): Lab {
  const l = pgLab([S1, S2], { synchronous_commit: "on", synchronous_standby_names: names });
  l.runTo(100);
  return l;
}

/** Crashes the named standbys (process crash: the primary sees the connection close), then commits. */
function commitWith(l: Lab, down: string[], runMs = 10_000): ReturnType<Lab["outcome"]> {
  for (const n of down) l.do({ op: "crash", node: n, kind: "process" });
  l.runFor(100);
  const op = l.write("k", "v");
  l.runFor(runMs);
  return l.outcome(op);
}

describe("ANY 1 (s1, s2)", () => {
  it("with both up, a commit waits for the faster standby", () => {
    expect(commitWith(lab("ANY 1 (s1, s2)"), []).latencyUs).toBe(VIA_S1_US);
  });
  it("proceeds with s1 down (through s2)", () => {
    expect(commitWith(lab("ANY 1 (s1, s2)"), ["s1"])).toMatchObject({ status: "ok", latencyUs: VIA_S2_US });
  });
  it("proceeds with s2 down (through s1)", () => {
    expect(commitWith(lab("ANY 1 (s1, s2)"), ["s2"])).toMatchObject({ status: "ok", latencyUs: VIA_S1_US });
  });
  it("blocks with both down", () => {
    expect(commitWith(lab("ANY 1 (s1, s2)"), ["s1", "s2"]).status).toBe("pending");
  });
  it("shows both standbys as quorum", () => {
    expect(lab("ANY 1 (s1, s2)").syncStates()).toEqual({ s1: "quorum", s2: "quorum" });
  });
});

describe("two synchronous standbys needed", () => {
  it.each(["ANY 2 (s1, s2)", "FIRST 2 (s1, s2)", "2 (s1, s2)"])("%s waits for the slower standby with both up", (names) => {
    expect(commitWith(lab(names), []).latencyUs).toBe(VIA_S2_US);
  });
  it.each(["ANY 2 (s1, s2)", "FIRST 2 (s1, s2)"])("%s blocks with s2 down", (names) => {
    expect(commitWith(lab(names), ["s2"]).status).toBe("pending");
  });
  it.each(["ANY 2 (s1, s2)", "FIRST 2 (s1, s2)"])("%s blocks with s1 down", (names) => {
    expect(commitWith(lab(names), ["s1"]).status).toBe("pending");
  });
});

describe("a name no standby uses", () => {
  it.each(["FIRST 1 (s9)", "s9", "ANY 1 (s9, s8)", "ANY 2 (s1, s9)", "FIRST 2 (s1, s9)"])("%s blocks every `on` commit", (names) => {
    const l = lab(names);
    expect(commitWith(l, [], 60_000).status).toBe("pending");
    expect(l.sim.report().stalls).toHaveLength(1);
  });
  it("matches application_name case-insensitively, as PostgreSQL does", () => {
    expect(commitWith(lab('FIRST 1 ("S1")'), []).latencyUs).toBe(VIA_S1_US);
  });
});

describe("FIRST 1 (s1, s2): priority takeover and give-back", () => {
  it("s1 is sync and s2 potential while both stream; commits go through s1", () => {
    const l = lab("FIRST 1 (s1, s2)");
    expect(l.syncStates()).toEqual({ s1: "sync", s2: "potential" });
    expect(commitWith(l, []).latencyUs).toBe(VIA_S1_US);
  });

  it("with s1 down, s2 becomes sync and commits proceed through it", () => {
    const l = lab("FIRST 1 (s1, s2)");
    const o = commitWith(l, ["s1"]);
    expect(o).toMatchObject({ status: "ok", latencyUs: VIA_S2_US });
    expect(l.syncStates()).toEqual({ s2: "sync" });
  });

  it("when s1 returns it is sync again and s2 goes back to potential", () => {
    const l = lab("FIRST 1 (s1, s2)");
    commitWith(l, ["s1"]);
    l.do({ op: "restart", node: "s1" });
    l.runFor(1000);
    expect(l.syncStates()).toEqual({ s1: "sync", s2: "potential" });
    const op = l.write("k", "again");
    l.runFor(1000);
    expect(l.latencyUs(op)).toBe(VIA_S1_US);
  });

  it("a commit made while s1 was down, and still waiting on s2's slow link, is released by s2", () => {
    const l = lab("FIRST 1 (s1, s2)");
    l.do({ op: "crash", node: "s1", kind: "process" });
    l.runFor(100);
    l.do({ op: "set", node: "s2", networkDelayMs: 200 });
    const op = l.write("k", "v");
    l.runFor(1000);
    expect(l.outcome(op)).toMatchObject({ status: "ok", latencyUs: 1000 + 400_000 + 1000 });
  });
});

describe("ANY 1 (s1, s2, s3) quorum with one standby partitioned away", () => {
  it("every streaming listed standby shows quorum; the partitioned one drops out after wal_sender_timeout", () => {
    const l = pgLab([S1, S2, { name: "s3", networkDelayMs: 1 }],
      { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (s1, s2, s3)", wal_sender_timeout_ms: 1000 });
    l.runTo(100);
    expect(l.syncStates()).toEqual({ s1: "quorum", s2: "quorum", s3: "quorum" });
    l.do({ op: "partition", between: ["primary", "s3"] });
    l.runFor(3000);
    expect(l.syncStates()).toEqual({ s1: "quorum", s2: "quorum" });
    const op = l.write("k", "v");
    l.runFor(100);
    expect(l.latencyUs(op)).toBe(VIA_S1_US);
  });
});
