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

export type LeafHook = (value: object, owner: object, key: PropertyKey) => unknown;

const REFUSED: readonly (abstract new (...args: never[]) => unknown)[] = [
  Date, RegExp, Promise, WeakMap, WeakSet, ArrayBuffer, DataView, Error,
];

export class GraphCopier {
  private readonly memo = new Map<object, unknown>();
  /** objects and array slots copied (a rough figure for the memory a copy holds) */
  objects = 0;
  slots = 0;

  constructor(private readonly leaf: LeafHook) {}

  /** `from` is copied as `to` wherever it is reached (shared objects, substitutes). */
  seed(from: object, to: unknown): void {
    this.memo.set(from, to);
  }

  copy(value: unknown, owner: object, key: PropertyKey): unknown {
    if (typeof value !== "object" && typeof value !== "function") return value;
    if (typeof value === "function") {
      throw new CheckpointError(`${nameOf(owner)}.${String(key)} is a function: a checkpoint can hold only data`);
    }
    if (typeof value !== "object" || value === null) return value;
    const memo = this.memo.get(value);
    if (memo !== undefined || this.memo.has(value)) return memo;
    const leaf = this.leaf(value, owner, key);
    if (leaf !== NOT_LEAF) {
      this.memo.set(value, leaf);
      return leaf;
    }
    if (Object.isFrozen(value)) {
      this.memo.set(value, value);
      return value;
    }
    this.objects++;
    if (Array.isArray(value)) return this.copyArray(value);
    if (value instanceof Map) return this.copyMap(value);
    if (value instanceof Set) return this.copySet(value);
    for (const t of REFUSED) {
      if (value instanceof t) throw new CheckpointError(`${nameOf(owner)}.${String(key)} is a ${t.name}: a checkpoint cannot copy it`);
    }
    if (ArrayBuffer.isView(value)) throw new CheckpointError(`${nameOf(owner)}.${String(key)}: a typed array the leaf hook did not take`);
    // All fields at once by a spread, then the prototype, then each field replaced by its copy:
    // an object given its fields one by one through computed names, or by Object.assign, turns
    // into a slow dictionary past a dozen or so of them (V8), and a restored simulation (Sim, its
    // nodes: dozens of fields) would run far slower. A spread clone stays a fast object.
    const from = value as Record<string, unknown>;
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

  private copyArray(a: unknown[]): unknown[] {
    // slice(), not new Array(n): keeps the array's elements kind (packed, small integers…).
    const out = a.slice();
    this.memo.set(a, out);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === "object" && v !== null || typeof v === "function") out[i] = this.copy(v, a, i);
    }
    this.slots += a.length;
    return out;
  }

  private copyMap(m: Map<unknown, unknown>): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    this.memo.set(m, out);
    // forEach rather than for…of: no [key, value] array per entry (maps of every key name are
    // thousands long), and primitives (nearly every key and value) are not passed to copy().
    m.forEach((v, k) => {
      out.set(typeof k === "object" && k !== null ? this.copy(k, m, "(key)") : k,
        typeof v === "object" && v !== null || typeof v === "function" ? this.copy(v, m, "(value)") : v);
    });
    this.slots += 2 * m.size;
    return out;
  }

  private copySet(s: Set<unknown>): Set<unknown> {
    const out = new Set<unknown>();
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
