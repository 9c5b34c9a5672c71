/*
 * A run stops once it holds the page's limit of writes (?historyLimit= lowers it here, so that a
 * test reaches it in a moment): a scenario that plans more says so at the start; at the limit the
 * run is paused for good, a notice says why, Play and Step are off, and Reset starts again. A limit the address gets wrong is listed, and the page's own limit holds.
 */
import { expect, test } from "@playwright/test";
import { keep, pollSnapshot, snapshot } from "./helpers";

const busy = {
  name: "busy from the address", seed: 3, durationMs: 86_400_000,
  cluster: { replicas: [{ name: "a" }, { name: "b" }] },
  workload: { writesPerSec: 2000, readsPerSec: 0 },
};

test("a run holding its limit of writes stops, says why, and Reset starts again", async ({ page }) => {
  await page.goto(`/?historyLimit=300&scenario=${encodeURIComponent(JSON.stringify(busy))}`);
  await page.getByLabel("Speed").selectOption("1");
  // Said from the start: 2,000 writes/s for a day is far more than the run may hold.
  await expect(page.getByText("the scenario plans about 172,800,000 writes; the simulator keeps every write, and " +
    "a run in this page stops once it holds 300 of them")).toBeVisible();
  const notice = page.getByRole("alert").filter({ hasText: "The run is stopped" });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toContainText("This page lets a run hold 300 of them");
  await expect(page.getByRole("status").filter({ hasText: "stopped: history full" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Play" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeDisabled();

  // Paused for good: virtual time stands still, and the run holds the limit plus at most a tick's writes.
  const held = await snapshot(page);
  expect(held.totals.writesAttempted).toBeGreaterThanOrEqual(300);
  expect(held.totals.writesAttempted).toBeLessThan(400);
  await page.waitForTimeout(500);
  expect((await snapshot(page)).nowUs).toBe(held.nowUs);
  const state = await page.evaluate(() => window.__lab!.state());
  expect(state.paused).toBe(true);
  expect(state.historyFull).toEqual({ writes: held.totals.writesAttempted, limit: 300 });
  await keep(page, "history-limit");

  // Reset: a new run of the same scenario, which goes until it holds 300 writes again.
  await notice.getByRole("button", { name: "Reset" }).click();
  await pollSnapshot(page, (s) => s.totals.writesAttempted < 300).toBe(true);
  await expect(notice).toBeHidden();
  await page.getByRole("button", { name: "Play" }).click();
  await expect(notice).toBeVisible({ timeout: 20_000 });
});

test("a ?historyLimit= that is not a number of writes is listed, and the page's own limit holds", async ({ page }) => {
  await page.goto(`/?historyLimit=lots`);
  // (The page may take a while to start on a loaded machine.)
  await expect(page.getByText('?historyLimit=: "lots" is not a whole number of writes from 1 to 8000000')).toBeVisible({ timeout: 20_000 });
  await pollSnapshot(page, (s) => s.nodes.length).toBe(3);
  // The run goes on, with no notice of a full history.
  await expect(page.getByRole("alert").filter({ hasText: "The run is stopped" })).toHaveCount(0);
});

test("?historyLimit= holds for a run opened from a link to a moment too", async ({ page, context }) => {
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify(busy))}`);
  await page.getByLabel("Speed").selectOption("1");
  await pollSnapshot(page, (s) => s.totals.writesAttempted >= 20).toBe(true);
  // The address holds a link to what is on screen (rewritten at most once a second).
  await expect.poll(() => page.evaluate(() => location.hash.startsWith("#moment=1.")), { timeout: 10_000 }).toBe(true);
  const fragment = await page.evaluate(() => location.hash);
  const other = await context.newPage();
  await other.goto(`/?historyLimit=300${fragment}`);
  await expect(other.getByTestId("link-notice")).toContainText("Opened a link");
  await pollSnapshot(other, (s) => s.nodes.length).toBe(3);
  // The moment may already hold more than 300 writes (the run is then stopped at once); else play to the limit.
  const play = other.getByRole("button", { name: "Play" });
  if (await other.evaluate(() => window.__lab!.state().paused) && await play.isEnabled()) await play.click();
  const notice = other.getByRole("alert").filter({ hasText: "The run is stopped" });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toContainText("This page lets a run hold 300 of them");
});
