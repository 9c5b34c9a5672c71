/*
 * Entry point of `npm run sim -- <scenario.json> [--json] [--history <file>]`.
 * Sets process.exitCode rather than calling process.exit, so stdout and the history file
 * are flushed before the process ends.
 */
import { runCli } from "./run";
import { nodeIo } from "./nodeIo";
import { installSignalHandlers } from "./processSignals";

installSignalHandlers();

// A reader that stops early (`| head`) closes the pipe: that is not an error of the run.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
