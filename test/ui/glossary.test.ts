import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GLOSSARY, glossaryMarkdown, glossaryTerm } from "../../src/ui/views/glossary";

describe("glossary", () => {
  it("docs/glossary.md is the page's glossary (run `npm run glossary` after editing terms.ts)", () => {
    const file = readFileSync(join(import.meta.dirname, "..", "..", "docs", "glossary.md"), "utf8");
    expect(file).toBe(glossaryMarkdown());
  });

  it("has unique ids and a short explanation for each term", () => {
    expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
    for (const t of GLOSSARY) {
      expect(t.text.length, t.id).toBeGreaterThan(20);
      expect(t.text.length, t.id).toBeLessThan(420);
      expect(t.id).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it("explains the jargon the page shows", () => {
    for (const id of ["lsn", "timeline", "switch-point", "keepalive", "nothing-new", "restart-lsn", "wal-keep-size",
      "synchronous-standby-names", "wait-point", "fencing", "rewind", "reclone", "potential"]) {
      expect(glossaryTerm(id).text).not.toBe("");
    }
    expect(() => glossaryTerm("no-such-term")).toThrow(/no glossary term/);
  });
});
