/** `npm run schemas`: regenerates schemas/*.schema.json (test/scenario/schemas.test.ts checks they are current). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFiles } from "./schemaFiles";

const dir = join(import.meta.dirname, "..", "schemas");
mkdirSync(dir, { recursive: true });
for (const [name, content] of Object.entries(schemaFiles())) {
  writeFileSync(join(dir, name), content);
  console.log(`wrote schemas/${name}`);
}
