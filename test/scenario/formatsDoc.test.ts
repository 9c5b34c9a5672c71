import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "../../scripts/schemaFiles";

/*
 * docs/formats.md documents every field of the public formats. The JSON Schemas come from the
 * code, so walking them finds every field name and op: a field added to the code but not to
 * the page fails here.
 */
const doc = readFileSync(join(process.cwd(), "docs", "formats.md"), "utf8");

function namesIn(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) namesIn(item, found);
  if (typeof schema !== "object" || schema === null) return found;
  const record = schema as Record<string, unknown>;
  if (typeof record.properties === "object" && record.properties !== null) {
    const properties = record.properties as Record<string, Record<string, unknown>>;
    for (const [name, property] of Object.entries(properties)) {
      found.add(name);
      if (name === "op" && typeof property.const === "string") found.add(property.const);
    }
  }
  for (const value of Object.values(record)) namesIn(value, found);
  return found;
}

describe("docs/formats.md", () => {
  for (const [file, text] of Object.entries(schemaFiles())) {
    it(`mentions every field of ${file}`, () => {
      const missing = [...namesIn(JSON.parse(text))].filter((name) => !doc.includes(`\`${name}\``));
      expect(missing, "fields the code has and docs/formats.md does not mention").toEqual([]);
    });
  }
});
