import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "../../scripts/schemaFiles";

describe("schemas/*.schema.json", () => {
  for (const [name, content] of Object.entries(schemaFiles())) {
    it(`${name} is what \`npm run schemas\` generates`, () => {
      const committed = readFileSync(join(process.cwd(), "schemas", name), "utf8");
      expect(committed, `schemas/${name} is stale: run npm run schemas`).toBe(content);
    });
  }

  it("shows defaulted scenario fields as optional, with their defaults", () => {
    const scenario = JSON.parse(schemaFiles()["scenario.schema.json"]!) as {
      required: string[]; properties: Record<string, { default?: unknown }>;
    };
    expect(scenario.required).toEqual(["cluster"]);
    expect(scenario.properties.durationMs!.default).toBe(10_000);
  });
});
