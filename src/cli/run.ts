/*
 * The CLI as a function: arguments and I/O in, exit status out. main.ts wires it to the
 * process; tests call it with fakes. Exit statuses are a contract (docs/formats.md):
 * 0 the run completed, 2 bad arguments or a bad scenario file, 1 anything unexpected.
 */
import { CommandError } from "../engine/api";
import { parseScenario } from "../engine/scenario/validate";
import type { Scenario } from "../engine/scenario/schema";
import type { Report, Snapshot } from "../engine/views";
import { parseArgs, USAGE, type CliArgs } from "./args";
import { parseJsonText } from "./readJson";
import { HistorySink, type HistoryTarget } from "./historySink";
import { formatSummary } from "./summary";
import { describeFileError, formatScenarioErrors } from "./errors";
import { memoryProblem } from "./memoryCheck";
import { terminalSafe } from "./terminalSafe";
import { formatMoment } from "./momentSummary";
import { isMomentFile } from "./momentKind";
import type { Outcome, RunControl, simulate, simulateMoment } from "./simulate";
import type { StopSignal } from "./slicedRun";
import type { ProgressOutput } from "./progress";
import type { CliReport } from "./reportSchema";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  openHistory(path: string): Promise<HistoryTarget>;
  env: Readonly<Record<string, string | undefined>>;
  /** the machine's memory in bytes (os.totalmem()): a run that cannot fit is refused up front */
  memoryBytes: number;
  /** wall clock in ms (performance.now()): for the time estimate and the progress line */
  now(): number;
  /** stderr as it is, for the progress line (only the CLI's own words and numbers go there) */
  progress: ProgressOutput;
  /** calls `onStop` when Ctrl-C (SIGINT) or SIGTERM asks the run to stop; returns a function that stops listening */
  listenForStop(onStop: (signal: StopSignal) => void): () => void;
}

/** Exit statuses of a run a signal stopped, as a shell reports a process killed by it (128 + its number). */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

export const PROGRAM = "replab";

/** A problem with what the user gave us: reported in one message, exit status 2. */
class InputError extends Error {}

export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = withSafeOutput(rawIo);
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${PROGRAM}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    const debug = io.env.REPLAB_DEBUG === "1";
    const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : " (REPLAB_DEBUG=1 shows the stack trace)";
    io.stderr(`${PROGRAM}: internal error: ${message.split("\n")[0]}${detail}\n`);
    return 1;
  }
}

/** Every byte the CLI prints goes through terminalSafe: any of it may come from the file. */
function withSafeOutput(io: CliIo): CliIo {
  return { ...io, stdout: (text) => io.stdout(terminalSafe(text)), stderr: (text) => io.stderr(terminalSafe(text)) };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    io.stderr(`${PROGRAM}: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.kind === "from-link") {
    const { momentFileFromLink } = await import("./momentFile");
    const file = await momentFileFromLink(parsed.url);
    if (!file.ok) throw new InputError(file.message);
    for (const notice of file.notices) io.stderr(`warning: ${notice}\n`);
    io.stdout(file.value);
    return 0;
  }
  if (parsed.kind === "to-link") {
    const { linkFromMomentFile } = await import("./momentFile");
    const link = await linkFromMomentFile(await readText(parsed.file, io));
    if (!link.ok) throw new InputError(`${parsed.file}: ${link.message}`);
    for (const notice of link.notices) io.stderr(`${parsed.file}: warning: ${notice}\n`);
    io.stdout(`#${link.value}\n`);
    return 0;
  }
  const { args } = parsed;
  const text = await readText(args.file, io);
  const json = parseJsonText(text);
  if (json.ok && isMomentFile(json.value)) return runMomentFile(args, text, io);
  const loaded = await loadScenario(args.file, text, io, args.atMs);
  if (args.json) for (const warning of loaded.warnings) io.stderr(`${args.file}: warning: ${warning}\n`);
  let stop: StopSignal | null = null;
  const stopListening = io.listenForStop((signal) => { stop ??= signal; });
  const control: RunControl = { now: io.now, stopRequested: () => stop, progress: args.progress ? io.progress : null };
  try {
    if (args.atMs !== null) {
      const moment = await runWithHistory(args, io, (simulate, sink) => simulate.simulateMoment(loaded.scenario, sink,
        Math.round(args.atMs! * 1000), control));
      if (moment.value === null) return EXIT_SIGTERM;
      io.stdout(args.json ? `${JSON.stringify(moment.value)}\n` : formatMoment(loaded.scenario, moment.value));
      return moment.stopped === null ? 0 : EXIT_SIGINT;
    }
    const outcome = await runWithHistory(args, io, (simulate, sink) => simulate.simulate(loaded.scenario, sink, control));
    if (outcome.value === null) return EXIT_SIGTERM;
    const report: CliReport = outcome.stopped === null ? outcome.value
      : { ...outcome.value, interrupted: { signal: "SIGINT", atMs: outcome.reachedUs / 1000, durationMs: loaded.scenario.durationMs } };
    io.stdout(args.json ? `${JSON.stringify(report)}\n` : formatSummary(report, loaded.warnings));
    return outcome.stopped === null ? 0 : EXIT_SIGINT;
  } finally {
    stopListening();
  }
}

/** `atMs`: the run goes only to that moment (--at), which may lie before or past the scenario's end. */
async function readText(file: string, io: CliIo): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new InputError(`cannot read scenario file ${file}: ${describeFileError(error)}`);
  }
}

/** A moment file (from --from-link): the state at its moment, as --at prints it. */
async function runMomentFile(args: CliArgs, text: string, io: CliIo): Promise<number> {
  if (args.atMs !== null || args.history !== null) {
    throw new InputError(`${args.file} is a moment file: it carries its own moment (--at and --history do not apply to it)`);
  }
  const { momentSnapshot, readMomentFile } = await import("./momentFile");
  const read = readMomentFile(text);
  if (!read.ok) throw new InputError(`${args.file}: ${read.message}`);
  const moment = await runChecked(async () => momentSnapshot(read.value));
  if (!moment.ok) throw new InputError(`${args.file}: ${moment.message}`);
  for (const notice of [...read.notices, ...moment.notices]) io.stderr(`${args.file}: warning: ${notice}\n`);
  const { scenario, snapshot } = moment.value;
  io.stdout(args.json ? `${JSON.stringify(snapshot)}\n` : formatMoment(scenario, snapshot));
  return 0;
}

async function loadScenario(file: string, text: string, io: CliIo, atMs: number | null): Promise<{ scenario: Scenario; warnings: string[] }> {
  const json = parseJsonText(text);
  if (!json.ok) {
    const { line, column, reason } = json.error;
    throw new InputError(`${file}:${line}:${column}: not valid JSON: ${reason}`);
  }
  const result = parseScenario(json.value);
  if (!result.ok) throw new InputError(formatScenarioErrors(file, result.errors));
  const tooBig = memoryProblem(atMs === null ? result.scenario : { ...result.scenario, durationMs: atMs }, io.memoryBytes);
  if (tooBig !== null) throw new InputError(`${file}: ${tooBig}`);
  return result;
}

interface Simulate { simulate: typeof simulate; simulateMoment: typeof simulateMoment }

/** Runs `body` (a whole run or one to a moment), writing the history to --history's file if asked. */
async function runWithHistory<T extends Outcome<Report> | Outcome<Snapshot>>(args: CliArgs, io: CliIo,
  body: (simulate: Simulate, sink: HistorySink | null) => Promise<T>): Promise<T> {
  // Loaded only once the file is valid: --help and input errors never pay for the engine.
  const simulate = await import("./simulate");
  if (args.history === null) return runChecked(() => body(simulate, null));
  let target: HistoryTarget;
  try {
    target = await io.openHistory(args.history);
  } catch (error) {
    throw new InputError(`cannot write history file ${args.history}: ${describeFileError(error)}`);
  }
  const sink = new HistorySink(target);
  let result: T;
  try {
    result = await runChecked(() => body(simulate, sink));
  } catch (error) {
    // Close anyway, so the file holds what happened up to the failure; the run's error wins.
    await sink.close().catch(() => undefined);
    throw error;
  }
  try {
    await sink.close();
  } catch (error) {
    throw new Error(`could not write history file ${args.history}: ${describeFileError(error)}`);
  }
  return result;
}

/** A CommandError escaping the engine means the file asked for something impossible: bad input. */
async function runChecked<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CommandError) throw new InputError(`the scenario cannot run: ${error.message}`);
    throw error;
  }
}
