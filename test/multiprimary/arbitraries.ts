/* Random multi-primary scenarios: primaries, writes at distinct times, and faults that all heal before the end. */
import fc from "fast-check";
import type { ScenarioInput } from "../../src/engine/scenario/schema";

type Mode = "circular" | "lww" | "certification";
type Action = NonNullable<ScenarioInput["actions"]>[number];

export const KEYS = ["k0", "k1", "k2"];
/** every fault is over by then (heals and restarts), and the run goes on long after */
export const HEALED_MS = 4000;
export const END_MS = 10_000;

export interface MpArbOptions {
  modes?: Mode[]; skew?: boolean; faults?: boolean; kinds?: ("insert" | "update" | "delete" | "upsert")[];
  /** every write an insert whose key its node generates; each node's auto_increment_increment is the number of nodes and its offset a distinct one */
  generatedKeys?: boolean;
}

export function mpArb(o: MpArbOptions = {}): fc.Arbitrary<ScenarioInput> {
  const modes = o.modes ?? ["circular", "lww", "certification"];
  const kinds = o.kinds ?? ["insert", "update", "delete", "upsert"];
  return fc.record({
    mode: fc.constantFrom(...modes),
    legs: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 4 }),
    skews: fc.array(fc.integer({ min: -200, max: 200 }), { minLength: 4, maxLength: 4 }),
    // drawn only for generated keys, so the other properties' runs stay as they were
    offsets: (o.generatedKeys ? fc.shuffledSubarray([1, 2, 3, 4], { minLength: 4, maxLength: 4 }) : fc.constant([1, 2, 3, 4])) as fc.Arbitrary<number[]>,
    writes: fc.uniqueArray(fc.record({ atMs: fc.integer({ min: 0, max: 3000 }), node: fc.nat(3), key: fc.constantFrom(...KEYS),
      kind: fc.constantFrom(...kinds) }), { minLength: 1, maxLength: 30, selector: (w) => w.atMs }),
    faults: o.faults === false ? fc.constant([]) : fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 3500 }), a: fc.nat(3), b: fc.nat(3),
      what: fc.constantFrom("partition", "heal", "crash", "restart") }), { maxLength: 6 }),
  }).map(({ mode, legs, skews, offsets, writes, faults }) => {
    const names = legs.map((_, i) => `n${i}`), n = names.length;
    const actions: Action[] = writes.map((w, i) => ({ atMs: w.atMs, op: "write", node: names[w.node % n]!,
      ...(o.generatedKeys ? { kind: "insert" } : { key: w.key, kind: w.kind }), value: `v${i}`, session: `c${i}` }));
    // distinct offsets 1..n in a random order (a permutation of 1..4 with those above n dropped)
    const offsetOf = offsets.filter((x) => x <= n);
    const autoInc = (i: number) => (o.generatedKeys ? { autoIncrementIncrement: n, autoIncrementOffset: offsetOf[i]! } : {});
    for (const f of faults) {
      const a = names[f.a % n]!, b = names[f.b % n]!;
      if (f.what === "crash" || f.what === "restart") actions.push({ atMs: f.atMs, op: f.what, node: a });
      else if (a !== b) actions.push({ atMs: f.atMs, op: f.what, between: [a, b] });
    }
    // everything heals, and every node runs again
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) actions.push({ atMs: HEALED_MS, op: "heal", between: [names[i]!, names[j]!] });
    for (const name of names) actions.push({ atMs: HEALED_MS, op: "restart", node: name });
    return {
      name: `random ${mode}`, seed: 1, durationMs: END_MS,
      cluster: { multiPrimary: { mode, nodes: names.map((name, i) => ({ name, networkDelayMs: legs[i]!,
        clockSkewMs: o.skew ? skews[i]! : 0, ...autoInc(i) })) } },
      actions,
    } satisfies ScenarioInput;
  });
}
