/*
 * The examples in examples/ as a gallery: each file with the title, the story and the "what to
 * look for" list that docs/scenarios.md gives it (one source for the docs and the page). Loaded on
 * demand (gallery.ts).
 */
import scenariosDoc from "../../../docs/scenarios.md?raw";

const files = import.meta.glob<unknown>("../../../examples/*.json", { eager: true, import: "default" });

export interface Example {
  file: string;
  title: string;
  /** the story's first two sentences */
  story: string;
  lookFor: string[];
  scenario: unknown;
}

interface DocEntry { title: string; story: string; lookFor: string[]; }

/** "## file.json — title" sections: their first paragraph and their "What to look for:" bullets. */
export function parseScenarioDoc(text: string): Map<string, DocEntry> {
  const out = new Map<string, DocEntry>();
  const sections = text.split(/^## /m).slice(1);
  for (const section of sections) {
    const [heading = "", ...lines] = section.split("\n");
    const m = /^([\w.-]+\.json) — (.+)$/.exec(heading.trim());
    if (!m) continue;
    const body = lines.join("\n").replace(/```[\s\S]*?```/g, "");
    const paragraphs = body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean);
    const story = paragraphs.find((p) => !p.startsWith("What to look for") && !p.startsWith("- ")) ?? "";
    const lookIdx = body.indexOf("What to look for:");
    const lookFor = lookIdx < 0 ? [] : bullets(body.slice(lookIdx + "What to look for:".length));
    out.set(m[1]!, { title: m[2]!.trim(), story, lookFor });
  }
  return out;
}

function bullets(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split("\n")) {
    if (/^- /.test(line)) items.push(line.slice(2).trim());
    else if (/^\s+\S/.test(line) && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
    else if (line.trim() !== "" && items.length > 0) break;
  }
  return items;
}

/** The first two sentences: the story in two lines. */
export function twoSentences(text: string): string {
  const parts = text.match(/[^.!?]+[.!?]+(\s|$)/g);
  return parts ? parts.slice(0, 2).join("").trim() : text;
}

function load(): Example[] {
  const doc = parseScenarioDoc(scenariosDoc);
  return Object.entries(files).map(([path, scenario]) => {
    const file = path.replace(/^.*\//, "");
    const entry = doc.get(file);
    const name = typeof scenario === "object" && scenario !== null && typeof (scenario as { name?: unknown }).name === "string"
      ? (scenario as { name: string }).name : file;
    return { file, title: entry?.title ?? name, story: twoSentences(entry?.story ?? name), lookFor: entry?.lookFor ?? [], scenario };
  }).sort((a, b) => a.file.localeCompare(b.file));
}

export const EXAMPLES: Example[] = load();
