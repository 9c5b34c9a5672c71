/*
 * Logical replication on the page: a scenario with a standby and a subscriber (from the address),
 * the Logical replication panel showing the subscription, a conflict stopping its apply worker
 * (the error and the conflict listed), the panel's controls for subscribers used by keyboard, and
 * the panel absent in a run without subscribers.
 */
import { expect, test, type Locator } from "@playwright/test";
import type { SubscriptionView } from "../src/engine/views";
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

test("the panel's subscriber controls, by keyboard: disable_on_error, Skip, Enable, Crash and Restart, Drop and Re-create, a row write", async ({ page }) => {
  await openScenario(page, { ...scenario, actions: scenario.actions.slice(0, 1) }, "1");
  const panel = page.getByTestId("logical-panel");
  const sub = (f: (s: SubscriptionView) => unknown) => pollSnapshot(page, (s) => f(s.logical!.subscriptions[0]!));
  const group = panel.getByRole("group", { name: "Subscriber reporting" });
  // The snapshot is polled from the store, which can be a render ahead of the buttons: wait until
  // the control is enabled and holds the focus (focus() on a disabled button silently does nothing,
  // and the key then went to the control pressed before).
  const key = async (target: Locator, k = "Enter") => {
    await expect(target).toBeEnabled();
    await target.focus();
    await expect(target).toBeFocused();
    await page.keyboard.press(k);
  };
  await sub((s) => s.state).toBe("streaming");

  // the analyst's row on reporting, from the row form: Tab through its fields, Enter submits (Insert)
  const form = panel.getByRole("form", { name: "Write a row" });
  await form.getByRole("combobox", { name: "On" }).selectOption("reporting");
  for (const [label, text] of [["Table", "orders"], ["Row key", "2"], ["Row value", "test row"]] as const) {
    await form.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(text);
  }
  await page.keyboard.press("Enter");
  await sub((s) => s.rows).toBe(2); // the primary's order 1, and the analyst's row

  // disable_on_error by Space, then the primary's insert of the same key disables the subscription
  await key(group.getByRole("checkbox", { name: "disable_on_error" }), "Space");
  await sub((s) => s.disableOnError).toBe(true);
  await expect(group.getByRole("button", { name: "Skip failing transaction" })).toBeDisabled();
  await form.getByRole("combobox", { name: "On" }).selectOption("");
  await form.getByLabel("Row value", { exact: true }).fill("lamp");
  await key(form.getByRole("button", { name: "Insert" }));
  await sub((s) => s.state).toBe("disabled");
  await expect(panel.getByTestId("logical-error")).toContainText("duplicate key value");

  // SKIP passes the failing transaction over, Enable starts the worker: streaming, the rows differ
  await key(group.getByRole("button", { name: "Skip failing transaction" }));
  await key(group.getByRole("button", { name: "Enable" }));
  await sub((s) => s.state === "streaming" && s.caughtUp).toBe(true);

  // Crash and Restart the subscriber's server; Disable and Enable the subscription
  await key(group.getByRole("button", { name: "Crash" }));
  await sub((s) => s.state).toBe("down");
  await expect(group.getByRole("button", { name: "Disable" })).toBeDisabled();
  await key(group.getByRole("button", { name: "Restart" }));
  await sub((s) => s.state).toBe("streaming");
  await key(group.getByRole("button", { name: "Disable" }));
  await sub((s) => s.state).toBe("disabled");
  await key(group.getByRole("button", { name: "Enable" }));
  await sub((s) => s.state).toBe("streaming");

  // Drop subscription, then Re-create it: a fresh copy of the publisher's orders
  await key(group.getByRole("button", { name: "Drop subscription" }));
  await sub((s) => s.state).toBe("dropped");
  await key(group.getByRole("button", { name: "Re-create subscription" }));
  await sub((s) => s.state === "streaming" && s.slot !== null).toBe(true);
  await sub((s) => s.copiedRows).toBe(2);
  await page.setViewportSize({ width: 1024, height: 700 });
  await panel.scrollIntoViewIfNeeded();
  await keep(page, "logical-controls-1024x700");
});
