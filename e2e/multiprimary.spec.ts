/*
 * Several primaries on the page: a circular (MySQL/MariaDB) pair from the address, both updating
 * one row and both inserting one key; the page shows the primaries' own panels instead of the
 * physical ones (no Commit mode, no standby, no WAL lanes): the picture of the primaries and their
 * channels, each primary's value side by side with the diverged rows marked, the stopped channels
 * with their error 1062 and what MySQL offers for them (Start, Skip event), the conflicts and the
 * lost update; the sidebar's controls cut and heal the link and crash and restart a primary. A run
 * with one primary has none of these.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
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

/** Screenshots at 1024x700, 1440x900 and 1280x720 in presenter mode, with `part` in view. */
async function keepEverySize(page: Page, story: string, part: Locator): Promise<void> {
  for (const [w, h] of [[1024, 700], [1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    if (w === 1280) await page.getByRole("button", { name: "Presenter" }).click();
    await part.scrollIntoViewIfNeeded();
    await keep(page, `${story}-${w}x${h}${w === 1280 ? "-presenter" : ""}`);
  }
}

test("two primaries updating one row show their swapped values, the stopped channels and the lost update", async ({ page }) => {
  await openScenario(page, scenario, "1");
  const panel = page.getByTestId("multi-primary-panel");
  await expect(panel).toBeVisible();
  await pollSnapshot(page, (s) => s.multiPrimary?.channels.filter((c) => c.state === "stopped").length ?? 0).toBe(2);
  const rows = panel.getByTestId("mp-rows");
  await expect(rows.locator("thead")).toContainText("eu");
  await expect(rows.locator('tr[data-diverged="true"]')).toHaveCount(2);
  await expect(rows.locator("tbody tr").filter({ hasText: "stock" })).toContainText(/stock ≠\s*8\s*9/);
  const channels = page.getByTestId("mp-channels");
  await expect(channels.getByRole("group", { name: "Channel us from eu" })).toContainText("Error 1062: Could not execute Write_rows_v1 event on table d.t; Duplicate entry 'order-7'");
  await expect(page.getByTestId("mp-picture-words")).toContainText("us's channel from eu stopped: error 1062.");
  await expect(page.getByTestId("mp-picture").locator("svg")).toContainText("error 1062");
  // nothing of the physical cluster this run does not use
  for (const gone of ["Commit mode", "Nodes", "Failover", "Workload", "Cluster", "WAL lanes"]) {
    await expect(page.getByRole("heading", { name: gone, exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole("button", { name: "Add replica" })).toHaveCount(0);
  await expect(panel.getByTestId("mp-conflicts")).toContainText("update_differs on us, stock: eu's 9 met us's 8");
  await expect(panel.getByTestId("mp-lost")).toContainText("stock: us's 8");
  for (const [w, h] of [[1024, 700], [1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    if (w === 1280) await page.getByRole("button", { name: "Presenter" }).click();
    await keep(page, `multi-primary-panel-${w}x${h}${w === 1280 ? "-presenter" : ""}`);
  }
  // skipping the failed event on both sides: both channels run again, the rows stay different
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const name of ["Channel us from eu", "Channel eu from us"]) await channels.getByRole("group", { name }).getByRole("button", { name: "Skip event" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.channels.filter((c) => c.state === "stopped").length ?? -1).toBe(0);
  await expect(channels.getByRole("button", { name: "Skip event" })).toHaveCount(0);
  await expect(page.getByTestId("mp-picture-words")).toContainText("Every channel runs.");
  await expect(rows.locator('tr[data-diverged="true"]')).toHaveCount(2);
});

test("the sidebar cuts and heals the link between two primaries, and crashes and restarts one", async ({ page }) => {
  await openScenario(page, { ...scenario, actions: [] }, "1");
  const link = page.getByRole("group", { name: "Link eu – us" });
  await expect(link).toContainText("50 ms one way");
  await link.getByRole("button", { name: "Cut" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.links[0]?.cut).toBe(true);
  await expect(page.getByTestId("mp-picture-words")).toContainText("Cut: eu – us.");
  await expect(page.getByTestId("mp-picture-words")).toContainText("us's channel from eu is disconnected");
  // a write on eu stays on eu while the link is cut
  const form = page.getByRole("form", { name: "Write on a primary" });
  await form.getByLabel("Key").fill("cut");
  await form.getByRole("button", { name: "Write on eu" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.rows.find((r) => r.key === "cut")?.values).toEqual(["1", null]);
  await keep(page, "multi-primary-link-cut-1440x900");
  await link.getByRole("button", { name: "Heal" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.rows.find((r) => r.key === "cut")?.values).toEqual(["1", "1"]);
  await expect(link.getByRole("button", { name: "Cut" })).toBeVisible();

  const us = page.getByRole("group", { name: "Primary us" });
  await us.getByRole("button", { name: "Crash" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.nodes[1]?.state).toBe("down");
  await expect(us.getByRole("button", { name: "Crash" })).toHaveCount(0);
  await expect(page.getByTestId("mp-picture-words")).toContainText("Down: us.");
  await form.getByLabel("On").selectOption("us");
  await form.getByRole("button", { name: "Write on us" }).click();
  await expect(form.getByTestId("mp-last-write")).toContainText("ERROR 2003 (HY000): Can't connect to MySQL server on 'us'");
  await us.getByRole("button", { name: "Restart" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.nodes[1]?.state).toBe("up");
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

test("each link's delay is set from the Links panel, by keyboard; a bad delay is explained and never sent", async ({ page }) => {
  await openScenario(page, { ...scenario, actions: [] }, "1");
  const link = page.getByRole("group", { name: "Link eu – us" });
  const delay = page.getByRole("form", { name: "Delay of the link eu – us" });
  const field = delay.getByLabel("One-way delay (ms)");
  await expect(field).toHaveValue("50");
  await expect(delay.getByRole("button", { name: "Set delay" })).toBeDisabled();
  // a bad value: the field says what is wrong, the button stays off, and Enter sends nothing
  await field.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("-5");
  await expect(delay.getByRole("alert")).toHaveText("One-way delay (ms): from 0 to 86400000 ms");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(delay.getByRole("button", { name: "Set delay" })).toBeDisabled();
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.multiPrimary?.links[0]?.delayMs).toBe(50);
  // a good one, sent with Enter: the link's delay in force, and a write now takes that long to cross
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("400");
  await expect(delay.getByRole("alert")).toHaveCount(0);
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.multiPrimary?.links[0]?.delayMs).toBe(400);
  await expect(link).toContainText("400 ms one way");
  await expect(field).toHaveValue("400");
  await keepEverySize(page, "multi-primary-link-delay", link);
});

test("generated keys: with the defaults two primaries take the same key and stop on 1062; increment 2 and offsets 1 / 2 keep them apart", async ({ page }) => {
  test.setTimeout(120_000); // two rounds of writes, the settings and three screenshots
  await openScenario(page, { ...scenario, actions: [] }, "1");
  const form = page.getByRole("form", { name: "Write on a primary" });
  await form.getByLabel("Kind").selectOption("auto");
  await expect(form.getByLabel("Key")).toBeDisabled();
  await form.getByLabel("Value").fill("lamp");
  await form.getByRole("button", { name: "Write on eu" }).click();
  await expect(form.getByTestId("mp-last-write")).toContainText("Last write: insert 1 (key generated) = lamp on eu: committed");
  await pollSnapshot(page, (s) => s.multiPrimary?.rows.find((r) => r.key === "1")?.values).toEqual(["lamp", "lamp"]);
  // us's counter followed eu's row: its next key is 2, and so is eu's. Both at once (the link takes 50 ms): both take 2
  await page.getByRole("button", { name: "Pause" }).click();
  await form.getByLabel("Value").fill("chair");
  await form.getByRole("button", { name: "Write on eu" }).click();
  await form.getByLabel("On").selectOption("us");
  await form.getByLabel("Value").fill("desk");
  await form.getByRole("button", { name: "Write on us" }).click();
  await page.getByRole("button", { name: "Play" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.channels.filter((c) => c.lastErrno === 1062).length).toBe(2);
  await expect(page.getByTestId("mp-channels")).toContainText("Duplicate entry '2' for key 'PRIMARY'");

  // the settings, checked: 0 is not an increment
  const keys = (node: string) => page.getByRole("form", { name: `Generated keys of ${node}` });
  await keys("eu").getByLabel("Increment").fill("0");
  await expect(keys("eu").getByRole("alert")).toHaveText("Increment: from 1 to 65535");
  await expect(keys("eu").getByRole("button", { name: "Set keys" })).toBeDisabled();
  for (const [node, offset] of [["eu", "1"], ["us", "2"]] as const) {
    await keys(node).getByLabel("Increment").fill("2");
    await keys(node).getByLabel("Offset").fill(offset);
    await keys(node).getByRole("button", { name: "Set keys" }).click();
  }
  await pollSnapshot(page, (s) => s.multiPrimary?.nodes.map((n) => [n.autoIncrementIncrement, n.autoIncrementOffset])).toEqual([[2, 1], [2, 2]]);
  const channels = page.getByTestId("mp-channels");
  for (const name of ["Channel us from eu", "Channel eu from us"]) await channels.getByRole("group", { name }).getByRole("button", { name: "Skip event" }).click();
  // both at once again: eu takes 3, us 4, and both rows reach both
  await page.getByRole("button", { name: "Pause" }).click();
  await form.getByLabel("Value").fill("rug");
  await form.getByRole("button", { name: "Write on us" }).click();
  await form.getByLabel("On").selectOption("eu");
  await form.getByLabel("Value").fill("sofa");
  await form.getByRole("button", { name: "Write on eu" }).click();
  await page.getByRole("button", { name: "Play" }).click();
  await pollSnapshot(page, (s) => s.multiPrimary?.rows.filter((r) => r.key === "3" || r.key === "4").map((r) => r.values))
    .toEqual([["sofa", "sofa"], ["rug", "rug"]]);
  await pollSnapshot(page, (s) => s.multiPrimary?.channels.filter((c) => c.state === "stopped").length).toBe(0);
  await keepEverySize(page, "multi-primary-generated-keys", keys("eu"));
});

test("a run with one primary has no multi-primary panel, and its physical panels", async ({ page }) => {
  await openLab(page);
  await pollSnapshot(page, (s) => s.nowUs > 0).toBe(true);
  await expect(page.getByTestId("multi-primary-panel")).toHaveCount(0);
  await expect(page.getByTestId("mp-picture")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Commit mode", exact: true })).toBeVisible();
});
