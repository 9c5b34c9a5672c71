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
}

export type ArgsResult =
  | { kind: "run"; args: CliArgs }
  | { kind: "help" }
  | { kind: "error"; message: string };

export const USAGE = `Usage: npm run sim -- <scenario.json> [--json] [--history <file>] [--at <ms>]

Runs a Replication Lab scenario headless to its durationMs and prints a report.

Options:
  --json              print exactly one JSON report on stdout and nothing else
  --history <file>    write every client operation's events to <file> as JSON lines
  --at <ms>           run only to that virtual time and print the state there (the snapshot the
                      page shows; with --json, the snapshot as one JSON document)
  -h, --help          show this help

Exit status: 0 the run completed, 2 bad arguments or a bad scenario file, 1 internal error.
Formats: docs/formats.md, schemas/scenario.schema.json, schemas/report.schema.json.`;

export function parseArgs(argv: readonly string[]): ArgsResult {
  const files: string[] = [];
  let json = false;
  let history: string | null = null;
  let atMs: number | null = null;
  let optionsDone = false;
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
    } else {
      return { kind: "error", message: `unknown option ${arg}` };
    }
  }
  if (files.length === 0) return { kind: "error", message: "no scenario file given" };
  if (files.length > 1) return { kind: "error", message: `one scenario file at a time, got ${files.length}: ${files.join(", ")}` };
  return { kind: "run", args: { file: files[0]!, json, history, atMs } };
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
