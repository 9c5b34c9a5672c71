/*
 * Terminal escape injection: a scenario's text (its name, a session name in a warning, an
 * unknown field's name) reaches the terminal only escaped, in the summary, in --json mode and
 * in the history file; the JSON still parses to the very same strings.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { terminalSafe } from "../../src/cli/terminalSafe";
import { fakeIo } from "../cli/fakeIo";
import { CONTROL_SNIPPETS } from "./hostileArbitraries";

/** Any control character a terminal acts on, but the line breaks and tabs we print ourselves. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function cli(argv: string[], scenario: unknown) {
  const { io, out } = fakeIo({ "f.json": JSON.stringify(scenario) });
  const status = await runCli(argv, io);
  return { status, ...out };
}

const EVIL = `a${CONTROL_SNIPPETS.join("")}z`;
const scenario = (extra: object = {}) => ({
  name: EVIL, durationMs: 200, cluster: { replicas: [{ name: "s1" }] }, sessions: { alice: {} },
  actions: [{ atMs: 10, op: "read", session: EVIL, key: EVIL }, { atMs: 20, op: "write", session: "alice", key: "k", value: EVIL }],
  ...extra,
});

describe("terminalSafe", () => {
  it("escapes every control character but line breaks and tabs, visibly", () => {
    expect(terminalSafe("a\u001b[2Jb\u0007\u009b\u202e\t\nc")).toBe("a\\u001b[2Jb\\u0007\\u009b\\u202e\t\nc");
    for (const snippet of CONTROL_SNIPPETS) {
      if (snippet === "\n") continue;
      expect(terminalSafe(snippet)).not.toMatch(RAW_CONTROL);
    }
  });

  it("leaves JSON meaning the same", () => {
    const json = JSON.stringify({ s: EVIL });
    expect(JSON.parse(terminalSafe(json))).toEqual({ s: EVIL });
  });
});

describe("the CLI prints nothing raw from a file", () => {
  it("the readable summary: scenario name and the session warning", async () => {
    const r = await cli(["f.json"], scenario());
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain("a\\u001b[2J\\u001b]0;pwned\\u0007");
    expect(r.stdout).toContain("is not declared in sessions");
  });

  it("--json: the warning on stderr escaped, the report on stdout the same strings", async () => {
    const r = await cli(["f.json", "--json"], scenario());
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("is not declared in sessions");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const report = JSON.parse(r.stdout) as { scenario: string; operations: { session: string }[] };
    expect(report.scenario).toBe(EVIL);
    expect(report.operations[0]!.session).toBe(EVIL);
  });

  it("an unknown field's name in an error", async () => {
    const r = await cli(["f.json"], { ...scenario(), [EVIL]: 1 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown field");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it("the history file", async () => {
    const { io, out } = fakeIo({ "f.json": JSON.stringify(scenario()) });
    expect(await runCli(["f.json", "--history", "h.jsonl"], io)).toBe(0);
    const text = out.history.get("h.jsonl")!;
    expect(text).not.toMatch(RAW_CONTROL);
    const first = JSON.parse(text.split("\n")[0]!) as { process: string };
    expect(first.process).toBe(EVIL);
  });
});
