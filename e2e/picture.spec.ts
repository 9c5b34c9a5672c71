/*
 * Issue 19's stories: what the page shows must be correct, named in the database's own words and
 * explained. Each story failed on main before its fix; each keeps a screenshot in e2e/artifacts/.
 */
import { expect, test } from "@playwright/test";
import { chooseMode, keep, nodeButton, openLab, pollSnapshot, snapshot, stallSyncOn, write } from "./helpers";

test("sync FIRST 2 with one standby crashed: a waiting commit raises 'too few synchronous standbys', and no lag alert for the healthy one", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await stallSyncOn(page, "s1");
  const alert = page.locator('[data-alert="no-sync-standby"]');
  await expect(alert).toContainText("needs 2, only 1 is (s2)");
  await expect(alert).toHaveAttribute("role", "alert");
  // Its icon is drawn (SVG), not an emoji that shows as an empty box without an emoji font.
  await expect(alert.locator('svg[data-icon="stop"]')).toHaveCount(1);
  await expect(alert).not.toContainText("⛔");
  // Ten virtual seconds later s2 has replayed everything: no replay-lag alert about it.
  const since = (await snapshot(page)).nowUs;
  await pollSnapshot(page, (s) => s.nowUs - since > 10_000_000, 30_000).toBe(true);
  await expect(alert).toBeVisible();
  await expect(page.locator('[data-alert="lag:s2"]')).toHaveCount(0);
  await keep(page, "picture-too-few-sync");
});

test("the replica's own gap and the gap the primary was told are named apart, side by side, and explained", async ({ page }) => {
  await openLab(page, "1");
  await page.getByLabel("Apply delay s2 (ms)").fill("3000");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.config.applyDelayMs).toBe(3000);
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  const table = page.locator(".rl-repl table").first();
  await expect(table.locator('th[data-col="reported-gap"]')).toHaveText("reported gap");
  await expect(table.locator('th[data-col="own-gap"]')).toHaveText("own gap");
  await expect(table.getByRole("columnheader", { name: "behind" })).toHaveCount(0);
  const s2 = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "s2" }) });
  await expect(s2.locator('td[data-col="own-gap"]')).not.toHaveText("0 B");
  // Hover and focus explain each.
  const head = table.locator('th[data-col="own-gap"] a');
  await head.hover();
  await expect(page.getByTestId("term-tooltip")).toContainText("replica's own replay position");
  await table.locator('th[data-col="reported-gap"] a').focus();
  await expect(page.getByTestId("term-tooltip")).toContainText("last reported");
  await expect(page.getByTestId("term-tooltip")).toBeVisible();
});

test("a standby that reconnects shows 'potential' with the reason while a commit waits for it", async ({ page }) => {
  // 0.1×: the standby's first round trip (2 × 400 ms) lasts 8 s of wall time, long enough to read.
  await openLab(page, "0.1");
  await chooseMode(page, "sync");
  await page.getByLabel("Network delay s1 (ms)").fill("400");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s1")?.config.networkDelayMs).toBe(400);
  await nodeButton(page, "Crash s1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s1")?.state).toBe("down");
  await write(page);
  await nodeButton(page, "Restart s1").click();
  await pollSnapshot(page, (s) => s.replication.find((r) => r.name === "s1")?.syncState ?? null, 20_000).toBe("potential");
  await page.getByRole("button", { name: "Pause" }).click();
  const row = page.locator(".rl-repl table").first().getByRole("row").filter({ has: page.getByRole("rowheader", { name: "s1" }) });
  await expect(row).toContainText(/potential \((catchup: chosen once streaming|startup: chosen once streaming|no reply yet: chosen once it reports its flush position)\)/);
  await row.getByRole("link", { name: "potential" }).focus();
  await expect(page.getByTestId("term-tooltip")).toContainText("only chooses a standby that is streaming and has reported its flush position");
});

test("names are not roles: after a failover the old primary is badged 'old primary', buttons never read 'Promote primary', nothing is cut off", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page);
  expect((await snapshot(page)).nodes.map((n) => n.name)).toEqual(["db1", "s1", "s2"]);
  await nodeButton(page, "Crash db1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "db1")?.state).toBe("down");
  await nodeButton(page, "Promote s1").click();
  await pollSnapshot(page, (s) => s.primary).toBe("s1");
  const roles = page.locator(".node-card .badge.role");
  await expect(page.getByRole("article", { name: "Node db1" }).locator(".badge.role")).toHaveText("old primary");
  await expect(page.getByRole("article", { name: "Node s1" }).locator(".badge.role")).toHaveText("primary");
  await expect(roles.filter({ hasText: /^primary$/ })).toHaveCount(1);
  await expect(page.locator('[data-node="db1"] .rl-node__role')).toHaveText("OLD PRIMARY");
  await expect(page.locator('[data-node="s1"] .rl-node__role')).toHaveText("PRIMARY");
  await nodeButton(page, "Restart db1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "db1")?.state).not.toBe("down");
  await expect(roles.filter({ hasText: /^primary$/ })).toHaveCount(1);
  // No visible label joins a verb to a role: the card is titled with the name, buttons say the verb.
  await expect(page.locator(".node-card button").filter({ hasText: /primary/i })).toHaveCount(0);
  // Nothing cut off on the cluster cards.
  const cut = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".rl-node__name, .rl-node__role, .rl-node__state")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
  expect(cut).toEqual([]);
  await keep(page, "picture-names-not-roles");
});

test("keyboard: Enter on Promote keeps focus there; the Tab order does not change when the primary goes down", async ({ page }) => {
  await openLab(page);
  const order = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".sidebar button, .sidebar input, .sidebar select, .sidebar a")]
    .filter((el) => !el.hasAttribute("disabled") && el.tabIndex >= 0 && el.offsetParent !== null).map((el) => el.getAttribute("aria-label") ?? el.textContent));
  const before = await order();
  await nodeButton(page, "Crash db1").focus();
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "db1")?.state).toBe("down");
  await expect(nodeButton(page, "Crash db1")).toBeFocused();
  expect(await order()).toEqual(before);
  await nodeButton(page, "Promote s1").focus();
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.primary).toBe("s1");
  await expect(nodeButton(page, "Promote s1")).toBeFocused();
  await expect(nodeButton(page, "Promote s1")).toHaveAttribute("aria-disabled", "true");
});

test("Remove replica can be undone: focus goes to Undo, which adds it back with its settings", async ({ page }) => {
  await openLab(page);
  await page.getByLabel("Apply delay s2 (ms)").fill("700");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.config.applyDelayMs).toBe(700);
  await nodeButton(page, "Remove s2").click();
  await pollSnapshot(page, (s) => s.nodes.map((n) => n.name).join(",")).toBe("db1,s1");
  const undo = page.getByRole("button", { name: "Undo: add s2 back" });
  await expect(undo).toBeFocused();
  await page.keyboard.press("Enter");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.config.applyDelayMs ?? null).toBe(700);
  await expect(page.getByTestId("undo-remove")).toHaveCount(0);
});

test("Add replica at 16 says why it is off; Checkpoint says what it removed", async ({ page }) => {
  await openLab(page);
  await nodeButton(page, "Checkpoint db1").click();
  await expect(page.getByTestId("checkpoint-said-db1")).toContainText("Checkpoint done");
  const add = page.getByRole("button", { name: "Add replica" });
  for (let i = 2; i < 16; i++) {
    await add.click();
    await pollSnapshot(page, (s) => s.nodes.length).toBe(i + 2);
  }
  await expect(add).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("add-replica-why")).toContainText("at most 16 replicas");
  await add.click({ force: true });
  await page.waitForTimeout(300);
  expect((await snapshot(page)).nodes).toHaveLength(17);
});

test("a failover that loses writes lists them (key, value, session, ack time), the loss window in ms, and marks a later stale read as the consequence", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByRole("group", { name: "Link db1 – s1" }).getByRole("button", { name: "Cut" }).click();
  for (let i = 1; i <= 3; i++) {
    await page.getByLabel("Value").fill(`v${i}`);
    await write(page);
    await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(i);
  }
  await nodeButton(page, "Crash db1").click();
  await nodeButton(page, "Promote s1").click();
  await pollSnapshot(page, (s) => s.losses.total).toBe(3);
  const panel = page.getByTestId("lost-writes");
  await expect(panel).toContainText("Lost acknowledged writes: 3");
  await expect(panel).toContainText("Failover db1 → s1");
  await expect(panel.locator("tbody tr")).toHaveCount(3);
  await expect(panel.locator("tbody tr").first()).toContainText("xv1clientdb1");
  const s = await snapshot(page);
  const windowMs = (s.losses.writes.at(-1)!.ackUs - s.losses.writes[0]!.ackUs) / 1000;
  await expect(page.getByTestId("loss-window")).toContainText(`${windowMs.toFixed(1)} ms`);
  // Read x from the new primary: it never had the writes, so the read is stale, because of the loss.
  await page.getByLabel("Read from").selectOption("primary");
  await page.getByRole("button", { name: "Read", exact: true }).click();
  await expect(page.getByTestId("loss-consequences")).toContainText("client reads x on s1: (none) — old value, because x = v3");
  await expect(panel).toBeInViewport();
  await keep(page, "picture-lost-writes");
});

test("semi-sync with every replica down: what blocks the primary and what the timeout did are shown beside the picture, in MySQL's words", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page, "1");
  await chooseMode(page, "semi-sync");
  await nodeButton(page, "Crash s1").click();
  await nodeButton(page, "Crash s2").click();
  await pollSnapshot(page, (s) => s.nodes.filter((n) => n.state === "down").length).toBe(2);
  await write(page);
  const b = page.getByTestId("blockage");
  await expect(b).toContainText("waits (AFTER_SYNC) for an ACK from 1 replica");
  await expect(b).toContainText("Rpl_semi_sync_master_clients = 0");
  await expect(b).toContainText("rpl_semi_sync_master_timeout = 10000 ms");
  await expect(page.getByTestId("blockage-brief")).toBeVisible();
  const status = page.getByTestId("mysql-status");
  await expect(status.locator('[data-var="status"]')).toHaveText("ON");
  await expect(status).toContainText("Seconds_Behind_Source");
  await expect(page.locator(".rl-repl").getByText("pg_stat_replication")).toHaveCount(0);
  await keep(page, "picture-semi-sync-blocked");
  // The timeout (10 s) passes: semi-sync switches OFF, the commit succeeds, and the page says so where it looked.
  await page.getByLabel("Speed").selectOption("10");
  await pollSnapshot(page, (s) => s.commit.semiSyncActive, 30_000).toBe(false);
  await expect(b).toContainText("Semi-sync is OFF");
  await expect(page.getByTestId("blockage-last")).toContainText("semi-sync switched OFF (Rpl_semi_sync_master_status = OFF) — no replica ACKed within rpl_semi_sync_master_timeout = 10000 ms");
  await expect(status.locator('[data-var="status"]')).toHaveText("OFF");
  await expect(b).toBeInViewport();
  // A replica back: semi-sync switches ON again by itself.
  await nodeButton(page, "Restart s1").click();
  await pollSnapshot(page, (s) => s.commit.semiSyncActive, 30_000).toBe(true);
  await expect(page.locator('[data-node="s1"] .rl-node__state')).toHaveText("semi-sync");
  await keep(page, "picture-semi-sync-back");
});

test("Hang is logged with its own badge, not 'crash'", async ({ page }) => {
  await openLab(page);
  await nodeButton(page, "Hang s1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s1")?.crashKind).toBe("hang");
  const entry = page.locator(".rl-log__entry").filter({ hasText: "s1 hung" }).first();
  await expect(entry.locator(".rl-log__badge")).toHaveText("hang");
});

test("small ones: the 'Reads go to' select is not cut off at 1024x700", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openLab(page);
  const select = page.getByLabel("Reads go to");
  // The longest option must fit, with room for the arrow.
  const fits = await select.evaluate((el: HTMLSelectElement) => {
    const probe = document.createElement("span");
    probe.style.font = getComputedStyle(el).font;
    document.body.append(probe);
    let need = 0;
    for (const o of el.options) { probe.textContent = o.text; need = Math.max(need, probe.getBoundingClientRect().width); }
    probe.remove();
    return el.clientWidth - need;
  });
  expect(fits).toBeGreaterThan(20);
});
