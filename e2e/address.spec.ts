/*
 * A scenario in the page's address: ?scenario=<URL-encoded JSON> runs it at start, validated like
 * a loaded file; one with mistakes is listed the same way and the built-in scenario runs instead.
 */
import { expect, test } from "@playwright/test";
import { keep, openScenario, pollSnapshot, snapshot, write } from "./helpers";

test("?scenario= in the address runs that scenario: replicas a, b and c", async ({ page }) => {
  const scenario = {
    name: "three from the address", seed: 5, durationMs: 86_400_000,
    cluster: { replicas: [{ name: "a" }, { name: "b" }, { name: "c" }] }, commit: { preset: "sync" as const },
  };
  await openScenario(page, scenario, "10");
  expect((await snapshot(page)).nodes.map((n) => n.name)).toEqual(["primary", "a", "b", "c"]);
  for (const name of ["a", "b", "c"]) {
    await expect(page.locator(`[data-node="${name}"]`)).toBeVisible();
    await expect(page.getByRole("button", { name: `Promote ${name}`, exact: true })).toBeVisible();
  }
  await expect(page.getByLabel("Seed")).toHaveValue("5");
  await expect(page.getByTestId("scenario-errors")).toHaveCount(0);

  // It runs: under sync a write is acknowledged once a, b and c have it on disk.
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  const s = await snapshot(page);
  expect(s.commit.preset).toBe("sync");
  expect(s.replication.map((r) => r.flushLsn > 0)).toEqual([true, true, true]);
});

test("a ?scenario= with mistakes is listed like a bad file, and the built-in scenario runs", async ({ page }) => {
  const bad = { cluster: { replicas: [{ name: "a", networkDelayMs: -5 }] }, commit: { preset: "fast" } };
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify(bad))}`);
  const banner = page.getByRole("alert").filter({ hasText: "?scenario=" });
  await expect(banner).toBeVisible();
  const errors = page.getByTestId("scenario-errors");
  await expect(errors).toContainText("networkDelayMs");
  await expect(errors).toContainText("preset");
  await pollSnapshot(page, (s) => s.nodes.map((n) => n.name).join(",")).toBe("db1,s1,s2");
  await expect(errors).toBeVisible();
  await keep(page, "address-scenario-errors");
});

test("a ?scenario= that is not JSON says so, and the built-in scenario runs", async ({ page }) => {
  await page.goto(`/?scenario=${encodeURIComponent("{ \"cluster\": ")}`);
  await expect(page.getByTestId("scenario-errors")).toContainText("not valid JSON");
  await pollSnapshot(page, (s) => s.nodes.map((n) => n.name).join(",")).toBe("db1,s1,s2");
});
