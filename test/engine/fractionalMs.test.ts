/*
 * Scenario files speak milliseconds and may give fractions of them; the engine's clock is whole
 * µs. Every setting that schedules something (delays, fsyncs, apply delay, timeouts, intervals,
 * action times) must land on a whole µs, whatever the fraction: the event queue refuses anything
 * else, so a run that finishes is proof, and every time in the history is checked too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { scenarioSchema } from "../../src/engine/scenario/schema";
import type { HistoryEvent } from "../../src/engine/views";

const frac = (max: number) => fc.double({ min: 0.0001, max, noNaN: true });

describe("fractional milliseconds", () => {
  it("every scheduled time is a whole µs, in PostgreSQL and semi-sync runs with timeouts firing", () => {
    fc.assert(fc.property(
      fc.record({
        delay: frac(3), jitter: frac(0.5), fsync: frac(2), apply: frac(4), senderTimeout: frac(40), receiverTimeout: frac(40),
        status: frac(30), checkpoint: fc.double({ min: 100, max: 400, noNaN: true }), semiTimeout: frac(20), maxWait: frac(5),
        cutAt: frac(100), healAt: frac(300), semi: fc.boolean(), seed: fc.nat(),
      }),
      (p) => {
        const history: HistoryEvent[] = [];
        const commit = p.semi
          ? { preset: "semi-sync" as const, semiSync: { timeoutMs: p.semiTimeout, waitForCount: 1 } }
          : { preset: "sync" as const, postgres: { wal_sender_timeout_ms: p.senderTimeout, wal_receiver_timeout_ms: p.receiverTimeout,
            wal_receiver_status_interval_ms: p.status, checkpoint_timeout_ms: p.checkpoint } };
        const sim = new Simulation(scenarioSchema.parse({
          seed: p.seed, durationMs: 500,
          cluster: {
            primary: { name: "primary", fsyncMs: p.fsync },
            replicas: [{ name: "s1", networkDelayMs: p.delay, jitterMs: p.jitter, fsyncMs: p.fsync, applyDelayMs: p.apply },
              { name: "s2", networkDelayMs: p.delay * 2, fsyncMs: p.fsync }],
          },
          commit,
          sessions: { causal: { routing: "causal", maxWaitMs: p.maxWait } },
          workload: { writesPerSec: 2000, readsPerSec: 500, readFrom: "causal", maxWaitMs: p.maxWait, sessions: 4, keys: 20 },
          actions: [
            { atMs: p.cutAt, op: "partition", between: ["primary", "s1"] },
            { atMs: p.cutAt + p.healAt, op: "heal", between: ["primary", "s1"] },
          ],
        }), { onHistory: (e) => history.push(e) });
        sim.runUntil(500_000);
        expect(Number.isInteger(sim.nowUs)).toBe(true);
        expect(history.length).toBeGreaterThan(100);
        expect(history.filter((e) => !Number.isInteger(e.timeUs))).toEqual([]);
      },
    ), { numRuns: 40 });
  });
});
