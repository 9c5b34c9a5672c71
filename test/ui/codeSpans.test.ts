import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeSpans, plainText } from "../../src/ui/text/codeSpans";

describe("codeSpans", () => {
  it("cuts a story at its backtick pairs", () => {
    expect(codeSpans("with `synchronous_commit = on` and `FIRST 1 (s1)`: waits")).toEqual([
      { code: false, text: "with " }, { code: true, text: "synchronous_commit = on" }, { code: false, text: " and " },
      { code: true, text: "FIRST 1 (s1)" }, { code: false, text: ": waits" },
    ]);
    expect(codeSpans("no code")).toEqual([{ code: false, text: "no code" }]);
  });

  it("shows a Markdown link as its text, outside code only", () => {
    expect(codeSpans("See [multi-primary.md](multi-primary.md). `[a](b)`")).toEqual([
      { code: false, text: "See multi-primary.md. " }, { code: true, text: "[a](b)" },
    ]);
  });

  it("gives a label the text as it reads on screen", () => {
    expect(plainText("replay delay, `on` versus `remote_apply`")).toBe("replay delay, on versus remote_apply");
  });

  it("keeps an unmatched backtick as plain text", () => {
    expect(codeSpans("a `b` c ` d")).toEqual([{ code: false, text: "a " }, { code: true, text: "b" }, { code: false, text: " c ` d" }]);
  });

  it("loses no character but the backticks of the pairs it shows as code", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("a", "`", " ", "<", "&", "[", "]") }), (s) => {
      const spans = codeSpans(s);
      const pairs = spans.filter((x) => x.code).length;
      expect(spans.map((x) => x.text).join("")).toHaveLength(s.length - 2 * pairs);
      expect(spans.map((x) => (x.code ? `\`${x.text}\`` : x.text)).join("")).toBe(s);
    }));
  });
});
