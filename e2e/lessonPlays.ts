/*
 * The catalogue's lessons split into groups, one spec file each (e2e/lessons-*.spec.ts) so that
 * Playwright runs them side by side. Every lesson is completed once: by mouse at 1440x900, or by
 * keyboard only in presenter mode at 1280x720 (a projector), a screenshot per step either way.
 */
import { expect, test } from "@playwright/test";
import { lesson, openLesson, presenterMode, shoot, takeLesson, type Input } from "./lessonPlayer";

export function playLessons(plays: readonly (readonly [name: string, how: Input])[]): void {
  // A lesson is a few dozen steps in real time on a shared, loaded machine (keyboard only: many
  // Tab presses a step; at load 17 on 2 cores three keyboard plays passed 120 s).
  test.describe.configure({ timeout: 240_000 });
  for (const [name, how] of plays) {
    test(`${name}: completed ${how === "mouse" ? "by clicks at 1440x900" : "by keyboard only (Tab, Enter, arrows: no focus() by script), presenter mode at 1280x720"}`, async ({ page }) => {
      await page.setViewportSize(how === "mouse" ? { width: 1440, height: 900 } : { width: 1280, height: 720 });
      await openLesson(page, name);
      if (how === "keyboard") await presenterMode(page, how);
      await takeLesson(page, lesson(name), how);
      if (how === "mouse") {
        // The summary on a projector too (1280x720, presenter mode): its table must keep words whole.
        await page.setViewportSize({ width: 1280, height: 720 });
        await presenterMode(page, how);
        await shoot(page, name, "summary-presenter");
      }
      // The page is a dashboard: its panels scroll, the window never does (nothing pokes out below it).
      expect(await page.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
    });
  }
}
