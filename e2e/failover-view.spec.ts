/*
 * What a failover would cost, shown before anyone promotes: with an ANY quorum only the most
 * advanced standby is safe. Also a node that cannot stream (its WAL was removed), replication
 * slots and the WAL kept on disk, the failover settings in force, and the notes on where the
 * simulator simplifies (reachable from the keyboard).
 */
import { expect, test } from "@playwright/test";
import { keep, nodeButton, openScenario, pollSnapshot, snapshot, write } from "./helpers";

test("ANY 1 quorum: promoting the far standby would lose an acknowledged write, and does", async ({ page }) => {
  await openScenario(page, {
    name: "any quorum", seed: 2, durationMs: 86_400_000,
    cluster: { replicas: [{ name: "near", networkDelayMs: 5 }, { name: "far", networkDelayMs: 3000, slot: true }] },
    commit: { postgres: { synchronous_commit: "on", synchronous_standby_names: "ANY 1 (near, far)" } },
  });
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  // Freeze the moment: "near" has the write on disk, "far" has not received it yet.
  await page.getByRole("button", { name: "Pause" }).click();
  await pollSnapshot(page, (s) => s.nodes.map((n) => `${n.name}:${n.wouldLose}`).join(" ")).toBe("primary:null near:0 far:1");

  await expect(page.getByTestId("would-lose-far")).toHaveText(/Promoting far now would lose 1 acknowledged write$/);
  await expect(page.getByTestId("would-lose-far")).toHaveClass(/warn/);
  await expect(page.getByTestId("would-lose-near")).toContainText("would lose no acknowledged writes");
  await expect(page.locator('[data-node="far"]')).toContainText("promote: loses 1");
  await expect(page.locator('[data-node="far"]')).toHaveAttribute("aria-label", /promoting it now would lose 1 acknowledged write/);
  await expect(page.locator('[data-node="near"]')).toContainText("promote: loses none");
  await expect(page.getByTestId("promotion-candidates")).toContainText("far: 1 acknowledged write");
  await expect(page.getByTestId("replication-slots")).toContainText("far");
  await expect(page.getByTestId("replication-slots")).toContainText("reserved");
  await expect(page.getByTestId("wal-kept")).toContainText("WAL kept on disk");
  await expect(page.getByTestId("failover-settings")).toContainText("off: a person promotes a standby");
  await keep(page, "promotion-would-lose");

  await nodeButton(page, "Promote far").click();
  await page.getByRole("button", { name: "Play" }).click();
  await pollSnapshot(page, (s) => s.totals.lostAcknowledgedWrites).toBe(1);
});

test("a standby whose WAL was removed says so on its card, in the cluster view, and recovers by re-clone", async ({ page }) => {
  await openScenario(page, {
    name: "wal removed", seed: 4, durationMs: 86_400_000,
    cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 5 }] },
    commit: { postgres: { wal_segment_size_mb: 0.001, checkpoint_timeout_ms: 100 } },
    failover: { auto: true, detectMs: 2000 },
    workload: { writesPerSec: 300 },
    actions: [{ atMs: 100, op: "crash", node: "s2" }, { atMs: 1500, op: "restart", node: "s2" }],
  });
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.problem ?? "").toContain("already been removed");
  await expect(page.getByTestId("problem-s2")).toContainText("requested WAL segment");
  await expect(page.getByTestId("node-problems")).toContainText("s2");
  await expect(page.locator('[data-node="s2"]')).toContainText("needs re-clone");
  await expect(page.getByTestId("failover-settings")).toContainText("on: once the primary has been down 2 s");
  await keep(page, "wal-removed");

  await nodeButton(page, "Re-clone s2").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.problem).toBe(null);
  await expect(page.getByTestId("problem-s2")).toHaveCount(0);
  await expect(page.getByTestId("node-problems")).toHaveCount(0);
});

test("the notes on simplifications open from the keyboard and close with Escape", async ({ page }) => {
  await openScenario(page, { name: "notes", durationMs: 86_400_000, cluster: { replicas: [{ name: "s1" }] } });
  // Tab from the control before it: the note's button is in the Tab order.
  await nodeButton(page, "Hang s1").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const about = page.getByRole("button", { name: "About restarting s1" });
  await expect(about).toBeFocused();
  await page.keyboard.press("Enter");
  const note = page.getByRole("note", { name: "About restarting s1" });
  await expect(note).toBeVisible();
  await expect(note).toContainText("instantaneous");
  await page.keyboard.press("Escape");
  await expect(note).toBeHidden();
  await expect(about).toBeFocused();

  for (const [topic, words] of [["the network delay of s1", "star"], ["the client", "instantly"], ["automatic failover", "monitor"]]) {
    await page.getByRole("button", { name: `About ${topic}` }).focus();
    await page.keyboard.press("Space");
    await expect(page.getByRole("note", { name: `About ${topic}` })).toContainText(words!);
    await page.keyboard.press("Escape");
  }
});

test("automatic failover switched on from the panel promotes a replica when the primary crashes", async ({ page }) => {
  await openScenario(page, {
    name: "failover live", seed: 5, durationMs: 86_400_000,
    cluster: { replicas: [{ name: "s1", networkDelayMs: 5 }, { name: "s2", networkDelayMs: 20 }] },
    workload: { writesPerSec: 50 },
  });
  const panel = page.getByRole("region", { name: "Failover" });
  const auto = panel.getByRole("checkbox", { name: "Automatic failover" });
  const detect = panel.getByRole("spinbutton", { name: "Detect after (ms)" });
  const fencing = panel.getByRole("checkbox", { name: "Fencing (shut the old primary down at promotion)" });
  await expect(auto).not.toBeChecked();
  await expect(fencing).toBeChecked();
  await expect(panel).not.toContainText("scenario file");
  await expect(panel.getByTestId("promotion-candidates")).toContainText("s1");

  // A detection time outside 100..60000 ms is refused in place and nothing is sent.
  await detect.fill("50");
  await detect.press("Enter");
  await expect(panel.getByRole("alert")).toContainText("100 to 60000 ms");
  await pollSnapshot(page, (s) => s.failover.detectMs).toBe(5000);

  // From the keyboard: Space toggles the checkboxes, Enter in the field sets the time.
  await auto.focus();
  await page.keyboard.press("Space");
  await pollSnapshot(page, (s) => s.failover.auto).toBe(true);
  await expect(auto).toBeChecked();
  await detect.fill("300");
  await detect.press("Enter");
  await pollSnapshot(page, (s) => s.failover.detectMs).toBe(300);
  await expect(panel.getByRole("alert")).toHaveCount(0);
  await expect(panel.getByTestId("failover-settings")).toContainText("once the primary has been down 300 ms");
  await fencing.focus();
  await page.keyboard.press("Space");
  await pollSnapshot(page, (s) => s.failover.fencing).toBe(false);
  await expect(panel.getByTestId("failover-settings")).toContainText("split brain");
  await page.keyboard.press("Space");
  await pollSnapshot(page, (s) => s.failover.fencing).toBe(true);
  await expect(fencing).toBeChecked();

  await nodeButton(page, "Crash primary").click();
  await pollSnapshot(page, (s) => s.primary !== null && s.primary !== "primary").toBe(true);
  const promoted = (await snapshot(page)).primary!;
  expect(["s1", "s2"]).toContain(promoted);
  await expect(page.locator(`[data-node="${promoted}"]`)).toHaveClass(/rl-node--primary/);
  await expect(page.locator(`[data-node="${promoted}"]`)).toContainText("PRIMARY");
  await expect(page.getByRole("article", { name: `Node ${promoted}` }).locator(".badge.role")).toHaveText("primary");
  await keep(page, "failover-live-settings");
  await panel.screenshot({ path: "e2e/artifacts/failover-panel.png" });
});
