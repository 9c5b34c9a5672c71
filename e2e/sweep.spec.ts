/*
 * Sweep in the page: the same file as `npm run sweep`, run on Web Workers with progress; its runs
 * equal single runs of the same settings and seed (computed here by the CLI's code); a bad file is
 * refused with a message that says where; Cancel keeps what was finished.
 */
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { openLab } from "./helpers";
import { sweepSchema } from "../src/sweep/schema";
import { sweepPoints } from "../src/sweep/grid";
import { runPoint } from "../src/sweep/runPoint";

const SMALL = {
  name: "two levels, two seeds",
  scenario: { name: "base", durationMs: 1500, cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }] },
    workload: { writesPerSec: 100, readsPerSec: 100, sessions: 2, keys: 10, readFrom: "replicas" } },
  vary: [{ path: "commit.postgres.synchronous_commit", values: ["local", "on"], label: "synchronous_commit" }],
  seeds: { from: 1, count: 2 },
  primaryFailure: { fromMs: 500, toMs: 1000, kind: "power", promote: "s1", promoteAfterMs: 100 },
};

async function openSweep(page: Page): Promise<void> {
  await openLab(page, "1");
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sweep: settings × seeds" })).toBeVisible();
}

test("a sweep runs in the page: progress, a plot, medians; each run equals the same run alone", async ({ page }) => {
  await openSweep(page);
  await page.getByLabel("Sweep file (JSON)").fill(JSON.stringify(SMALL));
  await page.getByLabel("Workers").fill("2");
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByText(/^Done: 4 runs in/)).toBeVisible({ timeout: 30_000 });
  // one dot per run in each of the two panels, one median ring per combination
  await expect(page.locator(".sweep-plot g.runs circle")).toHaveCount(8);
  await expect(page.locator(".sweep-plot circle.median")).toHaveCount(4);
  await expect(page.locator(".sweep-table tbody tr")).toHaveText([/synchronous_commit = "local"/, /synchronous_commit = "on"/]);

  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "JSON", exact: true }).click()]);
  const got = JSON.parse(readFileSync((await file.path())!, "utf8")) as { complete: boolean; runs: Record<string, unknown>[] };
  expect(got.complete).toBe(true);
  const expected = [...sweepPoints(sweepSchema.parse(SMALL))].map((p) => {
    const r = runPoint(p.scenario);
    if (!r.ok) throw new Error(r.message);
    return { settings: { synchronous_commit: p.values[0] }, seed: p.seed, failureAtMs: p.failureAtMs, ...r.metrics };
  });
  expect(got.runs).toEqual(expected);
});

test("a bad sweep is refused with where and why; nothing runs", async ({ page }) => {
  await openSweep(page);
  await page.getByLabel("Sweep file (JSON)").fill(JSON.stringify({ ...SMALL, vary: [{ path: "commit.__proto__.x", values: [1] }] }));
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByRole("alert")).toContainText('vary[0].path: "__proto__" cannot be part of a path');
  await page.getByLabel("Sweep file (JSON)").fill("{ \"name\": ");
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByRole("alert")).toContainText("the sweep:1:");
  await expect(page.getByRole("alert")).toContainText("not valid JSON");
  await expect(page.getByRole("progressbar", { name: "Sweep progress" })).toHaveCount(0);
  await expect(page.locator(".sweep-results")).toHaveCount(0);
});

test("Cancel stops the workers and keeps the runs finished", async ({ page }) => {
  await openSweep(page);
  await page.getByLabel("Sweep file (JSON)").fill(JSON.stringify({ ...SMALL, seeds: { from: 1, count: 400 } }));
  await page.getByRole("button", { name: "Run sweep" }).click();
  const progress = page.getByRole("progressbar", { name: "Sweep progress" });
  await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 30_000 }).toBeGreaterThan(2);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText(/^Cancelled: \d+ runs in/)).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Run sweep" })).toBeEnabled();
});
