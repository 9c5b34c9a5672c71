/* Runs a benchmark task in a child Node process (with tsx's loader) and parses its result. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ThroughputConfig, ThroughputResult } from "./engineThroughput";
import type { MillionConfig, MillionResult } from "./millionWrites";

export type ChildTask = { kind: "throughput"; config: ThroughputConfig } | { kind: "million"; config: MillionConfig };
type ResultOf<T extends ChildTask> = T extends { kind: "throughput" } ? ThroughputResult : MillionResult;

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

export function runChild<T extends ChildTask>(task: T, timeoutMs = 180_000): Promise<ResultOf<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(task)], {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs,
    });
    let out = "", err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => { out += d; });
    child.stderr.setEncoding("utf8").on("data", (d: string) => { err += d; });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) {
        reject(new Error(`bench child ${task.kind} failed (exit ${code ?? signal}):\n${err.trim() || out.trim()}`));
        return;
      }
      resolve(JSON.parse(line) as ResultOf<T>);
    });
  });
}
