/* eslint-disable no-control-regex -- the progress bar is redrawn with \r and ESC [ K: the tests look for them */
import { describe, expect, it } from "vitest";
import { LONG_RUN_MS, MEASURE_MS, PLAIN_EVERY_MS, Progress, WARMUP_MS, duration, type ProgressOutput } from "../../src/cli/progress";

function setup(tty: boolean, plan = { endUs: 100_000_000, events: 10_000_000, what: "1 million writes to 1 + 3 nodes, 0 reads" }) {
  let now = 0;
  let text = "";
  const out: ProgressOutput = { isTTY: tty, columns: 100, write: (raw) => { text += raw; } };
  const progress = new Progress(out, () => now, plan);
  return { progress, advance: (ms: number) => { now += ms; }, text: () => text };
}

/** Feeds `p` a run going at `eventsPerMs`, virtual time in proportion to events, for `ms` of wall time in 10 ms slices. */
function runFor(s: ReturnType<typeof setup>, ms: number, eventsPerMs: number, from = { events: 0 }, plan = { endUs: 100_000_000, events: 10_000_000 }) {
  for (let t = 0; t < ms; t += 10) {
    s.advance(10);
    from.events += eventsPerMs * 10;
    s.progress.update(Math.min(plan.endUs, (from.events / plan.events) * plan.endUs), from.events);
  }
  return from;
}

describe("progress of a long run", () => {
  it("says nothing for a run that ends within a few seconds", () => {
    const s = setup(true);
    const at = runFor(s, 1000, 10_000); // 10 M events in 1 s
    s.progress.finish({ how: "done" }, 100_000_000, at.events);
    expect(s.text()).toBe("");
  });

  it("estimates the time from the events per second measured after the warm-up, not during it", () => {
    const s = setup(false);
    const at = runFor(s, WARMUP_MS, 100); // V8 still compiling: slow
    runFor(s, MEASURE_MS + 10, 1000, at); // then 1,000 events/ms = 1 million/s
    // 10 million events at 1 million/s: about 10 s
    expect(s.text()).toMatch(/^replab: a long run: about 10\.0 million events \(1 million writes to 1 \+ 3 nodes, 0 reads\), about 10 s at the 1\.0 million events\/s measured after a 0\.3 s warm-up\. Ctrl-C stops it and prints the report so far\.\n/);
  });

  it("writes a plain line every 10 s when stderr is no terminal, no carriage return", () => {
    const s = setup(false, { endUs: 100_000_000, events: 100_000_000, what: "" });
    runFor(s, 35_000, 1000, { events: 0 }, { endUs: 100_000_000, events: 100_000_000 });
    const lines = s.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^replab: a long run/);
    expect(lines.slice(1)).toHaveLength(Math.floor((35_000 - WARMUP_MS - MEASURE_MS) / PLAIN_EVERY_MS) + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^replab: [\d.]+% {2}virtual [\d.]+ m?s of 100\.0 s {2}1\.0 million events\/s {2}about (\d+ min )?\d+ s left$/);
    expect(s.text()).not.toContain("\r");
  });

  it("redraws one bar in place on a terminal, then clears it for the closing line", () => {
    const s = setup(true, { endUs: 100_000_000, events: 20_000_000, what: "" });
    const at = runFor(s, 10_000, 1000, { events: 0 }, { endUs: 100_000_000, events: 20_000_000 });
    const bars = s.text().split("\r").slice(1);
    expect(bars.length).toBeGreaterThan(30);
    for (const bar of bars) expect(bar).toMatch(/^\[[#.]+\] [\d.]+% {2}virtual .* left\u001b\[K$/);
    // 10 s at 1 million events/s of 20 million: half way, and the bar half filled
    const last = /^\[(#*)(\.*)\] (\d+)%/.exec(bars.at(-1)!)!;
    expect(Number(last[3])).toBeGreaterThanOrEqual(48);
    expect(last[1]!.length / (last[1]!.length + last[2]!.length)).toBeCloseTo(0.5, 1);
    s.progress.finish({ how: "done" }, 100_000_000, at.events);
    expect(s.text()).toMatch(/\r\u001b\[Kreplab: done: 100\.0 s of virtual time, 10\.0 million events in 10 s\n$/);
  });

  it("starts showing a run that turned out long although the estimate said short", () => {
    const s = setup(false, { endUs: 100_000_000, events: 1000, what: "" }); // the model said 1,000 events
    runFor(s, LONG_RUN_MS + 100, 10);
    expect(s.text()).toMatch(/^replab: a long run/);
  });

  it("says where a signal stopped the run, even one not long enough to show progress", () => {
    const s = setup(false);
    s.advance(500);
    s.progress.finish({ how: "stopped", signal: "SIGINT" }, 2_500_000, 12_345);
    expect(s.text()).toBe("replab: interrupted (Ctrl-C) at virtual time 2.5 s of 100.0 s (2.5%), after 12,345 events in 500 ms\n");
  });

  it("says durations as a person would", () => {
    expect([850, 12_400, 200_000, 7_500_000, 200_000_000].map(duration)).toEqual(["850 ms", "12 s", "3 min 20 s", "2 h 5 min", "2 d 7 h"]);
  });
});
