/*
 * Accessibility: axe finds no serious or critical violations, in the light and the dark theme,
 * with the Advanced settings open so their controls are checked too.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { keep, openLab } from "./helpers";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

test("axe: no serious violations in the light and dark themes", async ({ page }) => {
  await openLab(page, "1");
  await page.getByRole("button", { name: "Advanced" }).click();
  await page.getByRole("button", { name: "Write", exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot()!.totals.writesAcknowledged)).toBe(1);
  // A still page: axe is quicker and its findings do not depend on an animation frame.
  await page.getByRole("button", { name: "Pause" }).click();

  await page.evaluate(() => { document.documentElement.dataset.theme = "light"; });
  const darkButton = page.getByRole("button", { name: "Dark theme" });
  if ((await darkButton.getAttribute("aria-pressed")) === "true") await darkButton.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await seriousViolations(page)).toEqual([]);
  await keep(page, "a11y-light");

  await darkButton.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await seriousViolations(page)).toEqual([]);
  await keep(page, "a11y-dark");

  await page.getByRole("button", { name: "Large text" }).click();
  await expect(page.locator("html")).toHaveClass(/large-text/);
  expect(await seriousViolations(page)).toEqual([]);
  await keep(page, "a11y-dark-large-text");
});
