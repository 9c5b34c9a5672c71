/*
 * The page's grid at common screen sizes, in both themes and with large text: the cluster view
 * keeps its own height and the WAL lanes panel starts below it (they once overlapped).
 */
import { expect, test } from "@playwright/test";

const SIZES = [{ width: 1280, height: 720 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }];

for (const size of SIZES) {
  test(`${size.width}×${size.height}: panels do not overlap, light and dark, normal and large text`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto("/");
    await expect.poll(() => page.evaluate(() => window.__lab?.snapshot() != null), { timeout: 15_000 }).toBe(true);
    for (const theme of ["light", "dark"]) {
      for (const large of [false, true]) {
        await page.evaluate(([t, l]) => {
          document.documentElement.dataset.theme = t as string;
          document.documentElement.classList.toggle("large-text", l as boolean);
        }, [theme, large]);
        const boxes = await page.evaluate(() => {
          const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
          return { cluster: box(".rl-cluster"), lanes: box(".rl-lanes"), area: box(".area-cluster") };
        });
        const where = `${theme}${large ? ", large text" : ""}`;
        expect(boxes.lanes.top, `WAL lanes start below the cluster view (${where})`).toBeGreaterThanOrEqual(boxes.cluster.bottom);
        expect(Math.round(boxes.area.bottom), `the cluster row holds the whole view (${where})`).toBeGreaterThanOrEqual(Math.round(boxes.cluster.bottom));
      }
    }
  });
}

test("presenter mode at 1280×720: every slider in the sidebar keeps a track wide enough to drag (60 px or more)", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/");
  await expect.poll(() => page.evaluate(() => window.__lab?.snapshot() != null), { timeout: 15_000 }).toBe(true);
  for (const presenter of [false, true]) {
    await page.evaluate((on) => document.documentElement.classList.toggle("presenter", on), presenter);
    const widths = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>(".sidebar input[type=range]")]
      .map((r) => ({ name: r.labels?.[0]?.textContent ?? r.id, width: r.getBoundingClientRect().width })));
    expect(widths.length).toBeGreaterThan(4);
    // A track of ~1rem (18 px) showed only its thumb in presenter mode: a dot beside "Network delay".
    for (const w of widths) expect(w.width, `${w.name}${presenter ? " (presenter)" : ""}`).toBeGreaterThanOrEqual(60);
  }
});
