/*
 * The page's end of the worker: creates it, types the messages both ways and turns an uncaught
 * error inside it into one "failed" callback. Knows nothing of the UI.
 */
import type { FromWorker, ToWorker } from "./protocol";

export interface WorkerHandlers {
  onMessage: (msg: FromWorker) => void;
  /** the worker died (an uncaught error or a module that failed to load) */
  onFailure: (message: string) => void;
}

export class LabWorker {
  private readonly worker: Worker;
  private dead = false;
  private posted = 0;
  /** messages handed to the worker so far (the worker counts what it reads: snapshot.received) */
  get sent(): number { return this.posted; }

  constructor(private readonly handlers: WorkerHandlers) {
    this.worker = new Worker(new URL("./host.ts", import.meta.url), { type: "module", name: "replication-lab" });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (!this.dead) handlers.onMessage(event.data);
    };
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(event.message || "The simulation worker failed to load or threw an error.");
    };
    this.worker.onmessageerror = () => this.fail("A message from the simulation worker could not be read.");
  }

  /**
   * Null when posted; else why the message could not be sent. postMessage throws on what it
   * cannot clone: an object nested thousands of levels deep overflows the cloner's stack.
   */
  post(msg: ToWorker): string | null {
    if (this.dead) return "The simulation is not running.";
    try {
      this.worker.postMessage(msg);
      this.posted++;
      return null;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return `the browser could not hand it to the simulation (${reason}): it is probably nested far too deeply (a scenario nests at most 5 levels)`;
    }
  }

  terminate(): void {
    this.dead = true;
    this.worker.terminate();
  }

  private fail(message: string): void {
    if (this.dead) return;
    this.dead = true;
    this.handlers.onFailure(message);
  }
}
