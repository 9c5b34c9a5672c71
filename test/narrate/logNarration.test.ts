/*
 * Every line of the event log says what happened and why, in one line, in the words of the
 * database shown. Real runs make the lines (scripted faults and commands in PostgreSQL's and in
 * MySQL's semi-sync mode, and the logical and multi-primary examples): each line must be known to
 * a rule of src/narrate/logNarration.ts (a text the engine starts writing that no rule knows
 * fails here), carry its reason after " — ", and speak the right database's words.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/index";
import { parseScenario } from "../../src/engine/scenario/validate";
import type { LogEntry, LogKind } from "../../src/engine/views";
import { LOG_KINDS, narrateLog, narrateLogEntry } from "../../src/narrate/logNarration";
import { binlogPosition } from "../../src/text/position";

function run(scenario: unknown, untilMs: number): LogEntry[] {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  const sim = new Simulation(parsed.scenario);
  const out: LogEntry[] = [];
  let seq = 0;
  while (sim.nowUs < untilMs * 1000) {
    sim.runUntil(Math.min(untilMs * 1000, sim.nowUs + 100_000));
    for (const e of sim.snapshot(seq, { omitInFlight: true }).log) { out.push(e); seq = e.seq; }
  }
  return out;
}

const cluster = {
  primary: { name: "db1", fsyncMs: 1 },
  replicas: [{ name: "s1", networkDelayMs: 5, fsyncMs: 1 }, { name: "s2", networkDelayMs: 9, fsyncMs: 1 }],
};

/** PostgreSQL: every fault and command of the controls, once. */
const POSTGRES = {
  name: "every line", seed: 4, durationMs: 30_000, cluster, commit: { preset: "sync" },
  workload: { writesPerSec: 20, readsPerSec: 20, sessions: 2, keys: 5, readFrom: "replicas" },
  failover: { auto: false },
  actions: [
    { atMs: 300, op: "write", session: "alice", key: "x", value: "1" },
    { atMs: 310, op: "read", session: "alice", key: "x", node: "s2" },
    { atMs: 500, op: "partition", between: ["db1", "s1"] },
    { atMs: 1500, op: "heal", between: ["db1", "s1"] },
    { atMs: 2000, op: "crash", node: "s1", kind: "hang" },
    { atMs: 2600, op: "cancel" },
    { atMs: 2700, op: "restart", node: "s1" },
    { atMs: 3000, op: "set", node: "s2", networkDelayMs: 20 },
    { atMs: 3100, op: "configure", preset: "async" },
    { atMs: 3200, op: "workload", workload: { writesPerSec: 40 } },
    { atMs: 3300, op: "set-failover", fencing: true },
    { atMs: 3400, op: "checkpoint" },
    { atMs: 3500, op: "add-replica", replica: { name: "s3", networkDelayMs: 5 } },
    { atMs: 4000, op: "remove-replica", node: "s3" },
    { atMs: 4500, op: "crash", node: "s2", kind: "process" },
    { atMs: 5000, op: "restart", node: "s2" },
    { atMs: 6000, op: "crash", node: "db1", kind: "power" },
    { atMs: 6100, op: "write", session: "bob", key: "y", value: "2", node: "db1" },
    { atMs: 6200, op: "promote", node: "s1" },
    { atMs: 7000, op: "restart", node: "db1" },
    { atMs: 7500, op: "rewind", node: "db1" },
    { atMs: 8000, op: "reclone", node: "s2" },
    { atMs: 8100, op: "restart", node: "s1" },
  ],
};

/** MySQL/MariaDB semi-sync: the only replica down, the timeout, and the replica back. */
const MYSQL = {
  name: "semi-sync lines", seed: 5, durationMs: 20_000,
  cluster: { primary: { name: "db1", fsyncMs: 1 }, replicas: [{ name: "r1", networkDelayMs: 5, fsyncMs: 1 }] },
  commit: { semiSync: { waitForCount: 1, waitPoint: "AFTER_SYNC", timeoutMs: 1000, waitNoReplica: true } },
  workload: { writesPerSec: 20, readsPerSec: 0, sessions: 1, keys: 5 },
  actions: [
    { atMs: 500, op: "crash", node: "r1", kind: "process" },
    { atMs: 4000, op: "restart", node: "r1" },
  ],
};

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), "utf8")) as unknown;

const runs: [string, LogEntry[], "postgres" | "mysql"][] = [
  ["postgres", run(POSTGRES, 12_000), "postgres"],
  ["semi-sync", run(MYSQL, 8_000), "mysql"],
  ["logical", run(example("logical-conflict"), 6_000), "postgres"],
  ["async failover", run(example("async-failover-loss"), 8_000), "postgres"],
  ["read-your-writes", run(example("reads-read-your-writes"), 3_000), "postgres"],
  ["multi-primary", run(example("multi-primary-divergence"), 6_000), "mysql"],
  // a link's delay, a node's generated-key settings, an insert whose key its node generates, one refused on a node that is down
  ["multi-primary settings", run({ name: "mp settings", seed: 1, durationMs: 1000,
    cluster: { multiPrimary: { mode: "circular", nodes: [{ name: "eu" }, { name: "us" }] } },
    actions: [{ atMs: 10, op: "set-link", between: ["eu", "us"], delayMs: 70 },
      { atMs: 20, op: "set", node: "eu", autoIncrementIncrement: 2, autoIncrementOffset: 1 },
      { atMs: 30, op: "write", node: "eu", kind: "insert", value: "a" }, { atMs: 40, op: "crash", node: "us" },
      { atMs: 50, op: "write", node: "us", kind: "insert", value: "b" }] }, 1000), "mysql"],
];

describe("every event-log line says what happened and why", () => {
  it("every kind of line has a general reason (a new LogKind without one does not compile, and fails here)", () => {
    expect(LOG_KINDS.length).toBeGreaterThanOrEqual(22);
    for (const kind of LOG_KINDS) {
      const n = narrateLogEntry({ kind, text: "something nobody wrote" }, "postgres");
      expect(n.known, kind).toBe(false);
      expect(n.line, kind).toMatch(/^something nobody wrote — \S.{8,}/);
    }
  });

  it("the runs make most kinds of line, and every line is known to a rule, in one line with its reason", () => {
    const seen = new Set<LogKind>();
    for (const [name, log, shown] of runs) {
      expect(log.length, name).toBeGreaterThan(3);
      for (const e of log) {
        seen.add(e.kind);
        for (const words of ["postgres", "mysql"] as const) {
          const n = narrateLogEntry(e, words);
          expect(n.known, `${name} ${e.kind}: ${e.text}`).toBe(true);
          expect(n.line).not.toMatch(/[\n\r]/);
          // what, then why: something on each side of the dash, and more than the engine said
          expect(n.line, e.text).toMatch(/\S.* — .*\S/);
          expect(n.line.length, e.text).toBeGreaterThan(e.text.length);
        }
        expect(narrateLog(e, shown)).toBe(narrateLog(e, shown)); // deterministic
      }
    }
    const missing = LOG_KINDS.filter((k) => !seen.has(k));
    // "writes back" needs a second failover onto a node that has the writes: its text (src/engine/clients/losses.ts) is checked alone
    expect(missing).toEqual(["writes-restored"]);
    expect(narrateLogEntry({ kind: "writes-restored", text: "2 acknowledged write(s) declared lost earlier are back: s2's history holds them" },
      "postgres")).toEqual({ known: true, line: "2 acknowledged write(s) counted lost earlier are back — s2, promoted now, has them in its history" });
  });

  it("positions are LSNs in PostgreSQL's words and binary log positions in MySQL's", () => {
    const e: LogEntry = { seq: 1, atUs: 0, kind: "connect", text: "s1 connected to db1 (streaming from LSN 210)" };
    expect(narrateLog(e, "postgres")).toBe("s1 connected to db1 and streams WAL from 0/D2 — its walreceiver asks for the WAL after the end of its own");
    expect(narrateLog(e, "mysql")).toBe(`s1's I/O thread connected to db1 and reads its binary log from ${binlogPosition(210)} — ` +
      "it asks for the events after the last one in its relay log");
    expect(binlogPosition(210)).toBe("mysql-bin.000001:214");
    expect(narrateLog({ kind: "disconnect", text: "s2: could not stream from s1: diverged: new timeline 2 forked off this server's timeline 1 at 13544, before its recovery point 27428" }, "postgres"))
      .toBe("s2 could not stream from s1: diverged: new timeline 2 forked off this server's timeline 1 at 0/34E8, before its recovery point 0/6B24 — " +
        "s1 refused what s2 asked for; it cannot catch up until that is fixed");
    expect(narrateLog({ kind: "stall-start", text: "write stall: commits have waited 500 ms for flush of the WAL up to LSN 300 by s1 (FIRST 1 (s1))" }, "postgres"))
      .toMatch(/^write stall: a commit has waited 500 ms for flush of the WAL up to LSN 0\/12C by s1 \(FIRST 1 \(s1\)\) — /);
  });

  it("MySQL's words in MySQL mode: no walreceiver, no LSN, no PostgreSQL position", () => {
    for (const [name, log, shown] of runs) {
      if (shown !== "mysql") continue;
      for (const e of log) {
        const line = narrateLog(e, "mysql");
        expect(line, `${name}: ${line}`).not.toMatch(/walreceiver|walsender|\bLSN\b|\b[0-9A-F]+\/[0-9A-F]+\b|synchronous_standby_names/);
      }
    }
    const semi = runs[1]![1].map((e) => narrateLog(e, "mysql")).join("\n");
    expect(semi).toMatch(/Rpl_semi_sync_master_status = OFF\) — no replica ACKed within rpl_semi_sync_master_timeout = 1000 ms/);
    expect(semi).toMatch(/Rpl_semi_sync_master_status = ON\) — a replica caught up and ACKed/);
  });

  it("user text stays one line: control characters in a session name do not break it", () => {
    const line = narrateLog({ kind: "read", text: "evil\u001b[2J\nname reads x on s1: 1" }, "postgres");
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});
