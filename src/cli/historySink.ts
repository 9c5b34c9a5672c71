/*
 * --history: every HistoryEvent as one JSON line. A run may make millions of operations, so
 * lines are batched into chunks of about 64 KiB (one write call per chunk, not per line) and
 * the run pauses whenever the file's stream asks for a drain: memory stays bounded.
 */
import type { HistoryEvent } from "../engine/views";
import { terminalSafe } from "./terminalSafe";

/** Where the chunks go: a file in the CLI, an array in tests. */
export interface HistoryTarget {
  /** false: the target's buffer is full; wait for drained() before writing more */
  write(chunk: string): boolean;
  drained(): Promise<void>;
  /** flushes everything and closes; rejects if any write failed */
  close(): Promise<void>;
}

export class HistorySink {
  private parts: string[] = [];
  private size = 0;
  private blocked = false;
  lines = 0;

  constructor(private readonly target: HistoryTarget, private readonly chunkChars = 1 << 16) {}

  push(event: HistoryEvent): void {
    const line = JSON.stringify(event) + "\n";
    this.parts.push(line);
    this.size += line.length;
    this.lines++;
    if (this.size >= this.chunkChars) this.flush();
  }

  /** true when the producer should await wait() before pushing more */
  get mustWait(): boolean {
    return this.blocked;
  }

  async wait(): Promise<void> {
    if (!this.blocked) return;
    await this.target.drained();
    this.blocked = false;
  }

  async close(): Promise<void> {
    this.flush();
    await this.target.close();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    // People `cat` and `tail` this file: no raw control characters from the scenario's names.
    const chunk = terminalSafe(this.parts.join(""));
    this.parts = [];
    this.size = 0;
    if (!this.target.write(chunk)) this.blocked = true;
  }
}
