/*
 * `npm run sweep -- FILE [--json] [--workers N] [--no-progress]` as a function: arguments and
 * I/O in, exit status out (main.ts wires it to the process). The sweep file is checked like a
 * scenario file (a regular file, its size, UTF-8, JSON, shape and depth, then its zod schema),
 * then every combination's scenario is checked by parseScenario before any run starts, so a
 * bad value is reported with the settings that make it, not an hour into the sweep.
 * Exit statuses as the sim CLI's: 0 done, 2 bad input, 1 internal error, 130 Ctrl-C (the runs
 * finished so far are printed), 143 SIGTERM.
 */
import { availableParallelism } from "node:os";
import { parseScenario } from "../engine/scenario/validate";
import { describeFileError } from "../cli/errors";
import { terminalSafe } from "../cli/terminalSafe";
import { estimateEvents } from "../cli/eventEstimate";
import type { CliIo } from "../cli/run";
import type { StopSignal } from "../cli/slicedRun";
import type { SweepFile } from "./schema";
import { runCount, sweepPoints } from "./grid";
import { checkSweepText, describeValues, SweepInputError } from "./check";
import { runPool } from "./pool";
import { runRows, summarize, toCsv, toJson } from "./output";
import { SweepProgress } from "./progress";

export const SWEEP_USAGE = `Usage: npm run sweep -- <sweep.json> [--json] [--workers <n>] [--no-progress]

Runs a grid of settings x seeds headless, on worker threads, and prints one row per run
(CSV, or JSON with --json) and the median, min and max of each figure per combination.

Options:
  --json           one JSON document on stdout instead of CSV
  --workers <n>    worker threads (default: one per core, ${availableParallelism()} here)
  --no-progress    nothing on stderr about progress
  -h, --help       show this help

Format: docs/formats.md#sweeps, schemas/sweep.schema.json.`;

interface SweepArgs { file: string; json: boolean; workers: number; progress: boolean }

function parseSweepArgs(argv: readonly string[]): SweepArgs | "help" | string {
  const files: string[] = [];
  let json = false, progress = true, workers = availableParallelism();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    else if (arg === "--json") json = true;
    else if (arg === "--no-progress") progress = false;
    else if (arg === "--workers" || arg.startsWith("--workers=")) {
      const value = arg === "--workers" ? argv[++i] : arg.slice("--workers=".length);
      if (value === undefined || !/^[1-9][0-9]{0,2}$/.test(value) || Number(value) > 256) return "--workers needs a whole number from 1 to 256";
      workers = Number(value);
    } else if (arg.startsWith("-") && arg !== "-") return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length === 0 ? "no sweep file given" : `one sweep file at a time, got ${files.length}`;
  return { file: files[0]!, json, workers, progress };
}

export async function runSweepCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = { ...rawIo, stdout: (t: string) => rawIo.stdout(terminalSafe(t)), stderr: (t: string) => rawIo.stderr(terminalSafe(t)) };
  const args = parseSweepArgs(argv);
  if (args === "help") {
    io.stdout(`${SWEEP_USAGE}\n`);
    return 0;
  }
  if (typeof args === "string") {
    io.stderr(`replab sweep: ${args}\n\n${SWEEP_USAGE}\n`);
    return 2;
  }
  try {
    const sweep = await loadSweep(args.file, io, args.workers);
    return await runSweep(sweep, args, io);
  } catch (error) {
    if (error instanceof SweepInputError) {
      io.stderr(`replab sweep: ${error.message}\n`);
      return 2;
    }
    io.stderr(`replab sweep: internal error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    return 1;
  }
}

async function loadSweep(file: string, io: CliIo, workers: number): Promise<SweepFile> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new SweepInputError(`cannot read sweep file ${file}: ${describeFileError(error)}`);
  }
  const { sweep, warnings } = checkSweepText(text, file, workers, io.memoryBytes);
  for (const w of warnings) io.stderr(`${w}\n`);
  return sweep;
}

async function runSweep(sweep: SweepFile, args: SweepArgs, io: CliIo): Promise<number> {
  const total = runCount(sweep);
  const points = [...sweepPoints(sweep)];
  const parsedFirst = parseScenario(points[0]!.scenario);
  const eventsPerRun = parsedFirst.ok ? estimateEvents(parsedFirst.scenario).events : 0;
  const progress = args.progress ? new SweepProgress(io.progress, io.now, total, eventsPerRun * total, Math.min(args.workers, total)) : null;
  let stop: StopSignal | null = null;
  const stopListening = io.listenForStop((signal) => { stop ??= signal; });
  let result;
  try {
    result = await runPool(points[Symbol.iterator](), total, args.workers, {
      stopRequested: () => stop !== null,
      onDone: (done, events) => progress?.update(done, events),
    });
  } finally {
    stopListening();
  }
  progress?.finish(result.results.filter((r) => r !== null).length, stop);
  if (result.failure !== null) {
    const point = points[result.failure.index]!;
    throw new Error(`the run with ${describeValues(sweep, point)}, seed ${point.seed} failed: ${result.failure.message}`);
  }
  if (stop === "SIGTERM") return 143;
  const labels = sweep.vary.map((v) => v.label ?? v.path);
  const rows = runRows(points, result.results);
  const summary = summarize(rows);
  io.stdout(args.json ? toJson(sweep.name, labels, rows, summary, stop === null) : toCsv(labels, rows, summary));
  return stop === null ? 0 : 130;
}
