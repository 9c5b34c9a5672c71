/*
 * Time travel in the page (issue 18): Step back, the Timeline slider by keyboard, Back to live,
 * branches (fork, switch, rename, fork of a fork), the link to a moment (page → link → new page:
 * the same virtual time and the same numbers), hostile links each with its message, a link pasted
 * into an open tab, the lag chart after a seek, and the pause while the tab is hidden.
 */
import { expect, test, type Page } from "@playwright/test";
import { encodeLink } from "../src/timeline/link";
import { newTree } from "../src/timeline/branches";
import { pollSnapshot, snapshot } from "./helpers";

const scenario = {
  name: "time travel", seed: 11, durationMs: 86_400_000,
  cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 30 }] },
  workload: { writesPerSec: 200, readsPerSec: 50 },
};

const travel = (page: Page) => page.evaluate(() => window.__lab!.timeline().travel);
const tree = (page: Page) => page.evaluate(() => window.__lab!.timeline().tree);

/** Open the scenario, let it run to at least `ms` of virtual time at 10×, then pause. */
async function runThenPause(page: Page, ms = 800): Promise<void> {
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify(scenario))}`);
  await expect.poll(() => page.evaluate(() => window.__lab?.state().scenario?.name ?? null), { timeout: 15_000 }).toBe(scenario.name);
  await page.getByLabel("Speed").selectOption("10");
  await pollSnapshot(page, (s) => s.nowUs >= ms * 1000).toBe(true);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect.poll(() => page.evaluate(() => window.__lab!.state().paused)).toBe(true);
  // The page is paused at once, but the worker may send a frame or two it ran before the pause
  // reached it: wait until the run's end stops moving, so a test's arithmetic starts from it.
  let lastEnd = -1;
  await expect.poll(async () => {
    const end = (await travel(page))?.end.events ?? -2;
    const still = end === lastEnd;
    lastEnd = end;
    return still;
  }, { intervals: [300] }).toBe(true);
}

/** The address after the page wrote the moment on screen into it. */
async function addressOfScreen(page: Page): Promise<string> {
  const at = await travel(page);
  // The address is rewritten at most once a second; it holds the moment once it decodes to it.
  await expect.poll(async () => {
    const href = await page.evaluate(() => location.href);
    if (!href.includes("#moment=1.")) return null;
    const { decodeLink } = await import("../src/timeline/link");
    const d = await decodeLink(href);
    return d.ok ? d.link.moment.events : null;
  }, { timeout: 5000 }).toBe(at!.at.events);
  return page.evaluate(() => location.href);
}

/** What a person reads: the clock and the totals bar. */
async function numbersOnScreen(page: Page): Promise<{ clock: string; totals: string }> {
  return {
    clock: (await page.getByLabel("Virtual time").textContent()) ?? "",
    totals: (await page.locator(".area-totals").innerText()).replace(/\s+/g, " "),
  };
}

test("Step back shows the moment one event earlier, says so plainly, and Back to live leaves the past", async ({ page }) => {
  await runThenPause(page);
  const live = await travel(page);
  await page.getByRole("button", { name: "Step back" }).click();
  await expect.poll(async () => (await travel(page))?.at.events).toBe(live!.at.events - 1);
  const notice = page.getByTestId("past-notice");
  await expect(notice).toContainText("Viewing the past at");
  await expect(notice).toContainText("the run is paused; a command here starts a new branch");
  await page.getByRole("button", { name: "Step back" }).click();
  await expect.poll(async () => (await travel(page))?.at.events).toBe(live!.at.events - 2);
  expect((await snapshot(page)).eventsProcessed).toBe(live!.at.events - 2);
  // The lag chart is rebuilt for the moment sought: no sample after it.
  const lag = await page.evaluate(() => window.__lab!.state().lagHistory.map((s) => s.atUs));
  const now = (await snapshot(page)).nowUs;
  expect(lag.length).toBeGreaterThan(1);
  expect(Math.max(...lag)).toBe(now);
  await notice.getByRole("button", { name: "Back to live" }).click();
  await expect(notice).toHaveCount(0);
  expect((await travel(page))?.at.events).toBe(live!.at.events);
});

test("the Timeline slider by keyboard: arrows one event, Shift+arrows a frame, PageUp/PageDown, Home and End", async ({ page }) => {
  await runThenPause(page);
  const t0 = (await travel(page))!;
  const end = t0.end.events;
  // A page is a twentieth of the run, or a frame's worth at the speed in force (10×) when that is
  // more: early in a run (under about 3.3 s of virtual time) a frame is the larger.
  const frame = Math.max(1, Math.round((end / t0.end.atUs) * 1e6 * 10 / 60));
  const pageStep = Math.max(frame, Math.round((end - t0.earliest.events) / 20));
  const slider = page.getByRole("slider", { name: "Timeline" });
  await slider.focus();
  await page.keyboard.press("ArrowLeft");
  await expect.poll(async () => (await travel(page))?.at.events).toBe(end - 1);
  await expect(slider).toHaveAttribute("aria-valuetext", new RegExp(`^t = \\d+\\.\\d{3} s, event ${(end - 1).toLocaleString("en")} of ${end.toLocaleString("en")}$`));
  await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(async () => (await travel(page))!.at.events).toBeLessThan(end - 2);
  const afterFrame = (await travel(page))!.at.events;
  await page.keyboard.press("PageDown");
  await expect.poll(async () => (await travel(page))!.at.events).toBe(afterFrame - pageStep);
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await travel(page))!.at.events).toBe(afterFrame - pageStep + 1);
  await page.keyboard.press("Home");
  await expect.poll(async () => (await travel(page))!.at.events).toBe(0);
  await expect(slider).toHaveAttribute("aria-valuetext", /^t = 0\.000 s, event 0 of/);
  await page.keyboard.press("PageUp");
  await expect.poll(async () => (await travel(page))!.at.events).toBe(pageStep);
  await page.keyboard.press("End");
  await expect.poll(async () => (await travel(page))!.past).toBe(false);
  await expect(slider).toHaveAttribute("aria-valuetext", /\(live\)$/);
});

test("branches: a command in the past forks, the old future is kept, switch, rename, and a fork of a fork", async ({ page }) => {
  await runThenPause(page);
  const mainEnd = (await travel(page))!.end;
  const slider = page.getByRole("slider", { name: "Timeline" });
  await slider.focus();
  await page.keyboard.press("PageDown");
  await expect.poll(async () => (await travel(page))!.past).toBe(true);
  const forkAt = (await travel(page))!.at;
  await page.getByRole("button", { name: "Write", exact: true }).click();
  const panel = page.getByRole("region", { name: "Branches" });
  // The bar names the new branch; the panel opens with its button.
  await expect(page.getByRole("group", { name: "Timeline", exact: true })).toContainText("on branch 2");
  await page.getByRole("button", { name: "Branches (2)" }).click();
  await expect(panel).toContainText(`Forked from main at t = ${(forkAt.atUs / 1e6).toFixed(3)} s (event ${forkAt.events.toLocaleString("en")})`);
  await expect(panel).toContainText("Done differently: write");
  let t = await tree(page);
  expect(t!.branches.find((b) => b.id === 0)!.end).toEqual(mainEnd);

  // Switch back: main's live end, its future as it was.
  await panel.getByRole("button", { name: "Switch to branch main" }).click();
  await expect.poll(async () => (await travel(page))?.branch).toBe(0);
  expect((await travel(page))!.at.events).toBe(mainEnd.events);
  expect((await snapshot(page)).eventsProcessed).toBe(mainEnd.events);

  // Rename: user text, cleaned, shown as text.
  await panel.getByRole("button", { name: "Rename branch branch 2" }).click();
  await panel.getByRole("textbox", { name: "New name for branch branch 2" }).fill("what if <b>x</b>");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel.getByText("what if <b>x</b>", { exact: true })).toBeVisible();

  // A fork of a fork: on the renamed branch, step back and crash a node.
  await panel.getByRole("button", { name: "Switch to branch what if <b>x</b>" }).click();
  await expect.poll(async () => (await travel(page))?.branch).toBe(1);
  await page.getByRole("button", { name: "Play" }).click();
  await pollSnapshot(page, (s) => s.nowUs > forkAt.atUs + 200_000).toBe(true);
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Step back" }).click();
  await expect.poll(async () => (await travel(page))!.past).toBe(true);
  await page.getByRole("button", { name: "Crash s2", exact: true }).click();
  await expect(page.getByRole("button", { name: "Branches (3)" })).toBeVisible();
  t = await tree(page);
  const third = t!.branches.find((b) => b.id === 2)!;
  expect(third.parent).toBe(1);
  await expect(panel).toContainText("Forked from what if <b>x</b>");
  await expect(panel).toContainText("crash s2");
});

test("a link to a moment opens the same moment in a new page: the same virtual time and the same numbers", async ({ page, context }) => {
  await runThenPause(page);
  await page.getByRole("button", { name: "Write", exact: true }).click();
  await pollSnapshot(page, (s) => s.totals.writesAttempted).toBeGreaterThan(0);
  const live = (await travel(page))!.at.events;
  await page.getByRole("button", { name: "Step back" }).click();
  await expect.poll(async () => (await travel(page))!.at.events).toBe(live - 1);
  await page.getByRole("button", { name: "Step back" }).click();
  await expect.poll(async () => (await travel(page))!.at.events).toBe(live - 2);
  const address = await addressOfScreen(page);
  const before = await snapshot(page);
  const screen = await numbersOnScreen(page);

  // Copy link says so (the clipboard may be refused here: either way it says what happened).
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Link copied|clipboard is not available/ })).toBeVisible();

  const other = await context.newPage();
  await other.goto(address);
  await expect(other.getByTestId("link-notice")).toContainText("Opened a link: scenario “time travel”");
  await expect.poll(() => other.evaluate(() => window.__lab?.snapshot()?.eventsProcessed ?? null), { timeout: 15_000 }).toBe(before.eventsProcessed);
  const after = await snapshot(other);
  expect(after.nowUs).toBe(before.nowUs);
  expect(after.totals).toEqual(before.totals);
  expect(after.nodes).toEqual(before.nodes);
  expect(after.replication).toEqual(before.replication);
  // The lag chart: this page played none of the moments before the one the link opened at; the
  // worker replays them, so the chart is drawn, and ends on the same values as the first page's.
  const chart = (p: Page) => p.getByRole("img", { name: /^Replay lag per replica over the last/ });
  await expect(chart(other)).toBeVisible({ timeout: 10_000 });
  await expect(other.getByTestId("lag-empty")).toHaveCount(0);
  const highest = async (p: Page) => (await chart(p).getAttribute("aria-label"))!.replace(/^[^:]*: /, "");
  expect(await highest(other)).toBe(await highest(page));
  await other.getByRole("region", { name: "Replay lag" }).screenshot({ path: "e2e/artifacts/timetravel-link-lag.png" });
  await expect(other.getByTestId("past-notice")).toContainText(`Viewing the past at ${(before.nowUs / 1e6).toFixed(3)} s`);
  await expect.poll(() => numbersOnScreen(other)).toEqual(screen);
});

test("a link pasted into an open tab asks before it replaces the run", async ({ page }) => {
  await runThenPause(page, 300);
  const mine = await addressOfScreen(page);
  const link = await encodeLink({ scenario: { ...scenario, name: "pasted" }, tree: newTree(), moment: { events: 0, atUs: 0, commands: 0 } });
  if (!link.ok) throw new Error(link.message);
  await page.evaluate((f) => { location.hash = f; }, link.link);
  const question = page.getByRole("alertdialog", { name: "Open the link in the address?" });
  await expect(question).toContainText("scenario “pasted”");
  await question.getByRole("button", { name: "Keep my run" }).click();
  await expect(question).toHaveCount(0);
  expect(await page.evaluate(() => location.href)).toBe(mine);
  expect(await page.evaluate(() => window.__lab!.state().scenario!.name)).toBe("time travel");

  await page.evaluate((f) => { location.hash = f; }, link.link);
  await question.getByRole("button", { name: "Open the link" }).click();
  await expect.poll(() => page.evaluate(() => window.__lab!.state().scenario?.name ?? null)).toBe("pasted");
});

test.describe("hostile links: each gets its message, nothing runs from it, the tab stays alive", () => {
  const open = async (page: Page, fragment: string) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(`/#${fragment}`);
    return dialogs;
  };

  test("truncated", async ({ page }) => {
    const link = await encodeLink({ scenario, tree: newTree(), moment: { events: 0, atUs: 0, commands: 0 } });
    if (!link.ok) throw new Error(link.message);
    await open(page, link.link.slice(0, Math.floor(link.link.length * 0.6)));
    await expect(page.getByRole("alert").filter({ hasText: "The link could not be opened" })).toContainText(/damaged|cut short/);
    await expect(page.getByRole("alert")).toContainText("The built-in scenario runs instead.");
    await pollSnapshot(page, (s) => s.nodes.map((n) => n.name).join(",")).toBe("db1,s1,s2");
  });

  test("huge", async ({ page }) => {
    await open(page, `moment=1.${"A".repeat(400_000)}`);
    await expect(page.getByRole("alert").filter({ hasText: "The link could not be opened" })).toContainText("it is 400,002 characters long; a link holds at most 300,000. Nothing from it was restored.");
    await pollSnapshot(page, (s) => s.nodes.length).toBe(3);
  });

  test("wrong version", async ({ page }) => {
    await open(page, "moment=7.AAAA");
    await expect(page.getByRole("alert").filter({ hasText: "The link could not be opened" })).toContainText("link format 7, and this page reads format 1 (it was made by a newer Replication Lab)");
  });

  test("script and control characters in branch names are shown as text, cleaned", async ({ page }) => {
    const base = newTree();
    const evil = "<img src=x onerror=alert(1)><script>alert(2)</script>\u202e\u0007";
    const link = await encodeLink({ scenario, tree: { ...base, branches: [{ ...base.branches[0]!, name: evil }] }, moment: { events: 0, atUs: 0, commands: 0 } });
    if (!link.ok) throw new Error(link.message);
    const dialogs = await open(page, link.link);
    await expect(page.getByTestId("link-notice")).toContainText("1 branch name held control characters or was too long; shown cleaned.");
    await page.getByRole("button", { name: /^Branches/ }).click();
    await expect(page.getByRole("region", { name: "Branches" }).getByText("<img src=x onerror=alert(1)><script>alert(2)</script>", { exact: true })).toBeVisible();
    expect(await page.locator("img[src=x], .branches script").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

test("the run pauses while the tab is hidden and plays on from where it was when shown", async ({ page }) => {
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify(scenario))}`);
  await pollSnapshot(page, (s) => s.nowUs > 0).toBe(true);
  await page.getByLabel("Speed").selectOption("10");
  const setHidden = (hidden: boolean) => page.evaluate((h) => {
    Object.defineProperty(document, "hidden", { value: h, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: h ? "hidden" : "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  await setHidden(true);
  await expect.poll(() => page.evaluate(() => window.__lab!.state().paused)).toBe(true);
  // Frames the worker ran before the pause reached it may still arrive (a loaded machine): wait
  // until the clock stops moving, then it must stay still.
  let last = -1;
  await expect.poll(async () => {
    const now = (await snapshot(page)).nowUs;
    const still = now === last;
    last = now;
    return still;
  }, { intervals: [300] }).toBe(true);
  const held = (await snapshot(page)).nowUs;
  await page.waitForTimeout(500);
  expect((await snapshot(page)).nowUs).toBe(held);
  const shownAt = await page.evaluate(() => performance.now());
  await setHidden(false);
  await expect.poll(() => page.evaluate(() => window.__lab!.state().paused)).toBe(false);
  // On from where it was: virtual time moved only for the wall time since the tab was shown (at
  // 10×), not for the half second it was hidden.
  await pollSnapshot(page, (s) => s.nowUs > held).toBe(true);
  const { nowUs, receivedAt } = await page.evaluate(() => ({ nowUs: window.__lab!.snapshot()!.nowUs, receivedAt: window.__lab!.state().snapshotReceivedAt }));
  expect(nowUs - held).toBeLessThanOrEqual((receivedAt - shownAt) * 10 * 1000 + 50_000);

  // Paused by the person before the tab was hidden: it stays paused.
  await page.getByRole("button", { name: "Pause" }).click();
  await setHidden(true);
  await setHidden(false);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__lab!.state().paused)).toBe(true);
});
