/*
 * Logical replication on the page: a scenario with a standby and a subscriber (from the address),
 * the Logical replication panel showing the subscription, a conflict stopping its apply worker
 * (the error and the conflict listed), and the panel absent in a run without subscribers.
 */
import { expect, test } from "@playwright/test";
import { keep, openLab, openScenario, pollSnapshot } from "./helpers";

const scenario = {
  name: "logical on the page", seed: 22, durationMs: 86_400_000,
  cluster: { replicas: [{ name: "s1" }], subscribers: [{ name: "reporting", tables: ["orders"], networkDelayMs: 10 }] },
  workload: { writesPerSec: 20, keys: 20 },
  actions: [
    { atMs: 100, op: "write" as const, table: "orders", key: "1", value: "book", kind: "insert" as const },
    { atMs: 300, op: "write" as const, node: "reporting", session: "analyst", table: "orders", key: "2", value: "test row" },
    { atMs: 600, op: "write" as const, table: "orders", key: "2", value: "lamp", kind: "insert" as const },
  ],
};

test("a subscriber's conflict shows in the Logical replication panel", async ({ page }) => {
  await openScenario(page, scenario, "1");
  const panel = page.getByTestId("logical-panel");
  await expect(panel).toBeVisible();
  await pollSnapshot(page, (s) => s.logical?.subscriptions[0]?.applyErrorCount ?? 0).toBeGreaterThan(0);
  const row = panel.locator('[data-subscription="reporting"]');
  await expect(row).toContainText("apply worker stopped, retrying");
  await expect(panel.getByTestId("logical-error")).toContainText('duplicate key value violates unique constraint "orders_pkey"');
  await expect(panel.getByTestId("logical-conflicts")).toContainText("insert_exists on reporting: orders key 2");
  for (const [w, h] of [[1024, 700], [1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await panel.scrollIntoViewIfNeeded();
    await keep(page, `logical-panel-${w}x${h}`);
  }
});

test("a run without subscribers has no Logical replication panel", async ({ page }) => {
  await openLab(page);
  await pollSnapshot(page, (s) => s.nowUs > 0).toBe(true);
  await expect(page.getByTestId("logical-panel")).toHaveCount(0);
});
