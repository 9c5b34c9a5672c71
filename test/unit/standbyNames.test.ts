import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStandbyNames, parseStandbyNames, standbyPriority } from "../../src/engine/commit/standbyNames";

/* synchronous_standby_names as PostgreSQL's syncrep_gram.y reads it. */
describe("parseStandbyNames", () => {
  const ok = (text: string) => {
    const r = parseStandbyNames(text);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it.each([
    ["", null],
    ["   ", null],
    ["s1", { method: "first", num: 1, names: ["s1"] }],
    ["s1, s2", { method: "first", num: 1, names: ["s1", "s2"] }],
    ["*", { method: "first", num: 1, names: ["*"] }],
    ["FIRST 2 (s1, s2, s3)", { method: "first", num: 2, names: ["s1", "s2", "s3"] }],
    ["first 1 (s1)", { method: "first", num: 1, names: ["s1"] }],
    ["ANY 2 (s1, s2, s3)", { method: "any", num: 2, names: ["s1", "s2", "s3"] }],
    ["any 1(a,b)", { method: "any", num: 1, names: ["a", "b"] }],
    ["2 (s1, s2)", { method: "first", num: 2, names: ["s1", "s2"] }],
    ['"My Standby", "we""ird"', { method: "first", num: 1, names: ["My Standby", 'we"ird'] }],
    ["FIRST, ANY", { method: "first", num: 1, names: ["FIRST", "ANY"] }],
    ["ANY 1 (*)", { method: "any", num: 1, names: ["*"] }],
  ])("%j", (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it.each([
    ["FIRST 0 (s1)", /must be greater than zero/],
    ["ANY 1 ()", /syntax error/],
    ["s1,", /syntax error/],
    ["s1 s2", /syntax error/],
    ["FIRST 1 (s1", /syntax error/],
    ['"unterminated', /unterminated quoted identifier/],
    ['""', /zero-length/],
    ["s1; DROP", /syntax error/],
  ])("rejects %j", (text, message) => {
    const r = parseStandbyNames(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("gives priorities as PostgreSQL does: place in a FIRST list, 1 for every ANY member, * matches all", () => {
    expect(standbyPriority(ok("FIRST 1 (s1, s2)"), "s2")).toBe(2);
    expect(standbyPriority(ok("FIRST 1 (s1, s2)"), "S1")).toBe(1); // names match case-insensitively
    expect(standbyPriority(ok("ANY 1 (s1, s2)"), "s2")).toBe(1);
    expect(standbyPriority(ok("s1, *"), "zz")).toBe(2);
    expect(standbyPriority(ok("s1"), "s2")).toBe(0);
    expect(standbyPriority(null, "s1")).toBe(0);
  });

  it("reads back what it formats, for any list of plain names", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    fc.assert(fc.property(fc.constantFrom("first", "any"), fc.integer({ min: 1, max: 5 }), fc.array(name, { minLength: 1, maxLength: 6 }),
      (method, num, names) => {
        const cfg = { method: method as "first" | "any", num, names };
        expect(ok(formatStandbyNames(cfg).replace(/^'|'$/g, ""))).toEqual(cfg);
      }));
  });

  it("never throws, whatever the text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => {
      const r = parseStandbyNames(text);
      expect(typeof r.ok).toBe("boolean");
    }));
  });
});
