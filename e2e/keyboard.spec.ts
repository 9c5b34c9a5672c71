/*
 * Keyboard only: Tab to a control, operate it with Enter / Space / arrows, see the result.
 * No mouse event is used in this file.
 */
import { expect, test, type Page } from "@playwright/test";
import { keep, openLab, pollSnapshot } from "./helpers";

/** Press Tab until the focused element has this accessible name (its text or aria-label). */
async function tabTo(page: Page, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const labelled = el.getAttribute("aria-label");
      if (labelled) return labelled;
      if (el instanceof HTMLInputElement && el.labels?.[0]) return el.labels[0].textContent ?? "";
      return el.textContent ?? "";
    });
    if (focused.trim() === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test("keyboard only: write, switch the commit mode, move a slider", async ({ page }) => {
  await openLab(page);
  await page.locator("body").focus();

  await tabTo(page, "Write");
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  await expect(page.getByTestId("last-write")).not.toContainText("none yet");
  await expect(page.getByRole("button", { name: "Write", exact: true })).toBeFocused();

  // Radio group: Tab lands on the checked radio, arrows move the choice (PostgreSQL's modes: async, sync).
  await tabTo(page, "async");
  await page.keyboard.press("ArrowRight");
  await pollSnapshot(page, (s) => s.commit.preset).toBe("sync");

  await tabTo(page, "Network delay s1 (ms)");
  const before = (await page.evaluate(() => window.__lab!.snapshot()!.nodes.find((n) => n.name === "s1")!.config.networkDelayMs));
  await page.keyboard.press("ArrowRight");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s1")!.config.networkDelayMs).toBe(before + 1);

  // A node button, with Space this time.
  await tabTo(page, "Crash s2");
  await page.keyboard.press("Space");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")!.state).toBe("down");
  // Unavailable now, but focus stays where the user is.
  const crash = page.getByRole("button", { name: "Crash s2", exact: true });
  await expect(crash).toBeFocused();
  await expect(crash).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Restart s2", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")!.state).toBe("up");
  await keep(page, "keyboard-only");
});
