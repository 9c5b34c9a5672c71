/*
 * Ctrl-C and SIGTERM for the real process (main.ts installs this once). While a run listens
 * (CliIo.listenForStop), a signal asks it to stop at the end of its current slice (~10 ms):
 * SIGINT to print the report so far, SIGTERM to exit with no report. Outside a run there is
 * nothing to save, so a signal exits at once, with the status a shell expects (128 + its number).
 *
 * `npm run sim` runs `node --import tsx` directly (no tsx parent process relaying signals, which
 * SIGKILLs a child that does not answer within 30 ms). In a terminal, Ctrl-C reaches every
 * process of the foreground group and npm forwards it to its child as well: the same key press
 * may arrive twice within milliseconds, so only a SIGINT more than REPEAT_MS after the first
 * means "quit now, never mind the report".
 *
 * When `timeout` or a process manager sends SIGTERM to npm alone, npm passes it to its child,
 * the shell running the script, which dies without passing it on: the run would go on as an
 * orphan. So a run also watches its parent process: once the parent is gone, it stops as for
 * SIGTERM.
 */
import type { StopSignal } from "./slicedRun";

const REPEAT_MS = 1000;
/** after SIGTERM, the most the run may take to stop and close its history file */
const SIGTERM_GRACE_MS = 1500;
const EXIT_STATUS: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** how often a run checks that its parent process still exists */
const PARENT_CHECK_MS = 200;

let listener: ((signal: StopSignal) => void) | null = null;
let firstSigintMs: number | null = null;
const parentAtStart = process.ppid;

export function installSignalHandlers(): void {
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
}

function onSignal(signal: StopSignal): void {
  if (listener === null) process.exit(EXIT_STATUS[signal]);
  if (signal === "SIGTERM") {
    setTimeout(() => process.exit(EXIT_STATUS.SIGTERM), SIGTERM_GRACE_MS).unref();
  } else {
    const t = performance.now();
    if (firstSigintMs !== null && t - firstSigintMs > REPEAT_MS) process.exit(EXIT_STATUS.SIGINT);
    firstSigintMs ??= t;
  }
  listener(signal);
}

export function listenForStop(onStop: (signal: StopSignal) => void): () => void {
  listener = onStop;
  // The run returns to the event loop between slices (~10 ms), so this timer runs during a run.
  const watch = setInterval(() => {
    if (process.ppid !== parentAtStart) onSignal("SIGTERM");
  }, PARENT_CHECK_MS);
  watch.unref();
  return () => {
    clearInterval(watch);
    if (listener === onStop) listener = null;
  };
}
