/*
 * Lessons as a student takes them: the welcome on a first visit, the catalogue, lessons completed
 * by real clicks on the page's own controls (the other fifteen: lessons-*.spec.ts), Back going to a
 * step's moment by time travel, progress kept across a reload, presenter mode, axe on the welcome,
 * the catalogue and a lesson in presenter mode. The student is driven by the lesson file itself (what each step asks), so every
 * step of these lessons is exercised; a screenshot per step goes to e2e/artifacts/lessons/.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readdirSync } from "node:fs";
import { control, lesson, panel, takeLesson } from "./lessonPlayer";

// The catalogue lists every lesson file: counted from the files, so a new lesson needs no edit here.
const lessonFiles = readdirSync("src/lessons/catalog").filter((name) => name.endsWith(".json")).length;
// The gallery shows every example file (the sweeps, in their own folder, are not stories).
const exampleFiles = readdirSync("examples").filter((name) => name.endsWith(".json")).length;

const fresh = { cookies: [], origins: [] };

// A lesson is a few dozen steps in real time on a shared, loaded machine.
test.describe.configure({ timeout: 120_000 });

async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("a first visit", () => {
  test.use({ storageState: fresh });

  test("the welcome and the catalogue pass axe", async ({ page }) => {
    await page.goto("/");
    const welcome = page.getByRole("dialog", { name: "Welcome to Replication Lab" });
    await expect(welcome).toBeVisible();
    expect(await serious(page)).toEqual([]);
    await welcome.getByRole("button", { name: /Lesson catalogue/ }).click();
    await expect(page.getByRole("dialog", { name: "Lessons" }).getByRole("listitem")).toHaveCount(lessonFiles);
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/lessons/catalogue.png" });
  });

  test("the examples gallery: every story, settings shown as code (no backticks, no Markdown); an opened story runs with what to look for beside it", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("dialog", { name: "Welcome to Replication Lab" }).getByRole("button", { name: /Open an example/ }).click();
    const gallery = page.getByRole("dialog", { name: "Examples" });
    await expect(gallery.getByRole("listitem")).toHaveCount(exampleFiles);
    await expect(gallery.locator("code").first()).toBeVisible();
    const text = await gallery.innerText();
    expect(text).not.toContain("`");
    expect(text).not.toMatch(/\]\(/);
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/lessons/gallery.png" });
    await gallery.getByRole("button", { name: "Open: two primaries, one row: divergence" }).click();
    await expect(gallery).toHaveCount(0);
    const note = page.getByRole("region", { name: "two primaries, one row: divergence" });
    await expect(note).toContainText("What to look for (multi-primary-divergence.json");
    await expect(note.locator("code").first()).toBeVisible();
    expect(await note.innerText()).not.toMatch(/`|\]\(/);
    await expect.poll(() => page.evaluate(() => window.__lab?.snapshot()?.nowUs ?? 0)).toBeGreaterThan(0);
  });

  test("the first lesson, started from the welcome and completed by clicks; progress survives a reload", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("dialog", { name: "Welcome to Replication Lab" }).getByRole("button", { name: /Lesson catalogue/ }).click();
    const catalogue = page.getByRole("dialog", { name: "Lessons" });
    await catalogue.getByRole("button", { name: /^Start: A write's path/ }).click();
    await takeLesson(page, lesson("wal-by-offset"), "mouse");

    // Progress survives a reload: the lesson is done, the welcome is not shown again.
    await page.reload();
    await expect(page.getByRole("dialog", { name: "Welcome to Replication Lab" })).toHaveCount(0);
    await page.getByRole("button", { name: "Lessons", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Lessons" }).getByLabel("done")).toHaveCount(1);
  });
});

/** The numbers on screen that a moment fixes: virtual time, events, commits, both nodes' WAL positions. */
function numbers(page: Page) {
  return page.evaluate(() => {
    const lab = window.__lab!.state();
    const s = lab.snapshot!;
    return { nowUs: s.nowUs, events: lab.events, acked: s.totals.writesAcknowledged,
      lsn: s.nodes.map((n) => `${n.name} ${n.lsn.insert}/${n.lsn.write}/${n.lsn.flush}/${n.lsn.replay}`).join(", ") };
  });
}

test("Back goes to the step's moment by time travel; Back then Next gives the same numbers; the lesson goes on from there", async ({ page }) => {
  const l = lesson("wal-by-offset");
  const cut = l.steps.findIndex((s) => s.kind === "do" && s.control.endsWith("Cut"));
  // play to the step before the cut with the page's own link to a step (the lesson's own actions, quickly)
  await page.goto(`/?lesson=wal-by-offset&step=${cut}`);
  await expect(panel(page).getByText(`Step ${cut} of`)).toBeVisible({ timeout: 20_000 });
  // a narration: the run is held; these are the numbers the student reads there
  await expect.poll(() => page.evaluate(() => window.__lab!.state().paused)).toBe(true);
  const there = await numbers(page);
  expect(there.acked).toBe(1);
  await panel(page).getByRole("button", { name: "Next" }).click();
  await expect(panel(page).getByText(`Step ${cut + 1} of`)).toBeVisible();
  await control(page, "Link primary – s1 › Cut").click();
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()?.links.some((k) => k.cutAB) ?? false)).toBe(true);

  await panel(page).getByRole("button", { name: "Back" }).click();
  await expect(panel(page).getByText(`Step ${cut} of`)).toBeVisible({ timeout: 20_000 });
  // the worker's time travel shows the step's moment (the view is in the past: the cut is in its
  // future); the run was not restarted: the same moment, the same numbers, the link whole again
  await expect.poll(() => page.evaluate(() => window.__lab!.state().travel?.past)).toBe(true);
  expect(await numbers(page)).toEqual(there);
  expect(await page.evaluate(() => window.__lab!.snapshot()!.links.some((k) => k.cutAB))).toBe(false);

  // Next: the cut step again, from the same moment with the same numbers
  await panel(page).getByRole("button", { name: "Next" }).click();
  await expect(panel(page).getByText(`Step ${cut + 1} of`)).toBeVisible();
  await expect(panel(page).getByRole("button", { name: "Next" })).toBeDisabled();
  expect(await numbers(page)).toEqual(there);

  // the lesson goes on from there: the cut, given in the past, plays on on a new branch
  await control(page, "Link primary – s1 › Cut").click();
  await expect(panel(page).getByRole("button", { name: "Next" })).toBeEnabled();
  await expect.poll(() => page.evaluate(() => window.__lab!.state().travel?.past)).toBe(false);
  expect(await page.evaluate(() => window.__lab!.snapshot()!.links.some((k) => k.cutAB))).toBe(true);
  await panel(page).getByRole("button", { name: "Next" }).click();
  await panel(page).locator("summary", { hasText: "Hint" }).click();
  await panel(page).getByRole("button", { name: "Show me" }).click();
  await expect(panel(page).getByRole("button", { name: "Next" })).toBeEnabled({ timeout: 20_000 });
  expect((await numbers(page)).acked).toBeGreaterThanOrEqual(4);
});

test("presenter mode at 1280x720: large text, shortcuts, axe", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/?lesson=sync-latency&step=3");
  await expect(panel(page).getByText("Step 3 of")).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Presenter" }).click();
  await expect(page.locator("html")).toHaveClass(/presenter/);
  const sizes = await page.evaluate(() => [".lesson-step p", ".topbar button", ".lesson-panel button"].map((sel) =>
    parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize)));
  for (const px of sizes) expect(px).toBeGreaterThanOrEqual(18);
  await page.locator("body").click({ position: { x: 5, y: 700 } });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: /Keyboard shortcuts/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.locator("h1").click();
  const before = await page.evaluate(() => window.__lab!.state().commands.length);
  await page.keyboard.press("w");
  // the lesson holds the run at this step; W's write is applied all the same
  await expect.poll(() => page.evaluate(() => window.__lab!.state().commands.at(-1)?.cmd.op)).toBe("write");
  expect(await page.evaluate(() => window.__lab!.state().commands.length)).toBe(before + 1);
  expect(await serious(page)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/lessons/presenter-1280x720.png" });
});
