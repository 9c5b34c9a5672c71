import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CONTROL_RANGES, controlCharPattern, isControlChar } from "../../src/text/controlChars";
import { terminalSafe } from "../../src/cli/terminalSafe";
import { cleanName } from "../../src/timeline/branches";

/** Every code point of the Basic Multilingual Plane but the surrogates (lone ones are no text). */
const BMP = Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => c < 0xd800 || c > 0xdfff);

describe("the shared control-character list", () => {
  it("holds what a terminal or a page obeys: C0, DEL, C1, bidi marks, separators, overrides, isolates", () => {
    for (const c of [0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0x9d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069]) {
      expect(isControlChar(c), c.toString(16)).toBe(true);
    }
    for (const c of [0x20, 0x41, 0xa0, 0xe9, 0x200d, 0x2027, 0x202f, 0x2065, 0x206a, 0x1f600]) {
      expect(isControlChar(c), c.toString(16)).toBe(false);
    }
  });

  it("builds a pattern that matches exactly the list, less what it is told to keep", () => {
    const all = controlCharPattern();
    const lessTabLf = controlCharPattern("\t\n");
    const wrong = BMP.filter((c) => {
      const s = String.fromCharCode(c);
      return (s.replace(all, "") === "") !== isControlChar(c)
        || (s.replace(lessTabLf, "") === "") !== (isControlChar(c) && c !== 0x09 && c !== 0x0a);
    });
    expect(wrong.map((c) => c.toString(16))).toEqual([]);
    expect(CONTROL_RANGES.every(([from, to]) => from <= to)).toBe(true);
  });
});

describe("the CLI's escaping and the timeline's name cleaning use the same list", () => {
  it("terminalSafe escapes every listed character but tab and line feed, and nothing else", () => {
    const wrong = BMP.filter((c) => {
      const s = String.fromCharCode(c);
      const escapes = isControlChar(c) && c !== 0x09 && c !== 0x0a;
      return terminalSafe(s) !== (escapes ? `\\u${c.toString(16).padStart(4, "0")}` : s);
    });
    expect(wrong.map((c) => c.toString(16))).toEqual([]);
  });

  it("cleanName removes every listed character (tab and line feed as well)", () => {
    const listed = BMP.filter(isControlChar);
    expect(listed.length).toBe(CONTROL_RANGES.reduce((n, [from, to]) => n + to - from + 1, 0));
    expect(listed.filter((c) => cleanName(`a${String.fromCharCode(c)}b`) !== "a b").map((c) => c.toString(16))).toEqual([]);
  });

  it("neither lets a listed character through, whatever the text (fast-check)", () => {
    const listed = fc.constantFrom(...CONTROL_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i))));
    const text = fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 3 }), listed), { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(fc.property(text, (s) => {
      for (const ch of cleanName(s)) expect(isControlChar(ch.codePointAt(0)!)).toBe(false);
      for (const ch of terminalSafe(s)) {
        const c = ch.codePointAt(0)!;
        expect(isControlChar(c) && c !== 0x09 && c !== 0x0a).toBe(false);
      }
    }), { numRuns: 500 });
  });
});
