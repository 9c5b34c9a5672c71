/* Entry point of `npm run sweep -- <sweep.json> [--json] [--workers N] [--no-progress]`. */
import { nodeIo } from "../cli/nodeIo";
import { installSignalHandlers } from "../cli/processSignals";
import { runSweepCli } from "./run";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
installSignalHandlers();
process.exitCode = await runSweepCli(process.argv.slice(2), nodeIo());
