/*
 * The engine's tables are typed-array columns that double as they fill. One helper makes the
 * larger copy, so that every column grows the same way.
 */
type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int16Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A copy of `a`, `n` long, of the same type; the new entries hold `fill`. */
export function grown<T extends Column>(a: T, n: number, fill = 0): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  if (fill !== 0) b.fill(fill, a.length);
  (b as Float64Array).set(a);
  return b;
}
