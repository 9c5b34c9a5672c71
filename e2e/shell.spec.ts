/*
 * The shell around the simulation: a worker failure and its restart (nothing set is lost),
 * a scenario file with mistakes (listed, the run goes on), a refused command (shown, nothing
 * lost), pause and step, and copying the run as a scenario.
 */
import { expect, test } from "@playwright/test";
import { chooseMode, keep, nodeButton, openLab, pollSnapshot, snapshot, write } from "./helpers";

test("a worker failure offers Restart, which replays every command", async ({ page }) => {
  await openLab(page);
  await chooseMode(page, "sync");
  await page.getByLabel("Network delay s2 (ms)").fill("150");
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  const before = await snapshot(page);

  await page.evaluate(() => window.__lab!.crashWorker());
  await expect(page.getByRole("alert").filter({ hasText: "The simulation stopped" })).toBeVisible();
  await expect(page.getByText("Deliberate failure")).toBeVisible();
  await keep(page, "worker-failed");

  await page.getByRole("button", { name: "Restart", exact: true }).click();
  await expect(page.getByText("The simulation stopped")).toHaveCount(0);
  // The new worker's first snapshot: running, paused where the old run was.
  const fresh = () => page.evaluate(() => {
    const s = window.__lab!.state();
    return s.status === "running" && s.paused && s.events > 0;
  });
  await expect.poll(fresh, { timeout: 15_000 }).toBe(true);
  const after = await snapshot(page);
  expect(after.nowUs).toBeGreaterThanOrEqual(before.nowUs);
  expect(after.commit.preset).toBe("sync");
  expect(after.nodes.find((n) => n.name === "s2")!.config.networkDelayMs).toBe(150);
  expect(after.totals.writesAcknowledged).toBe(1);
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await keep(page, "worker-restarted");
});

test("a scenario file with mistakes is listed, and the current run goes on", async ({ page }) => {
  await openLab(page);
  const bad = { cluster: { replicas: [{ name: "s1", networkDelayMs: -5 }] }, commit: { preset: "fast" } };
  await page.getByLabel("Scenario file").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  const errors = page.getByTestId("scenario-errors");
  await expect(errors).toContainText("networkDelayMs");
  await expect(errors).toContainText("preset");
  expect((await snapshot(page)).nodes.map((n) => n.name)).toEqual(["db1", "s1", "s2"]);
  await keep(page, "scenario-errors");

  const good = { name: "three", seed: 9, cluster: { replicas: [{ name: "a" }, { name: "b" }, { name: "c" }] }, commit: { preset: "sync" } };
  await page.getByLabel("Scenario file").setInputFiles({ name: "good.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(good)) });
  await pollSnapshot(page, (s) => s.nodes.map((n) => n.name).join(",")).toBe("primary,a,b,c");
  await expect(page.getByTestId("scenario-errors")).toHaveCount(0);
  await expect(page.getByLabel("Seed")).toHaveValue("9");
});

test("a refused setting shows why and keeps the one in force", async ({ page }) => {
  await openLab(page);
  await page.getByRole("button", { name: "Advanced" }).click();
  const names = page.getByLabel("synchronous_standby_names");
  await names.fill("FIRST 1 (");
  await page.getByRole("button", { name: "Apply synchronous_standby_names" }).click();
  await expect(names).toHaveAttribute("aria-invalid", "true");
  const before = (await snapshot(page)).commit.postgres.synchronous_standby_names;
  expect(before).not.toBe("FIRST 1 (");
  await keep(page, "refused-setting");

  await names.fill("FIRST 1 (s2)");
  await page.getByRole("button", { name: "Apply synchronous_standby_names" }).click();
  await pollSnapshot(page, (s) => s.commit.postgres.synchronous_standby_names).toBe("FIRST 1 (s2)");
  await expect(page.getByTestId("commit-summary")).toContainText("s2");
});

test("WAL kept for standbys: max_slot_wal_keep_size is set in the page (-1 is no limit); a bad value is refused and the one in force stays", async ({ page }) => {
  await openLab(page);
  await page.getByRole("button", { name: "Advanced" }).click();
  const slotMax = page.getByLabel("max_slot_wal_keep_size (MB)");
  await expect(slotMax).toHaveValue("-1");
  await slotMax.fill("-5");
  await page.getByRole("button", { name: "Apply WAL retention" }).click();
  await expect(page.getByText(/max_slot_wal_keep_size a number \(0 or more\) or −1/)).toBeVisible();
  expect((await snapshot(page)).commit.postgres.max_slot_wal_keep_size_mb).toBe(-1);
  await slotMax.scrollIntoViewIfNeeded();
  await keep(page, "wal-retention-refused");
  await slotMax.fill("0.15");
  await page.getByLabel("wal_keep_size (MB)", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Apply WAL retention" }).click();
  await pollSnapshot(page, (s) => [s.commit.postgres.max_slot_wal_keep_size_mb, s.commit.postgres.wal_keep_size_mb]).toEqual([0.15, 2]);
});

test("pause, step, and copy the run as a scenario", async ({ page }) => {
  await openLab(page);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAttempted).toBe(1);
  await page.waitForTimeout(200); // let the last snapshot from before the pause arrive
  const t0 = (await snapshot(page)).nowUs;
  await page.waitForTimeout(300);
  expect((await snapshot(page)).nowUs).toBe(t0);
  const events0 = await page.evaluate(() => window.__lab!.state().events);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.__lab!.state().events)).toBe(events0 + 1);

  await nodeButton(page, "Crash s2").click();
  const ops = async () => {
    const json = await page.evaluate(() => window.__lab!.scenarioJson());
    return (JSON.parse(json!) as { actions: { op: string }[] }).actions.map((a) => a.op);
  };
  await expect.poll(ops).toEqual(["write", "crash"]);

  await page.getByRole("button", { name: "Copy scenario" }).click();
  const dialog = page.getByRole("dialog", { name: "Scenario file of this run" });
  await expect(dialog.getByRole("textbox", { name: "Scenario JSON" })).toHaveValue(/"op": "crash"/);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});

test("replicas: add up to 16, remove down to 1", async ({ page }) => {
  await openLab(page);
  // Paused: commands still apply at once, and the page has less to animate.
  await page.getByRole("button", { name: "Pause" }).click();
  const add = page.getByRole("button", { name: "Add replica" });
  const replicas = () => page.evaluate(() => window.__lab!.snapshot()!.nodes.filter((n) => n.role === "replica").length);
  for (let n = 3; n <= 16; n++) {
    await add.click();
    await expect.poll(replicas, { intervals: [25] }).toBe(n);
  }
  await expect(add).toBeDisabled();
  await keep(page, "sixteen-replicas");
  for (let n = 16; n > 1; n--) {
    await page.getByRole("button", { name: /^Remove s\d+$/ }).last().click();
    await expect.poll(replicas, { intervals: [25] }).toBe(n - 1);
  }
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});
