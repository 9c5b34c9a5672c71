/*
 * `npm run lesson -- NAME` plays a lesson headless and prints every step, its outcome and the
 * summary table the run filled in; exit status 1 when the lesson claims what the run does not do.
 * `npm run lesson -- --list` prints one lesson a line, its name first. `--json` prints the result
 * as JSON. A lesson file with a problem is refused, naming the file and the step (exit status 2).
 */
import { loadCatalog } from "./catalogFiles";
import { playLesson, type PlayResult } from "./headless";

const USAGE = "usage: npm run lesson -- NAME [--json] | --list | --all";

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const names = argv.filter((a) => !a.startsWith("--"));
  for (const f of flags) if (!["--list", "--json", "--all"].includes(f)) return usage(`unknown option ${f}`);
  const { lessons, problems } = loadCatalog();
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`${p}\n`);
    return 2;
  }
  if (flags.has("--list")) {
    for (const l of lessons) process.stdout.write(`${l.name}\t${l.minutes} min\t${l.title}\n`);
    return 0;
  }
  const chosen = flags.has("--all") ? lessons : names.map((n) => lessons.find((l) => l.name === n) ?? n);
  if (chosen.length === 0) return usage("name a lesson");
  let failed = false;
  for (const lesson of chosen) {
    if (typeof lesson === "string") {
      process.stderr.write(`no lesson named "${lesson}" (npm run lesson -- --list shows them)\n`);
      return 2;
    }
    const result = playLesson(lesson);
    failed ||= !result.ok;
    process.stdout.write(flags.has("--json") ? `${JSON.stringify(result)}\n` : printable(result, lesson.title));
  }
  return failed ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  return 2;
}

function printable(r: PlayResult, title: string): string {
  const lines = [`${r.lesson}: ${title}`];
  for (const s of r.steps) {
    const outcome = s.outcome === undefined ? "" : ` (run proved choice ${s.outcome === null ? "none" : s.outcome + 1})`;
    lines.push(`  ${String(s.index + 1).padStart(2)}. ${s.kind.padEnd(10)} ${s.status.padEnd(9)} t=${s.atMs.toFixed(1)} ms  ${s.title}${outcome}`);
  }
  lines.push("", `  ${r.summary.columns.join(" | ")}`);
  for (const row of r.summary.rows) lines.push(`  ${row.join(" | ")}`);
  lines.push("", r.ok ? `  OK: every step held (${r.virtualMs.toFixed(0)} ms of virtual time)` : "  FAILED:");
  for (const p of r.problems) lines.push(`    ${p}`);
  return `${lines.join("\n")}\n\n`;
}

process.exitCode = main(process.argv.slice(2));
