/*
 * Command-line arguments. Hand-rolled rather than node:util parseArgs so that every mistake
 * gets a sentence of our own and exit status 2, never an exception.
 */

export interface CliArgs {
  file: string;
  json: boolean;
  history: string | null;
}

export type ArgsResult =
  | { kind: "run"; args: CliArgs }
  | { kind: "help" }
  | { kind: "error"; message: string };

export const USAGE = `Usage: npm run sim -- <scenario.json> [--json] [--history <file>]

Runs a Replication Lab scenario headless to its durationMs and prints a report.

Options:
  --json              print exactly one JSON report on stdout and nothing else
  --history <file>    write every client operation's events to <file> as JSON lines
  -h, --help          show this help

Exit status: 0 the run completed, 2 bad arguments or a bad scenario file, 1 internal error.
Formats: docs/formats.md, schemas/scenario.schema.json, schemas/report.schema.json.`;

export function parseArgs(argv: readonly string[]): ArgsResult {
  const files: string[] = [];
  let json = false;
  let history: string | null = null;
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
    } else {
      return { kind: "error", message: `unknown option ${arg}` };
    }
  }
  if (files.length === 0) return { kind: "error", message: "no scenario file given" };
  if (files.length > 1) return { kind: "error", message: `one scenario file at a time, got ${files.length}: ${files.join(", ")}` };
  return { kind: "run", args: { file: files[0]!, json, history } };
}
