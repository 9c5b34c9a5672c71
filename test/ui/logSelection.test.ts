import { describe, expect, test } from "vitest";
import { logLineFor } from "../../src/ui/views/logSelection";
import type { LogEntry } from "../../src/engine/views";

const line = (seq: number, atUs: number): LogEntry => ({ seq, atUs, kind: "crash", text: `line ${seq}` });
/** newest first, as the log shows them */
const SHOWN = [line(4, 900), line(3, 500), line(2, 500), line(1, 100)];

describe("the event-log line of the selected event", () => {
  test("the last line at or before the moment (the newest of equal times)", () => {
    expect(logLineFor(SHOWN, { atUs: 700, op: 7, logSeq: null, source: "diagram" })).toBe(3);
    expect(logLineFor(SHOWN, { atUs: 500, op: null, logSeq: null, source: "diagram" })).toBe(3);
    expect(logLineFor(SHOWN, { atUs: 5000, op: null, logSeq: null, source: "timeline" })).toBe(4);
  });

  test("none before the first line, none without a selection; a line the log chose is itself (if shown)", () => {
    expect(logLineFor(SHOWN, { atUs: 50, op: null, logSeq: null, source: "diagram" })).toBeNull();
    expect(logLineFor(SHOWN, null)).toBeNull();
    expect(logLineFor(SHOWN, { atUs: 900, op: null, logSeq: 2, source: "log" })).toBe(2);
    expect(logLineFor(SHOWN, { atUs: 900, op: null, logSeq: 99, source: "log" })).toBeNull();
  });
});
