/** `npm run glossary`: writes docs/glossary.md from the page's glossary (test/ui/glossary.test.ts checks it is current). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { glossaryMarkdown } from "../src/ui/views/glossary/terms";

writeFileSync(join(import.meta.dirname, "..", "docs", "glossary.md"), glossaryMarkdown());
console.log("wrote docs/glossary.md");
