import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { findJsonError } from "../../src/cli/jsonErrors";
import { parseJsonText } from "../../src/cli/readJson";

const parses = (text: string) => {
  try { JSON.parse(text); return true; } catch { return false; }
};

describe("findJsonError", () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'a comma before "}" (JSON allows no trailing comma)'],
    ["[1, 2,\n]", 2, 1, 'a comma before "]" (JSON allows no trailing comma)'],
    ['{"a": 1', 1, 8, "the file ends while a { is still open"],
    ["", 1, 1, "the file is empty"],
    ["{'a': 1}", 1, 2, 'expected a field name in double quotes, got "\'"'],
    ['{"a": \'x\'}', 1, 7, "JSON strings take double quotes, not single quotes"],
    ['{\n  // note\n  "a": 1}', 2, 3, "JSON allows no comments"],
    ['[1, // note\n 2]', 1, 5, "JSON allows no comments"],
    ['{"a" 1}', 1, 6, 'expected ":" after a field name, got "1"'],
    ['{"a": 1 "b": 2}', 1, 9, 'expected "," or "}" after a value, got "\\""'],
    ['{"a": "line\nbreak"}', 1, 12, "a string holds a raw control character or line break (write it as \\n, \\t, …)"],
    ['{"a": "\\q"}', 1, 8, "invalid escape \\q in a string"],
    ['{"a": "open', 1, 7, 'a string is not closed (missing ")'],
    ["{} {}", 1, 4, 'unexpected "{" after the end of the JSON value'],
    ["[tru]", 1, 2, 'expected a value (an object, list, string, number, true, false or null), got "t"'],
  ])("locates the error in %j", (text, line, column, reason) => {
    expect(parses(text)).toBe(false);
    expect(findJsonError(text)).toEqual({ line, column, reason });
  });

  it("finds no error exactly when JSON.parse succeeds", () => {
    const alphabet = fc.constantFrom("{", "}", "[", "]", ":", ",", '"', "a", "1", "0", "-", ".", "e", "+", " ", "\n",
      "t", "r", "u", "n", "l", "f", "\\", "/");
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "}", '"', "]", ":", "x", "0"))
      .map(([text, at, insert]) => { const i = at % (text.length + 1); return text.slice(0, i) + insert + text.slice(i + 1); });
    fc.assert(fc.property(fc.oneof(fc.string({ unit: alphabet }), fc.json(), mutated), (text) => {
      expect(findJsonError(text) === null).toBe(parses(text));
    }), { numRuns: 5000 });
  });

  it("survives deep nesting without recursion", () => {
    expect(findJsonError("[".repeat(200_000))).toEqual({ line: 1, column: 200_001, reason: "the file ends while a [ is still open" });
  });
});

describe("parseJsonText", () => {
  it("accepts a byte-order mark", () => {
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
