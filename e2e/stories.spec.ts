/*
 * The stories a teacher clicks through, in real Chromium. Each asserts the simulation's state
 * (through the page's text and the read-only window.__lab hook), not pixels, and keeps a
 * screenshot in e2e/artifacts/.
 */
import { expect, test } from "@playwright/test";
import { chooseMode, keep, nodeButton, openLab, pollSnapshot, snapshot, stallSyncOn, write } from "./helpers";

test("async: a write, then an immediate read from a lagging replica, is a stale read", async ({ page }) => {
  await openLab(page, "1");
  // s2 replays a commit no earlier than 2 s after it was made (recovery_min_apply_delay).
  await page.getByLabel("Apply delay s2 (ms)").fill("2000");
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s2")?.config.applyDelayMs).toBe(2000);
  // The read must start within those 2 virtual seconds: at 0.1× that is 20 s of the test's time,
  // however loaded the machine running it.
  await page.getByLabel("Speed").selectOption("0.1");

  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  await page.getByLabel("Read from").selectOption("s2");
  await page.getByRole("button", { name: "Read", exact: true }).click();

  await pollSnapshot(page, (s) => s.totals.staleReads).toBe(1);
  await expect(page.getByTestId("last-read")).toContainText("stale");
  await keep(page, "stale-read");
});

test("sync: with a replica crashed a write stalls, and completes after the restart", async ({ page }) => {
  await openLab(page);
  await stallSyncOn(page, "s1");
  await expect(page.getByTestId("waiting-commits")).toContainText("1 commit waiting");
  // Ten virtual seconds later it still waits: sync never gives up by itself.
  const since = (await snapshot(page)).nowUs;
  await pollSnapshot(page, (s) => s.nowUs - since > 10_000_000).toBe(true);
  expect((await snapshot(page)).totals.writesPending).toBe(1);
  await keep(page, "sync-stall");

  await nodeButton(page, "Restart s1").click();
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(1);
  expect((await snapshot(page)).waitingCommits).toHaveLength(0);
  await expect(page.getByTestId("waiting-commits")).toHaveCount(0);
  await keep(page, "sync-stall-released");
});

test("semi-sync: with one replica down commits keep going", async ({ page }) => {
  await openLab(page);
  await chooseMode(page, "semi-sync");
  await nodeButton(page, "Crash s1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "s1")?.state).toBe("down");

  for (let i = 1; i <= 3; i++) {
    await write(page);
    await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(i);
  }
  const s = await snapshot(page);
  expect(s.commit.semiSyncActive).toBe(true);
  expect(s.totals.writesFailed).toBe(0);
  // Released by s2's receipt (one round trip), far below the 10 s fallback timeout.
  expect(s.latency.maxUs).toBeLessThan(1_000_000);
  await keep(page, "semi-sync-one-down");
});

test("async failover loses acknowledged writes", async ({ page }) => {
  await openLab(page);
  // s1 stops receiving WAL, but async commits do not wait for it.
  await page.getByRole("group", { name: "Link db1 – s1" }).getByRole("button", { name: "Cut" }).click();
  await expect(page.getByRole("group", { name: "Link db1 – s1" }).getByRole("button", { name: "Heal" })).toBeVisible();
  for (let i = 1; i <= 3; i++) {
    await write(page);
    await pollSnapshot(page, (s) => s.totals.writesAcknowledged).toBe(i);
  }
  await nodeButton(page, "Crash db1").click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === "db1")?.state).toBe("down");
  await nodeButton(page, "Promote s1").click();
  await pollSnapshot(page, (s) => s.primary).toBe("s1");
  // At once, not after some animation: s1 in the centre, no two cards overlapping, the cut label clear.
  const picture = await page.evaluate(() => {
    const stage = document.querySelector(".rl-cluster__stage")!.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>("[data-node]")].map((el) => ({ name: el.dataset.node!, r: el.getBoundingClientRect() }));
    const labels = [...document.querySelectorAll(".rl-link__label")].map((el) => el.getBoundingClientRect());
    return { stage: { x: stage.left + stage.width / 2, y: stage.top + stage.height / 2 }, cards, labels };
  });
  const apart = (a: DOMRectReadOnly, b: DOMRectReadOnly) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
  // The new primary takes the primary's seat: top centre of the picture (the star's centre with many replicas).
  const s1 = picture.cards.find((c) => c.name === "s1")!.r;
  expect(Math.abs(s1.left + s1.width / 2 - picture.stage.x)).toBeLessThan(2);
  for (const c of picture.cards) expect(s1.top).toBeLessThanOrEqual(c.r.top + 1);
  for (const [i, a] of picture.cards.entries()) {
    for (const b of picture.cards.slice(i + 1)) expect(apart(a.r, b.r), `${a.name} and ${b.name} overlap`).toBe(true);
  }
  expect(picture.labels.length).toBeGreaterThan(0);
  for (const l of picture.labels) for (const c of picture.cards) expect(apart(l, c.r), `a cut label under ${c.name}`).toBe(true);

  await pollSnapshot(page, (s) => s.totals.lostAcknowledgedWrites).toBe(3);
  const lostLogged = () => page.evaluate(() => window.__lab!.state().log.some((e) => e.kind === "lost-writes"));
  await expect.poll(lostLogged).toBe(true);
  // What a person sees: the totals bar counts the three lost acknowledged writes.
  await expect(page.locator('[data-stat="lost (acknowledged)"]')).toContainText("3");
  await keep(page, "async-failover-lost-writes");
});

test("switching the commit mode changes commit latency", async ({ page }) => {
  await openLab(page, "25");
  await page.getByLabel("Writes/s").fill("20");
  await page.getByRole("button", { name: "Apply workload" }).click();
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged >= 100).toBe(true);
  const asyncP50 = (await snapshot(page)).latency.p50Us;
  await keep(page, "latency-async");

  // Same settings and workload, now sync: a fresh run so the two don't mix.
  await chooseMode(page, "sync");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  // The click marks the run "starting"; "running" again means the new run has begun and the old
  // run's snapshot is gone (until then it still counts the async writes, sync by now, and passed
  // the check below with the new run's first, empty snapshot read after it).
  await expect.poll(() => page.evaluate(() => window.__lab!.state().status)).toBe("running");
  await pollSnapshot(page, (s) => s.commit.preset).toBe("sync");
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged >= 100).toBe(true);
  const syncP50 = (await snapshot(page)).latency.p50Us;
  await expect(page.getByTestId("commit-summary")).not.toContainText("…");
  await keep(page, "latency-sync");

  // sync waits for the far replica's fsync (an 80 ms link each way); async only for the local disk.
  expect(asyncP50).toBeLessThan(10_000);
  expect(syncP50).toBeGreaterThan(150_000);
});
