/*
 * Copies an object graph: every object reached is copied once (shared references stay shared,
 * cycles are kept), class instances keep their prototype, Maps and Sets their order. Frozen
 * objects are immutable, so they are shared rather than copied. Leaves (typed arrays, the PRNG's
 * generator) are the caller's to copy. A function in the graph is refused: a checkpoint holds
 * data, and a closure's captured state cannot be copied (the engine keeps none in its state).
 */

export class CheckpointError extends Error {
  override name = "CheckpointError";
}

/** What a leaf hook returns for a value that is not a leaf: the copier walks into it. */
export const NOT_LEAF: unique symbol = Symbol("not a leaf");

/** `into`: what the old graph being refilled (if any) holds at the same place, for the hook to reuse. */
export type LeafHook = (value: object, owner: object, key: PropertyKey, into: unknown) => unknown;

/**
 * A new object made by its class's own constructor for `value` (or undefined): a copy filled into
 * it keeps the hidden class the engine's code has seen (see GraphCopier.copy).
 */
export type BlankHook = (value: object) => object | undefined;

const REFUSED: readonly (abstract new (...args: never[]) => unknown)[] = [
  Date, RegExp, Promise, WeakMap, WeakSet, ArrayBuffer, DataView, Error,
];

export class GraphCopier {
  private readonly memo = new Map<object, unknown>();
  /** objects of an old graph already filled in place (each takes the place of one object only) */
  private readonly filled = new Set<object>();
  /** objects and array slots copied (a rough figure for the memory a copy holds) */
  objects = 0;
  slots = 0;

  constructor(private readonly leaf: LeafHook, private readonly blank?: BlankHook) {}

  /** `from` is copied as `to` wherever it is reached (shared objects, substitutes). */
  seed(from: object, to: unknown): void {
    this.memo.set(from, to);
  }

  /**
   * A copy of `value`. `into`: the object at the same place in an old graph that is no longer
   * wanted (a previous restore's): when it is of the same kind and shape, and not yet used for
   * another object, it is filled in place instead of making a new object. It then keeps its V8
   * hidden class, so the engine's optimized code, which has seen it, goes on without deopting:
   * copies made anew at every restore sent V8 into deopt cycles that made the events run after a
   * seek several times slower. For the same reason an object with nothing to be filled into is
   * made by its class's constructor where the blank hook can (objects the engine makes as it runs:
   * messages…), else as a spread clone.
   */
  copy(value: unknown, owner: object, key: PropertyKey, into?: unknown): unknown {
    if (typeof value !== "object" && typeof value !== "function") return value;
    if (typeof value === "function") {
      throw new CheckpointError(`${nameOf(owner)}.${String(key)} is a function: a checkpoint can hold only data`);
    }
    if (typeof value !== "object" || value === null) return value;
    const memo = this.memo.get(value);
    if (memo !== undefined || this.memo.has(value)) return memo;
    const leaf = this.leaf(value, owner, key, into);
    if (leaf !== NOT_LEAF) {
      this.memo.set(value, leaf);
      return leaf;
    }
    if (Object.isFrozen(value)) {
      this.memo.set(value, value);
      return value;
    }
    this.objects++;
    const target = this.reusable(value, into) ?? this.reusable(value, this.blank?.(value));
    if (Array.isArray(value)) return this.copyArray(value, target as unknown[] | null);
    if (value instanceof Map) return this.copyMap(value, target as Map<unknown, unknown> | null);
    if (value instanceof Set) return this.copySet(value, target as Set<unknown> | null);
    for (const t of REFUSED) {
      if (value instanceof t) throw new CheckpointError(`${nameOf(owner)}.${String(key)} is a ${t.name}: a checkpoint cannot copy it`);
    }
    if (ArrayBuffer.isView(value)) throw new CheckpointError(`${nameOf(owner)}.${String(key)}: a typed array the leaf hook did not take`);
    // All fields at once by a spread, then the prototype, then each field replaced by its copy:
    // an object given its fields one by one through computed names, or by Object.assign, turns
    // into a slow dictionary past a dozen or so of them (V8), and a restored simulation (Sim, its
    // nodes: dozens of fields) would run far slower. A spread clone stays a fast object.
    const from = value as Record<string, unknown>;
    if (target) {
      const out = target as Record<string, unknown>;
      this.memo.set(value, out);
      for (const k of Object.keys(from)) {
        const old = out[k];
        out[k] = this.copy(from[k], value, k, old);
        this.slots++;
      }
      return out;
    }
    const out = { ...from };
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype) Object.setPrototypeOf(out, proto);
    this.memo.set(value, out);
    for (const k of Object.keys(from)) {
      out[k] = this.copy(from[k], value, k);
      this.slots++;
    }
    return out;
  }

  /**
   * `into` when it can be filled in place of `value`: not used yet, not frozen, the same prototype
   * and (for an object) the same own fields in the same order; else null.
   */
  private reusable(value: object, into: unknown): object | null {
    if (typeof into !== "object" || into === null || this.filled.has(into) || this.memo.has(into) || Object.isFrozen(into)) return null;
    if (Object.getPrototypeOf(into) !== Object.getPrototypeOf(value) || ArrayBuffer.isView(into)) return null;
    if (!Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set)) {
      const a = Object.keys(value), b = Object.keys(into);
      if (a.length !== b.length) return null;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return null;
    }
    this.filled.add(into);
    return into;
  }

  private copyArray(a: unknown[], into: unknown[] | null): unknown[] {
    // slice(), not new Array(n): keeps the array's elements kind (packed, small integers…).
    const old = into ? into.slice() : null;
    const out = into ?? a.slice();
    if (into) {
      into.length = a.length;
      for (let i = 0; i < a.length; i++) into[i] = a[i];
    }
    this.memo.set(a, out);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === "object" && v !== null || typeof v === "function") out[i] = this.copy(v, a, i, old?.[i]);
    }
    this.slots += a.length;
    return out;
  }

  private copyMap(m: Map<unknown, unknown>, into: Map<unknown, unknown> | null): Map<unknown, unknown> {
    const old = into && into.size > 0 ? new Map(into) : null;
    into?.clear();
    const out = into ?? new Map<unknown, unknown>();
    this.memo.set(m, out);
    // forEach rather than for…of: no [key, value] array per entry (maps of every key name are
    // thousands long), and primitives (nearly every key and value) are not passed to copy().
    m.forEach((v, k) => {
      out.set(typeof k === "object" && k !== null ? this.copy(k, m, "(key)") : k,
        typeof v === "object" && v !== null || typeof v === "function" ? this.copy(v, m, "(value)", old?.get(k)) : v);
    });
    this.slots += 2 * m.size;
    return out;
  }

  private copySet(s: Set<unknown>, into: Set<unknown> | null): Set<unknown> {
    into?.clear();
    const out = into ?? new Set<unknown>();
    this.memo.set(s, out);
    for (const v of s) out.add(this.copy(v, s, "(item)"));
    this.slots += s.size;
    return out;
  }
}

function nameOf(o: object): string {
  const c = (o as { constructor?: { name?: string } }).constructor?.name;
  return c && c !== "Object" ? c : "object";
}

/** Every object reachable from `root` (for sharing an immutable graph, such as the scenario). */
export function reachable(root: unknown, into = new Set<object>()): Set<object> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || into.has(v)) continue;
    into.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return into;
}
