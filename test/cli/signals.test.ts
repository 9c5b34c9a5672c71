/*
 * The real CLI, started as a user starts it (`npm run sim`, in a process group of its own, as a
 * terminal or `timeout` has it), on a run that would last hours: Ctrl-C stops it and prints the
 * report so far, SIGTERM stops it with no report, and nothing of it stays alive, even when
 * SIGTERM reaches npm alone (the shell between npm and node passes nothing on: the run notices
 * that its parent is gone).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportSchema } from "../../src/cli/reportSchema";

const dir = mkdtempSync(join(tmpdir(), "replab-signals-"));
const DAY = join(dir, "day.json");
writeFileSync(DAY, JSON.stringify({ name: "a long day", durationMs: 86_400_000, cluster: { replicas: [{ name: "s1" }, { name: "s2" }] },
  workload: { writesPerSec: 100, readsPerSec: 20_000 } }));

/** the processes of a group still alive (zombies waiting for a reaper are dead) */
function aliveInGroup(pgid: number): string[] {
  const ps = spawnSync("ps", ["-o", "pid=,stat=,args=", "-g", String(pgid)], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((line) => line.trim() !== "" && !/^\s*\d+\s+Z/.test(line));
}

interface Stopped { stdout: string; stderr: string; afterSignalMs: number; alive: string[] }

/** Starts `npm run sim -- DAY ...args`, waits for the run's first progress line, sends `signal` to `to`, waits for every writer of its output to go. */
async function startThenSignal(signal: "SIGINT" | "SIGTERM", to: "group" | "npm", args: string[]): Promise<Stopped> {
  const child = spawn("npm", ["run", "-s", "sim", "--", DAY, ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pgid = child.pid!;
  let stdout = "", stderr = "";
  child.stdout.on("data", (d: Buffer) => { stdout += d; });
  child.stderr.on("data", (d: Buffer) => { stderr += d; });
  const closed = Promise.all([new Promise((r) => child.stdout.on("close", r)), new Promise((r) => child.stderr.on("close", r))]);
  try {
    // The estimate line comes once the run has gone past its warm-up: the engine is running.
    const started = Date.now();
    while (!stderr.includes("a long run") && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain("a long run");
    const sent = performance.now();
    process.kill(to === "group" ? -pgid : pgid, signal);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
    const afterSignalMs = performance.now() - sent;
    await new Promise((r) => setTimeout(r, 200));
    return { stdout, stderr, afterSignalMs, alive: aliveInGroup(pgid) };
  } finally {
    try { process.kill(-pgid, "SIGKILL"); } catch { /* already gone */ }
  }
}

describe("cli: signals on a long run, through npm run sim", () => {
  it("Ctrl-C (SIGINT to the group) prints the report so far, marked interrupted, within 2 s", async () => {
    const r = await startThenSignal("SIGINT", "group", ["--json"]);
    expect(r.afterSignalMs).toBeLessThan(2000);
    expect(r.alive).toEqual([]);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.interrupted).toEqual({ signal: "SIGINT", atMs: report.endMs, durationMs: 86_400_000 });
    expect(report.endMs).toBeGreaterThan(0);
    expect(report.endMs).toBeLessThan(86_400_000);
    expect(report.reads.total).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/replab: interrupted \(Ctrl-C\) at virtual time [\d.]+ s of 86400\.0 s/);
  }, 90_000);

  it("SIGTERM to the group (as timeout sends it) stops at once with no report", async () => {
    const r = await startThenSignal("SIGTERM", "group", ["--json"]);
    expect(r.afterSignalMs).toBeLessThan(2000);
    expect(r.alive).toEqual([]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/replab: stopped by SIGTERM at virtual time/);
  }, 90_000);

  it("SIGTERM to npm alone leaves no orphan: the run sees its parent go and stops", async () => {
    const r = await startThenSignal("SIGTERM", "npm", []);
    expect(r.afterSignalMs).toBeLessThan(2000);
    expect(r.alive).toEqual([]);
    expect(r.stdout).toBe("");
  }, 90_000);
});
