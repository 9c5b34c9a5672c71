/*
 * One benchmark task in a process of its own (started by spawn.ts): reads the task from argv,
 * prints its result as one JSON line on stdout.
 */
import { measureThroughput } from "./engineThroughput";
import { runMillionWrites } from "./millionWrites";
import type { ChildTask } from "./spawn";

const task = JSON.parse(process.argv[2] ?? "null") as ChildTask | null;
if (task?.kind !== "throughput" && task?.kind !== "million") {
  process.stderr.write(`usage: node --import tsx bench/child.ts '{"kind":"throughput"|"million","config":{...}}'\n`);
  process.exit(2);
}
const result = task.kind === "throughput" ? measureThroughput(task.config) : runMillionWrites(task.config);
process.stdout.write(JSON.stringify(result) + "\n");
