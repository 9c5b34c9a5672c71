/** An in-memory CliIo: files from a map, output captured, history targets kept per path. */
import type { CliIo } from "../../src/cli/run";
import type { HistoryTarget } from "../../src/cli/historySink";

export interface Captured {
  stdout: string;
  stderr: string;
  history: Map<string, string>;
  drains: number;
  /** what the progress line wrote (raw stderr) */
  progress: string;
  /** runs listening for a stop signal now */
  stopListeners: number;
}

export interface FakeOptions {
  env?: Record<string, string>;
  /** the history target's buffer reports full after this many chars (backpressure) */
  historyHighWater?: number;
  failHistoryClose?: boolean;
  stdoutThrows?: Error;
  /** the machine's memory the CLI is told of (default 16 GiB) */
  memoryBytes?: number;
  /** the wall clock the CLI reads (default performance.now) */
  now?: () => number;
  /** stderr is a terminal */
  tty?: boolean;
  /** called when a run starts listening for Ctrl-C / SIGTERM, with the function a signal would call */
  onListen?: (onStop: (signal: "SIGINT" | "SIGTERM") => void) => void;
}

function enoent(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
}

export function fakeIo(files: Record<string, string>, options: FakeOptions = {}): { io: CliIo; out: Captured } {
  const out: Captured = { stdout: "", stderr: "", history: new Map(), drains: 0, progress: "", stopListeners: 0 };
  const openHistory = async (path: string): Promise<HistoryTarget> => {
    if (path.startsWith("/nonexistent/")) throw enoent(path);
    let text = "";
    let pending = 0;
    return {
      write: (chunk) => {
        text += chunk;
        pending += chunk.length;
        return pending < (options.historyHighWater ?? Infinity);
      },
      drained: async () => {
        out.drains++;
        await new Promise((resolve) => setTimeout(resolve, 0));
        pending = 0;
      },
      close: async () => {
        if (options.failHistoryClose) throw Object.assign(new Error("ENOSPC: no space left"), { code: "ENOSPC" });
        out.history.set(path, text);
      },
    };
  };
  const io: CliIo = {
    stdout: (text) => {
      if (options.stdoutThrows) throw options.stdoutThrows;
      out.stdout += text;
    },
    stderr: (text) => { out.stderr += text; },
    readFile: async (path) => {
      if (!Object.hasOwn(files, path)) throw enoent(path);
      return files[path]!;
    },
    openHistory,
    env: options.env ?? {},
    memoryBytes: options.memoryBytes ?? 16 * 2 ** 30,
    now: options.now ?? (() => performance.now()),
    progress: { isTTY: options.tty ?? false, columns: 80, write: (raw) => { out.progress += raw; } },
    listenForStop: (onStop) => {
      out.stopListeners++;
      options.onListen?.(onStop);
      return () => { out.stopListeners--; };
    },
  };
  return { io, out };
}
