/** The CLI's I/O on a real Node process: files, stdout, stderr, environment. */
import { open } from "node:fs/promises";
import { totalmem } from "node:os";
import { finished } from "node:stream/promises";
import type { CliIo } from "./run";
import type { HistoryTarget } from "./historySink";
import { readScenarioFile } from "./scenarioFile";
import { listenForStop } from "./processSignals";

async function openHistoryFile(path: string): Promise<HistoryTarget> {
  // Opening first (not lazily inside createWriteStream) makes a bad path fail here, before the run.
  const handle = await open(path, "w");
  const stream = handle.createWriteStream({ highWaterMark: 1 << 20 });
  let failure: Error | null = null;
  stream.on("error", (error) => { failure = error; });
  return {
    write: (chunk) => stream.write(chunk),
    drained: () => new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      if (!stream.writableNeedDrain) return resolve();
      const onDrain = () => { stream.off("error", onError); resolve(); };
      const onError = (error: Error) => { stream.off("drain", onDrain); reject(error); };
      stream.once("drain", onDrain);
      stream.once("error", onError);
    }),
    close: async () => {
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}

export function nodeIo(): CliIo {
  return {
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
    readFile: (path) => readScenarioFile(path),
    openHistory: openHistoryFile,
    env: process.env,
    memoryBytes: totalmem(),
    now: () => performance.now(),
    progress: {
      isTTY: process.stderr.isTTY === true,
      columns: process.stderr.columns ?? 80,
      write: (raw) => { process.stderr.write(raw); },
    },
    listenForStop,
  };
}
