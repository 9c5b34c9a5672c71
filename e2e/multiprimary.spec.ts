/*
 * Several primaries on the page: a circular (MySQL/MariaDB) pair from the address, both updating
 * one row and both inserting one key; the Several primaries panel shows each primary's value
 * side by side with the diverged rows marked, the stopped channels with their error 1062, the
 * conflicts and the lost update; a run with one primary has no such panel.
 */
import { expect, test } from "@playwright/test";
import { keep, openLab, openScenario, pollSnapshot } from "./helpers";

const scenario = {
  name: "two primaries on the page", seed: 22, durationMs: 86_400_000,
  cluster: { multiPrimary: { mode: "circular" as const, nodes: [{ name: "eu", networkDelayMs: 20 }, { name: "us", networkDelayMs: 30, clockSkewMs: 0 }] } },
  actions: [
    { atMs: 100, op: "write" as const, node: "eu", session: "shop", key: "stock", value: "10", kind: "insert" as const },
    { atMs: 500, op: "write" as const, node: "eu", session: "paris", key: "stock", value: "9", kind: "update" as const },
    { atMs: 520, op: "write" as const, node: "us", session: "boston", key: "stock", value: "8", kind: "update" as const },
    { atMs: 1500, op: "write" as const, node: "eu", session: "paris", key: "order-7", value: "lamp", kind: "insert" as const },
    { atMs: 1510, op: "write" as const, node: "us", session: "boston", key: "order-7", value: "chair", kind: "insert" as const },
  ],
};

test("two primaries updating one row show their swapped values, the stopped channels and the lost update", async ({ page }) => {
  await openScenario(page, scenario, "1");
  const panel = page.getByTestId("multi-primary-panel");
  await expect(panel).toBeVisible();
  await pollSnapshot(page, (s) => s.multiPrimary?.channels.filter((c) => c.state === "stopped").length ?? 0).toBe(2);
  const rows = panel.getByTestId("mp-rows");
  await expect(rows.locator("thead")).toContainText("eu");
  await expect(rows.locator('tr[data-diverged="true"]')).toHaveCount(2);
  await expect(rows.locator("tbody tr").filter({ hasText: "stock" })).toContainText(/stock ≠\s*8\s*9/);
  await expect(panel.getByTestId("mp-stopped").first()).toContainText("Error 1062: Could not execute Write_rows_v1 event on table d.t; Duplicate entry 'order-7'");
  await expect(panel.getByTestId("mp-conflicts")).toContainText("update_differs on us, stock: eu's 9 met us's 8");
  await expect(panel.getByTestId("mp-lost")).toContainText("stock: us's 8");
  for (const [w, h] of [[1024, 700], [1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await panel.scrollIntoViewIfNeeded();
    await keep(page, `multi-primary-panel-${w}x${h}`);
  }
});

test("a write made on a chosen primary reaches the group; a duplicate insert gets MySQL's error beside the button", async ({ page }) => {
  await openScenario(page, { name: "a group on the page", seed: 3, durationMs: 86_400_000,
    cluster: { multiPrimary: { mode: "certification", nodes: [{ name: "a" }, { name: "b" }, { name: "c" }] } } }, "1");
  const form = page.getByRole("form", { name: "Write on a primary" });
  await form.getByLabel("On").selectOption("b");
  await form.getByLabel("Key").fill("lamp");
  await form.getByLabel("Value").fill("3");
  await form.getByLabel("Kind").selectOption("insert");
  await form.getByRole("button", { name: "Write on b" }).click();
  const row = page.getByTestId("mp-rows").locator("tbody tr").filter({ hasText: "lamp" });
  await expect(row).toContainText(/lamp\s*3\s*3\s*3/);
  await form.getByRole("button", { name: "Write on b" }).click();
  await expect(form.getByTestId("mp-last-write")).toContainText("Last write: insert lamp = 4 on b: ERROR 1062 (23000): Duplicate entry 'lamp' for key 'PRIMARY'");
});

test("a run with one primary has no Several primaries panel", async ({ page }) => {
  await openLab(page);
  await pollSnapshot(page, (s) => s.nowUs > 0).toBe(true);
  await expect(page.getByTestId("multi-primary-panel")).toHaveCount(0);
});
