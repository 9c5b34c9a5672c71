/*
 * Lessons as a student takes them: the welcome on a first visit, the catalogue, lessons completed
 * by real clicks on the page's own controls and one by keyboard only, Back rewinding the run,
 * progress kept across a reload, presenter mode, axe on the welcome, the catalogue and a lesson in
 * presenter mode. The student is driven by the lesson file itself (what each step asks), so every
 * step of these lessons is exercised; a screenshot per step goes to e2e/artifacts/lessons/.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import type { Lesson, Step } from "../src/lessons/schema";

const fresh = { cookies: [], origins: [] };

// A lesson is a few dozen steps in real time on a shared, loaded machine.
test.describe.configure({ timeout: 120_000 });

function lesson(name: string): Lesson {
  return JSON.parse(readFileSync(new URL(`../src/lessons/catalog/${name}.json`, import.meta.url), "utf8")) as Lesson;
}

async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

const panel = (page: Page) => page.locator(".lesson-panel");
const nextButton = (page: Page) => panel(page).getByRole("button", { name: /^(Next|Finish)$/ });

/** The control a step names, as the page shows it ("Link primary – s1 › Cut"). */
function control(page: Page, label: string): Locator {
  const parts = label.split(" › ");
  let scope: Page | Locator = page;
  for (const group of parts.slice(0, -1)) scope = scope.getByRole(group === "Commit mode" ? "radiogroup" : "group", { name: group });
  const name = parts[parts.length - 1]!;
  return name === "sync" || name === "async" || name === "semi-sync"
    ? scope.getByRole("radio", { name, exact: true })
    : scope.getByRole("button", { name, exact: true });
}

type Input = "mouse" | "keyboard";

async function press(target: Locator, how: Input): Promise<void> {
  if (how === "mouse") return target.click();
  await target.focus();
  await target.press((await target.getAttribute("type")) === "radio" ? "Space" : "Enter");
}

/** Do what a "do" step asks, on the page's own controls. */
async function doStep(page: Page, step: Extract<Step, { kind: "do" }>, how: Input): Promise<void> {
  const a = step.action as Record<string, unknown>;
  if (step.control === "synchronous_commit") {
    await openAdvanced(page);
    const level = (a.postgres as { synchronous_commit: string }).synchronous_commit;
    await page.getByLabel("synchronous_commit").selectOption(level);
    return;
  }
  if (step.control === "Apply synchronous_standby_names") {
    await openAdvanced(page);
    await page.getByLabel("synchronous_standby_names").fill((a.postgres as { synchronous_standby_names: string }).synchronous_standby_names);
    return press(page.getByRole("button", { name: step.control }), how);
  }
  if (step.control === "Read" && typeof a.node === "string") {
    await page.getByLabel("Read from").selectOption(a.node);
  }
  await press(control(page, step.control), how);
}

async function openAdvanced(page: Page): Promise<void> {
  const advanced = page.getByRole("button", { name: "Advanced" });
  if ((await advanced.getAttribute("aria-expanded")) !== "true") await advanced.click();
}

/** Take a lesson from its first step to its summary, as a student, checking Next waits when it should. */
async function takeLesson(page: Page, l: Lesson, how: Input): Promise<void> {
  for (let i = 0; i < l.steps.length; i++) {
    const step = l.steps[i]!;
    await expect(panel(page).getByText(`Step ${i + 1} of ${l.steps.length}`)).toBeVisible({ timeout: 20_000 });
    if (step.kind === "do" || step.kind === "predict") await expect(nextButton(page)).toBeDisabled();
    if (step.kind === "do") await doStep(page, step, how);
    if (step.kind === "predict") await press(panel(page).getByRole("button", { name: step.choices[step.answer]!.text }), how);
    if (step.kind === "your-turn") {
      await press(panel(page).locator("summary", { hasText: "Hint" }), how);
      await press(panel(page).getByRole("button", { name: "Show me" }), how);
    }
    await expect(nextButton(page)).toBeEnabled({ timeout: 30_000 });
    if (step.kind === "predict") await expect(panel(page).getByText(/^(Right\.|Not quite\.)/)).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/lessons/${l.name}-${String(i + 1).padStart(2, "0")}.png` });
    if (how === "keyboard") {
      // Next takes the focus when a step is done: Enter goes on.
      await expect(nextButton(page)).toBeFocused();
      await page.keyboard.press("Enter");
    } else await nextButton(page).click();
  }
  await expect(panel(page).getByRole("table")).toBeVisible();
  // every mark in the summary was filled in by the run
  await expect(panel(page).getByRole("table")).not.toContainText(/\{[A-Za-z]\w*\}/);
  await page.screenshot({ path: `e2e/artifacts/lessons/${l.name}-summary.png` });
}

test.describe("a first visit", () => {
  test.use({ storageState: fresh });

  test("the welcome and the catalogue pass axe", async ({ page }) => {
    await page.goto("/");
    const welcome = page.getByRole("dialog", { name: "Welcome to Replication Lab" });
    await expect(welcome).toBeVisible();
    expect(await serious(page)).toEqual([]);
    await welcome.getByRole("button", { name: /Lesson catalogue/ }).click();
    await expect(page.getByRole("dialog", { name: "Lessons" }).getByRole("listitem")).toHaveCount(16);
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: "e2e/artifacts/lessons/catalogue.png" });
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

for (const name of ["async-stale-read", "split-brain"]) {
  test(`a lesson completed by clicks: ${name}`, async ({ page }) => {
    await page.goto(`/?lesson=${name}&step=1`);
    await takeLesson(page, lesson(name), "mouse");
  });
}

test("a lesson completed by keyboard only: sync latency", async ({ page }) => {
  await page.goto("/?lesson=sync-latency&step=1");
  await takeLesson(page, lesson("sync-latency"), "keyboard");
});

test("Back rewinds the run to the step's moment", async ({ page }) => {
  const l = lesson("wal-by-offset");
  const cut = l.steps.findIndex((s) => s.kind === "do" && s.control.endsWith("Cut"));
  // play to the cut with the page's own link to a step, then cut by hand
  await page.goto(`/?lesson=wal-by-offset&step=${cut + 1}`);
  await expect(panel(page).getByText(`Step ${cut + 1} of`)).toBeVisible({ timeout: 20_000 });
  await control(page, "Link primary – s1 › Cut").click();
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()?.links.some((k) => k.cutAB) ?? false)).toBe(true);
  await panel(page).getByRole("button", { name: "Back" }).click();
  await expect(panel(page).getByText(`Step ${cut} of`)).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()?.links.some((k) => k.cutAB) ?? true)).toBe(false);
  // the write made in the earlier steps is still there: the run was rebuilt to that moment, not restarted
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()?.totals.writesAcknowledged ?? 0)).toBe(1);
  // and the lesson goes on from there
  await expect(panel(page).getByRole("button", { name: "Next" })).toBeEnabled();
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
