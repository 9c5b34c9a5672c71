/* The one sentence the page shows under "In force": its count and its verb agree with FIRST n. */
import { describe, expect, it } from "vitest";
import { DEFAULT_POSTGRES, DEFAULT_SEMI_SYNC, describeCommit } from "../../src/engine/commit/settings";
import type { EffectiveCommit } from "../../src/engine/views";

const commit = (names: string): EffectiveCommit => ({
  preset: null, mode: "postgres", postgres: { ...DEFAULT_POSTGRES, synchronous_commit: "on", synchronous_standby_names: names },
  semiSync: { ...DEFAULT_SEMI_SYNC }, summary: "", semiSyncActive: true,
});

describe("describeCommit", () => {
  it("FIRST 1 names one standby, FIRST 2 two", () => {
    expect(describeCommit(commit("FIRST 1 (s1)"))).toBe(
      "synchronous_commit = on: a commit waits until the highest-priority connected standby of (s1) reports its WAL flushed to disk.");
    expect(describeCommit(commit("FIRST 2 (s1, s2)"))).toMatch(/until the 2 highest-priority connected standbys of \(s1, s2\) report its WAL/);
  });
});
