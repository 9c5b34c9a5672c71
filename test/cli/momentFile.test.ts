/*
 * Links on the command line: --from-link writes a moment file, --to-link turns it back into the
 * same link, and a moment file run headless shows the moment the page showed (the same numbers).
 * The run and its branches come from the worker's own time travel with the real engine.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { fakeIo } from "./fakeIo";
import type { Command } from "../../src/engine/views";
import { Travel } from "../../src/worker/travel";
import { decodeLink, encodeLink } from "../../src/timeline/link";
import { busyScenario, play } from "../support/travelRun";

const write: Command = { op: "write", session: "c", key: "x", value: "1" };
const crash: Command = { op: "crash", node: "s1", kind: "power" };

/** A run with two branches, viewed in the past of the second: the page's state and its link. */
async function pageMoment() {
  const travel = new Travel(busyScenario("cli moment"), 8_000_000);
  play(travel, 200_000);
  travel.command(write);
  play(travel, 500_000);
  travel.seek({ events: Math.floor(travel.end.events / 2) });
  travel.command(crash);
  play(travel, 600_000);
  travel.seek({ events: travel.end.events - 5 });
  const shown = travel.shown.sim.snapshot();
  const link = await encodeLink({ scenario: travel.scenario, tree: travel.branches, moment: travel.point() });
  if (!link.ok) throw new Error(link.message);
  return { travel, shown, fragment: link.link };
}

async function cli(argv: string[], files: Record<string, string> = {}) {
  const { io, out } = fakeIo(files);
  const code = await runCli(argv, io);
  return { code, ...out };
}

describe("--from-link and --to-link", () => {
  it("link → moment file → link gives the same link, and the same moment", async () => {
    const { fragment } = await pageMoment();
    const from = await cli(["--from-link", `http://localhost:5173/?x=1#${fragment}`]);
    expect(from.code).toBe(0);
    expect(from.stderr).toBe("");
    const file = JSON.parse(from.stdout) as { format: number; branches: unknown[]; current: number; moment: number[] };
    expect(file.format).toBe(1);
    expect(file.branches).toHaveLength(2);
    expect(file.current).toBe(1);

    const to = await cli(["--to-link", "moment.json"], { "moment.json": from.stdout });
    expect(to.code).toBe(0);
    expect(to.stdout).toBe(`#${fragment}\n`);
    const a = await decodeLink(fragment);
    const b = await decodeLink(to.stdout.trim());
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.link).toEqual(a.link);
  });

  it("a moment file run headless shows the moment the page showed: same time, events and numbers", async () => {
    const { shown, fragment } = await pageMoment();
    const from = await cli(["--from-link", fragment]);
    const run = await cli(["moment.json", "--json"], { "moment.json": from.stdout });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const snap = JSON.parse(run.stdout) as typeof shown;
    expect(snap.nowUs).toBe(shown.nowUs);
    expect(snap.eventsProcessed).toBe(shown.eventsProcessed);
    expect(snap.totals).toEqual(shown.totals);
    expect(snap.nodes).toEqual(shown.nodes);
    expect(snap.replication).toEqual(shown.replication);
    const text = await cli(["moment.json"], { "moment.json": from.stdout });
    expect(text.stdout).toContain(`cli moment (seed 1) at ${(shown.nowUs / 1000).toFixed(3).replace(/\.?0+$/, "")}`);
  });

  it("a damaged link, a damaged file and misused options each get a sentence and exit status 2", async () => {
    const { fragment } = await pageMoment();
    const cut = await cli(["--from-link", fragment.slice(0, fragment.length - 40)]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/The link could not be opened: it is damaged/);
    expect(cut.stdout).toBe("");
    const notJson = await cli(["--to-link", "m.json"], { "m.json": "{ nope" });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("m.json: the moment file is not valid JSON");
    const both = await cli(["--from-link", fragment, "--json"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--from-link takes nothing else (got --json)");
    const from = await cli(["--from-link", fragment]);
    const at = await cli(["m.json", "--at", "5"], { "m.json": from.stdout });
    expect(at.code).toBe(2);
    expect(at.stderr).toContain("m.json is a moment file: it carries its own moment");
    expect(at.stderr).toContain("--at and --history do not apply to it");
    const history = await cli(["m.json", "--history", "h.jsonl"], { "m.json": from.stdout });
    expect(history.code).toBe(2);
    expect(history.stderr).toContain("m.json is a moment file: it carries its own moment (--at and --history do not apply to it)");
    expect(history.stdout).toBe("");
  });

  it("a moment file with a hostile branch name and a bad command: the name cleaned, the branch dropped, each said", async () => {
    const { fragment } = await pageMoment();
    const from = await cli(["--from-link", fragment]);
    const file = JSON.parse(from.stdout) as { branches: { name: string; commands: [number, number, Record<string, unknown>][] }[] };
    file.branches[0]!.name = "\u001b[31mred\u001b[0m <script>";
    file.branches[1]!.commands[0]![2] = { op: "crash", node: "nowhere-node", kind: "power" };
    const run = await cli(["m.json"], { "m.json": JSON.stringify(file) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("1 branch name held control characters or was too long; shown cleaned.");
    expect(run.stderr).not.toContain("\u001b[31m");
    expect(run.stderr).toContain('Branch "branch 2": its command 2 (crash) could not be applied');
    expect(run.stderr).toContain("the branch ends there");
  });
});
