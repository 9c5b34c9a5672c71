// A worker thread does not inherit `node --import tsx`: register tsx here, then load the TypeScript entry.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
