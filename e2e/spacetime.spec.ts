/*
 * The space-time diagram in a real browser: opened by its control, findings explained and shown in
 * the figure (both ways: from the list and from the bar), exports (SVG well-formed and escaped,
 * PNG, history as JSON lines), axe on the panel.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { keep, openScenario } from "./helpers";

/** A run with one stale read (bob reads x on s2 before its WAL arrives) and one lost write (y, after a power loss and the promotion of s2). */
const SCENARIO = {
  name: "diagram <b>&</b> \"quotes\"", seed: 3, durationMs: 60_000,
  cluster: { primary: { name: "primary", fsyncMs: 1 },
    replicas: [{ name: "s1", networkDelayMs: 5, fsyncMs: 1 }, { name: "s2", networkDelayMs: 40, fsyncMs: 1 }] },
  commit: { preset: "async" as const },
  actions: [
    { atMs: 100, op: "write" as const, session: "alice", key: "x", value: "4" },
    { atMs: 110, op: "read" as const, session: "bob", key: "x", node: "s2" },
    { atMs: 200, op: "partition" as const, between: ["primary", "s2"] as [string, string] },
    { atMs: 300, op: "write" as const, session: "alice", key: "y", value: "<script>alert(1)</script>" },
    { atMs: 400, op: "crash" as const, node: "primary", kind: "power" as const },
    { atMs: 500, op: "promote" as const, node: "s2" },
  ],
};

async function openDiagram(page: Page): Promise<void> {
  await openScenario(page, SCENARIO, "1");
  await page.getByRole("button", { name: "Space-time diagram" }).click();
  await expect(page.getByRole("figure", { name: "Space-time diagram" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Lost write/ })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Pause" }).click();
}

test("a lost write, chosen in the findings: its acknowledgement, the power loss, the promotion", async ({ page }) => {
  await openDiagram(page);
  await page.getByRole("button", { name: /^Lost write/ }).click();
  const why = page.getByRole("region", { name: "Explanation" });
  await expect(why).toContainText("Let W be alice's write of y=");
  await expect(why).toContainText("acknowledged at 0.301 s (its WAL record ends at 0/9C)");
  await expect(why).toContainText("Let F be the power loss of primary at 0.400 s.");
  await expect(why).toContainText("Then s2 was promoted at 0.500 s on timeline 2 with switch point 0/42");
  const pins = page.locator("svg g.st-highlight text.pin-label");
  await expect(pins).toHaveText([/W acknowledged/, "power lost", "promoted: history up to 0/42"]);
  // the selection is the page's: the finding's moment
  await expect.poll(() => page.evaluate(() => window.__spacetime!.selected()?.atUs)).toBe(500_000);
  await keep(page, "spacetime-lost-write");
});

test("a stale read, clicked in the figure: the write it missed, where its WAL was, the lag", async ({ page }) => {
  await openDiagram(page);
  // move the window to the read, then click its bar
  await page.getByRole("button", { name: /^Stale read/ }).click();
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByRole("region", { name: "Explanation" })).toHaveCount(0);
  const readOp = await page.evaluate(() => window.__spacetime!.staleReads()[0]);
  // bars are one path per colour: the click is found by its position (the hook says where the bar was drawn)
  const box = await page.evaluate((op) => window.__spacetime!.spanBox(op!), readOp);
  expect(box).not.toBeNull();
  await page.locator("#spacetime-svg").click({ position: { x: box!.x + box!.w / 2, y: box!.y + box!.h / 2 } });
  const why = page.getByRole("region", { name: "Explanation" });
  await expect(why).toContainText("Let W be alice's write of x=\"4\", acknowledged at 0.101 s (its WAL record ends at 0/42).");
  await expect(why).toContainText("Then R, bob's read of x on s2 at 0.110 s, returned nothing (no version of the key): " +
    "s2 had replayed up to 0/0 and W ends at 0/42; W's WAL was on the wire to s2 (sent at 0.101 s, arriving at 0.141 s).");
  await expect(page.locator("svg g.st-highlight line.wal")).toHaveCount(1);
  await expect(page.locator("svg g.st-highlight text.pin-label")).toHaveText("R: replayed to 0/0; W ends at 0/42, lag 9 ms");
  await keep(page, "spacetime-stale-read");
});

test("following a key dims the others", async ({ page }) => {
  await openDiagram(page);
  await page.getByRole("button", { name: /^Stale read/ }).click();
  await page.getByRole("button", { name: "Clear" }).click();
  await page.getByLabel("Follow a key or a session").selectOption({ label: "key x" });
  await expect(page.getByText("Following key x")).toBeVisible();
  // out and on to bob's read of x and alice's write of y (0.3 s)
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Zoom out" }).click();
  await page.getByRole("button", { name: "Later" }).click();
  const labels = page.locator("svg text.span-label");
  await expect(labels.filter({ hasText: "w y=" })).toHaveCount(1);
  const dim = await labels.evaluateAll((ts) => ts.map((t) => [t.textContent ?? "", t.getAttribute("opacity")]));
  expect(dim.map(([, o]) => o)).toEqual(expect.arrayContaining(["1", "0.18"]));
  for (const [label, opacity] of dim) expect(opacity).toBe((label ?? "").includes(" x") ? "1" : "0.18");
  // the bars too: key x's in a bright path, the others' in a dimmed one
  await expect(page.locator("svg g.st-spans path.bars[opacity='0.18']")).not.toHaveCount(0);
  await expect(page.locator("svg g.st-spans path.bars[opacity='1']")).not.toHaveCount(0);
  await page.getByRole("button", { name: "Stop following" }).click();
  await expect(page.locator("svg [opacity='0.18']")).toHaveCount(0);
});

test("exports: a well-formed SVG with user text escaped, a PNG, the history as JSON lines", async ({ page }) => {
  await openDiagram(page);
  await page.getByRole("button", { name: /^Lost write/ }).click();

  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "SVG", exact: true }).click()]);
  const svgText = readFileSync((await svgDownload.path())!, "utf8");
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { error: doc.getElementsByTagName("parsererror").length, root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI, title: doc.querySelector("title")?.textContent ?? null,
      scripts: doc.getElementsByTagName("script").length, bold: doc.getElementsByTagName("b").length,
      lanes: Array.from(doc.querySelectorAll("g.st-labels text")).map((t) => t.textContent) };
  }, svgText);
  expect(parsed).toMatchObject({ error: 0, root: "svg", ns: "http://www.w3.org/2000/svg", scripts: 0, bold: 0 });
  expect(parsed.title).toBe("Space-time diagram: diagram <b>&</b> \"quotes\", seed 3");
  expect(parsed.lanes).toEqual(["primary", "s1", "s2", "session alice", "session bob"]);
  expect(svgText).toContain("&lt;b&gt;&amp;&lt;/b&gt;");

  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "PNG", exact: true }).click()]);
  const png = readFileSync((await pngDownload.path())!);
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(png.length).toBeGreaterThan(2000);

  const [historyDownload] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "History (JSON lines)" }).click()]);
  const lines = readFileSync((await historyDownload.path())!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.filter((l) => l.f === "write" && l.type === "ok").map((l) => l.key)).toEqual(["x", "y"]);
  expect(lines.filter((l) => l.type === "lost").map((l) => l.value)).toEqual(["<script>alert(1)</script>"]);
  expect(lines[lines.length - 1]!.type).toBe("end");
});

test("axe: no serious violations on the open diagram", async ({ page }) => {
  await openDiagram(page);
  await page.getByRole("button", { name: /^Stale read/ }).click();
  const results = await new AxeBuilder({ page }).include(".spacetime-panel").analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});

test("an arrow chosen in the figure: the message's words and times, its moment selected; the event log marks its line", async ({ page }) => {
  await openDiagram(page);
  await page.getByRole("button", { name: /^Stale read/ }).click();
  await page.getByRole("button", { name: "Clear" }).click();
  const mid = await page.evaluate(() => window.__spacetime!.arrowMiddle("WAL 0/0–0/42"));
  expect(mid).not.toBeNull();
  await page.locator("#spacetime-svg").click({ position: mid! });
  const box = page.getByRole("region", { name: "Message" });
  await expect(box).toContainText("WAL 0/0–0/42");
  await expect(box).toContainText("primary → s");
  const at = await page.evaluate(() => window.__spacetime!.selected());
  expect(at).toMatchObject({ op: null, source: "diagram" });
  // thick: the chosen message
  await expect(page.locator("svg g.st-highlight line.wal")).toHaveCount(1);
  await page.getByRole("button", { name: "Close" }).click();
  const marked = page.locator(".rl-log__entry[aria-current='true']");
  await expect(marked).toHaveCount(1);
  await expect(marked).toBeInViewport();
});

test("Compare follows the run: while it plays, both sides are run again to its present", async ({ page }) => {
  await openScenario(page, SCENARIO, "1");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.getByRole("button", { name: /^Run both to t = / }).click();
  const until = page.locator(".compare-results p").first().locator("b").first();
  await expect(until).toHaveText(/^t = /, { timeout: 20_000 });
  const first = await until.textContent();
  await expect(until).not.toHaveText(first!, { timeout: 20_000 });
  const seconds = (t: string | null) => Number(/t = ([0-9.]+) s/.exec(t ?? "")?.[1]);
  expect(seconds(await until.textContent())).toBeGreaterThan(seconds(first));
  // switched off, it stays
  await page.getByLabel("Follow the run").uncheck();
  const held = await until.textContent();
  await page.waitForTimeout(3000);
  await expect(until).toHaveText(held!);
});

test("live, the arrows and bars are painted on a canvas under the SVG; paused and exported, they are in the SVG", async ({ page }) => {
  await openScenario(page, { ...SCENARIO, name: "live canvas", actions: [], workload: { writesPerSec: 200, readsPerSec: 50, sessions: 2, keys: 5 } }, "1");
  await page.getByRole("button", { name: "Space-time diagram" }).click();
  const figure = page.getByRole("figure", { name: "Space-time diagram" });
  await expect(figure).toBeVisible();
  // playing: the last frame went to the canvas, with messages in it, and the SVG's arrow paths are empty
  await expect.poll(() => page.evaluate(() => { const f = window.__spacetime!.lastFrame(); return f.canvas && f.messages > 0; }), { timeout: 15_000 }).toBe(true);
  await expect(page.locator(".spacetime-canvas")).toBeVisible();
  const svgArrows = () => page.locator("#spacetime-svg g.st-arrows path.line").evaluateAll((ps) => ps.map((p) => p.getAttribute("d") ?? "").join("").length);
  expect(await svgArrows()).toBe(0);
  // some pixel of the canvas's lanes is not the background: it painted (read from its bitmap: the
  // canvas hands its control to an OffscreenCanvas, so the element has no context to read)
  const painted = await page.evaluate(() => window.__spacetime!.canvasPainted());
  expect(painted).toBe(true);
  // an export while live draws the arrows into the SVG it saves
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "SVG", exact: true }).click()]);
  const text = readFileSync((await svgDownload.path())!, "utf8");
  expect(text).toMatch(/class="line"[^>]* d="M\d/);
  // paused: all in the SVG, the canvas hidden
  await page.getByRole("button", { name: "Pause" }).click();
  await expect.poll(() => page.evaluate(() => window.__spacetime!.lastFrame().canvas)).toBe(false);
  await expect.poll(svgArrows).toBeGreaterThan(0);
  await expect(page.locator(".spacetime-canvas")).toBeHidden();
});

test("linked both ways: an event-log line selected by keyboard is marked in the diagram and on the Timeline; Go to selected moves the Timeline there", async ({ page }) => {
  await openScenario(page, SCENARIO, "1");
  await expect(page.getByRole("button", { name: /^Select the event at / }).first()).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()!.nowUs), { timeout: 15_000 }).toBeGreaterThan(600_000);
  await page.getByRole("button", { name: "Pause" }).click();
  // the oldest line shown (the log lists newest first), chosen with the keyboard
  const pick = page.getByRole("button", { name: /^Select the event at / }).last();
  await pick.focus();
  await page.keyboard.press("Enter");
  await expect(pick).toHaveAttribute("aria-pressed", "true");
  const sel = await page.evaluate(() => window.__spacetime!.selected());
  expect(sel).toMatchObject({ source: "log", op: null });
  expect(sel!.logSeq).not.toBeNull();
  await expect(page.locator(".rl-log__entry[aria-current='true']")).toHaveCount(1);
  // the Timeline marks its moment, and offers to go there
  const mark = page.locator(".timeline-mark");
  await expect(mark).toHaveCount(1);
  const go = page.getByRole("button", { name: /^Go to selected \(t = / });
  await expect(go).toBeVisible();
  // the diagram shows the same moment: a cursor line inside its window
  await page.getByRole("button", { name: "Space-time diagram" }).click();
  // (drawn only when the moment is inside the window: opening the diagram moved the window there)
  await expect(page.locator("#spacetime-svg g.st-highlight line.cursor")).toHaveCount(1);
  await page.getByRole("button", { name: "Close" }).click();
  // Go to selected: the Timeline's thumb goes to the mark (the run shows that moment, in the past)
  const events = Number(await mark.getAttribute("data-events"));
  await go.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => window.__lab!.state().travel?.at.events ?? -1), { timeout: 15_000 }).toBe(events);
  await expect(page.getByRole("slider", { name: "Timeline" })).toHaveValue(String(events));
  expect(await page.evaluate(() => window.__lab!.state().travel!.past)).toBe(true);
});

test("a finding chosen in the diagram is marked on the Timeline too", async ({ page }) => {
  await openDiagram(page);
  await expect(page.locator(".timeline-mark")).toHaveCount(0);
  await page.getByRole("button", { name: /^Lost write/ }).click();
  await expect(page.locator(".timeline-mark")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Go to selected (t = 0.500 s)" })).toBeVisible();
});
