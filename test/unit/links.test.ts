/*
 * Links are FIFO: whatever happens to a link (a cut holding thousands of messages, a heal, new
 * messages arriving while the backlog drains), every message sent arrives once, in the order it
 * was sent. A link reuses one array for its messages and moves a drained backlog down, so the
 * sizes here run past the 1,024 at which it does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cut, deliver, heal, Links, MessagePool, send } from "../../src/engine/cluster/network";
import type { Msg } from "../../src/engine/cluster/state";
import { EventQueue } from "../../src/engine/core/eventQueue";
import { EV_DELIVER } from "../../src/engine/core/eventKinds";
import { Rng } from "../../src/engine/core/rng";
import type { Sim } from "../../src/engine/simulation";

/** The parts of a simulation that links use: two nodes, the clock, the queue, the receiver. */
function twoNodes(seed: number, receiveMessage: (m: Msg) => void) {
  const node = { delayUs: 500, jitterUs: 300, lossPercent: 0 };
  return { nodes: [node, { ...node }], links: new Links(), rng: new Rng(seed), now: 0, queue: new EventQueue(),
    spareMessages: new MessagePool(), nextMsgId: 1, receiveMessage, options: {} } as unknown as Sim;
}

describe("links", () => {
  it("deliver every message once and in order, through cuts and heals with thousands held", () => {
    // steps: send n messages, or cut, or heal, each followed by running the clock for a while
    const step = fc.oneof(
      fc.record({ op: fc.constant("send" as const), n: fc.integer({ min: 1, max: 1_500 }) }),
      fc.record({ op: fc.constantFrom("cut" as const, "heal" as const), n: fc.constant(0) }),
    );
    fc.assert(fc.property(fc.nat(), fc.array(fc.tuple(step, fc.integer({ min: 0, max: 3_000 })), { minLength: 1, maxLength: 12 }),
      (seed, steps) => {
        const got: number[] = [];
        const sim = twoNodes(seed, (m) => { got.push(m.id); });
        const runUntil = (t: number) => {
          while (sim.queue.popUntil(t)) {
            sim.now = sim.queue.time;
            expect(sim.queue.kind).toBe(EV_DELIVER);
            deliver(sim, sim.queue.a, sim.queue.b);
          }
          sim.now = Math.max(sim.now, t);
        };
        let sent = 0;
        for (const [s, waitUs] of steps) {
          if (s.op === "send") for (let i = 0; i < s.n; i++) { send(sim, 0, 1, 1, 1); sent++; runUntil(sim.now + (i % 7)); }
          else if (s.op === "cut") cut(sim, 0, 1);
          else heal(sim, 0, 1);
          runUntil(sim.now + waitUs);
        }
        heal(sim, 0, 1);
        runUntil(sim.now + 10_000);
        expect(got).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
      }), { numRuns: 200 });
  });
});
