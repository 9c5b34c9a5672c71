/*
 * Command-line arguments. Hand-rolled rather than node:util parseArgs so that every mistake
 * gets a sentence of our own and exit status 2, never an exception.
 */

export interface CliArgs {
  file: string;
  json: boolean;
  history: string | null;
  /** --at MS: print the state at that moment instead of running to the end and reporting */
  atMs: number | null;
  /** false with --no-progress: nothing on stderr about a long run's progress */
  progress: boolean;
}

export type ArgsResult =
  | { kind: "run"; args: CliArgs }
  /** --from-link URL: print the link's moment file; --to-link FILE: print a moment file's link */
  | { kind: "from-link"; url: string }
  | { kind: "to-link"; file: string }
  | { kind: "help" }
  | { kind: "error"; message: string };

export const USAGE = `Usage: npm run sim -- <scenario.json> [--json] [--history <file>] [--at <ms>] [--no-progress]
       npm run sim -- <moment.json> [--json] [--history <file>]
       npm run sim -- --from-link <link> > moment.json
       npm run sim -- --to-link <moment.json>

Runs a Replication Lab scenario headless to its durationMs and prints a report. A moment file
(from --from-link) runs to its moment and prints the state there, as the page showed it.

Options:
  --json              print exactly one JSON report on stdout and nothing else
  --history <file>    write every client operation's events to <file> as JSON lines
  --at <ms>           run only to that virtual time and print the state there (the snapshot the
                      page shows; with --json, the snapshot as one JSON document)
  --from-link <link>  print the moment file of a page's link (#moment=…): the scenario, every
                      branch's commands at their exact event counts, the branch and moment shown
  --to-link <file>    print the link (the part after '#') of a moment file
  --no-progress       say nothing on stderr about a long run (its time estimate and progress)
  -h, --help          show this help

A run longer than a few seconds says how long it will take and shows its progress on stderr
(never on stdout). Ctrl-C stops it and prints the report so far, marked as interrupted; SIGTERM
stops it at once, with no report.

Exit status: 0 the run completed, 2 bad arguments or a bad scenario file, 1 internal error,
130 interrupted by Ctrl-C (SIGINT; the report so far was printed), 143 stopped by SIGTERM.
Formats: docs/formats.md, schemas/scenario.schema.json, schemas/report.schema.json.`;

export function parseArgs(argv: readonly string[]): ArgsResult {
  const files: string[] = [];
  let json = false;
  let history: string | null = null;
  let atMs: number | null = null;
  let progress = true;
  let optionsDone = false;
  let fromLink: string | null = null;
  let toLink: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsDone || !arg.startsWith("-") || arg === "-") {
      files.push(arg);
    } else if (arg === "--") {
      optionsDone = true;
    } else if (arg === "-h" || arg === "--help") {
      return { kind: "help" };
    } else if (arg === "--json") {
      json = true;
    } else if (arg === "--no-progress") {
      progress = false;
    } else if (arg === "--history" || arg.startsWith("--history=")) {
      const value = arg === "--history" ? argv[++i] : arg.slice("--history=".length);
      if (value === undefined || value === "") return { kind: "error", message: "--history needs a file name" };
      if (history !== null) return { kind: "error", message: "--history is given twice" };
      history = value;
    } else if (arg === "--at" || arg.startsWith("--at=")) {
      const value = arg === "--at" ? argv[++i] : arg.slice("--at=".length);
      if (atMs !== null) return { kind: "error", message: "--at is given twice" };
      const parsed = parseMoment(value);
      if (typeof parsed === "string") return { kind: "error", message: parsed };
      atMs = parsed;
    } else if (arg === "--from-link" || arg === "--to-link") {
      const value = argv[++i];
      if (value === undefined || value === "") return { kind: "error", message: `${arg} needs ${arg === "--from-link" ? "a link" : "a moment file"}` };
      if (fromLink !== null || toLink !== null) return { kind: "error", message: "one of --from-link and --to-link at a time" };
      if (arg === "--from-link") fromLink = value;
      else toLink = value;
    } else {
      return { kind: "error", message: `unknown option ${arg}` };
    }
  }
  if (fromLink !== null || toLink !== null) {
    const others = [files.length > 0 ? "a scenario file" : "", json ? "--json" : "", history !== null ? "--history" : "", atMs !== null ? "--at" : ""].filter(Boolean);
    if (others.length > 0) return { kind: "error", message: `${fromLink !== null ? "--from-link" : "--to-link"} takes nothing else (got ${others.join(", ")})` };
    return fromLink !== null ? { kind: "from-link", url: fromLink } : { kind: "to-link", file: toLink! };
  }
  if (files.length === 0) return { kind: "error", message: "no scenario file given" };
  if (files.length > 1) return { kind: "error", message: `one scenario file at a time, got ${files.length}: ${files.join(", ")}` };
  return { kind: "run", args: { file: files[0]!, json, history, atMs, progress } };
}

/** the latest moment --at takes: 30 days of virtual time */
export const MAX_AT_MS = 30 * 24 * 3600 * 1000;

/** --at's value: milliseconds of virtual time, at most three decimals (the engine's clock is µs). */
function parseMoment(value: string | undefined): number | string {
  if (value === undefined || value === "") return "--at needs a time in milliseconds, e.g. --at 1500";
  if (!/^\d+(\.\d{1,3})?$/.test(value)) {
    return `--at ${JSON.stringify(value.slice(0, 40))}: a time in milliseconds from 0, with at most three decimals (µs)`;
  }
  const ms = Number(value);
  if (ms > MAX_AT_MS) return `--at ${value}: at most ${MAX_AT_MS} ms (30 days of virtual time)`;
  return ms;
}
