/*
 * What a hostile or careless user sends: arbitrary JSON, lists and objects nested thousands deep,
 * keys that name Object.prototype's members, strings full of terminal control sequences.
 * Shared by the validator's and the worker's fuzz tests (docs/security.md counts what they try).
 */
import fc from "fast-check";

export const PROTOTYPE_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype",
  "isPrototypeOf", "__defineGetter__"] as const;

/** ESC [ 2 J, OSC title with BEL, a one-byte CSI, a right-to-left override, NUL, DEL, a line break. */
export const CONTROL_SNIPPETS = ["\u001b[2J", "\u001b]0;pwned\u0007", "\u009b31m", "\u202e", "\u0000", "\u007f", "\n", "\r"] as const;

export const controlText = fc.array(fc.oneof(fc.constantFrom(...CONTROL_SNIPPETS), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(""));

/** A key a user could write: ordinary, a prototype member's name, or with control characters. */
export const hostileKey = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS), controlText);

/** `value` wrapped in `depth` lists or objects, built iteratively (a recursive build would overflow). */
export function nest(value: unknown, depth: number, asObject: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = asObject ? { x: out } : [out];
  return out;
}

export const deepValue = fc.record({
  depth: fc.integer({ min: 1, max: 10_000 }),
  asObject: fc.boolean(),
}).map(({ depth, asObject }) => nest(1, depth, asObject));

/** JSON with hostile keys and strings, built by JSON.parse so `__proto__` is an own key as in a file. */
export const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string({ maxLength: 8 }), controlText,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 4 }).map((entries) =>
      JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`) as unknown)),
})).value;
