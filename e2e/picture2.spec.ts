/*
 * Issue 19, the second half: the picture tells the story the articles tell, large enough for a
 * class; the database chosen first; MySQL's counters; every event says what and why. Each story
 * failed on main before its change and keeps a screenshot in e2e/artifacts/.
 */
import { expect, test, type Page } from "@playwright/test";
import { chooseMode, keep, nodeButton, openLab, pollSnapshot, stallSyncOn, write } from "./helpers";

type Token = { style: string; label: string | null; width: number; height: number };

function tokens(page: Page): Promise<Token[]> {
  return page.evaluate(() => (window as unknown as { __labViews: { tokens?: () => Token[] } }).__labViews.tokens?.() ?? []);
}

/** Poll until the picture has drawn a token matching `pick`, and return it. */
async function seeToken(page: Page, pick: (t: Token) => boolean): Promise<Token> {
  let found: Token | undefined;
  await expect.poll(async () => {
    found = (await tokens(page)).find(pick);
    return found !== undefined;
  }, { timeout: 60_000 }).toBe(true);
  return found!;
}

test("the picture: each node's log as a tape of records at their LSNs, records travelling with what they hold, ACKs labelled write / flush, readable in presenter mode", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page, "0.1");
  await page.getByRole("button", { name: "Presenter" }).click();
  await write(page);
  // A record on its way holds what was written; the replies come back saying why they were sent.
  const record = await seeToken(page, (t) => t.style === "wal" && t.label === "x=1");
  await seeToken(page, (t) => t.style === "ack-write" && t.label === "write");
  await seeToken(page, (t) => t.style === "ack-flush" && t.label === "flush");
  // Clearly bigger than the old 7 px dots, and its words at 18 px at least (1.45 × the font).
  expect(record.height).toBeGreaterThanOrEqual(Math.round(18 * 1.45));
  // Every node's tape shows the record at its offset, and how far that node got with it.
  const s1 = page.getByTestId("tape-s1");
  await expect(s1.locator("li").last()).toContainText("0/0");
  await expect(s1.locator("li").last()).toContainText("x=1");
  await expect(s1.locator("li").last()).toHaveAttribute("data-state", "applied", { timeout: 20_000 });
  await expect(page.getByTestId("tape-db1").locator("li").last()).toHaveAttribute("data-state", "flushed");
  // From the back of the room: no word in the picture under 18 px.
  const smallest = await page.locator(".rl-cluster__stage").evaluate((stage) => {
    let min = Infinity;
    for (const el of stage.querySelectorAll<HTMLElement>("*")) {
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "")) continue;
      if (el.closest(".sr-only")) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });
  expect(smallest).toBeGreaterThanOrEqual(18);
  await keep(page, "picture2-presenter-1280x720");
});

test("the client and its waiting commit are in the picture, beside the primary", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  const client = page.getByTestId("picture-client");
  await expect(client).toContainText("client");
  await stallSyncOn(page, "s1");
  await expect(client).toContainText(/COMMIT x waits [\d.]+ (ms|s)/);
  await expect(client).toContainText(/for (s2, )?s1/);
  await keep(page, "picture2-client-waits-1440x900");
});

for (const size of [{ width: 1024, height: 700 }, { width: 1440, height: 900 }]) {
  test(`${size.width}×${size.height}: the picture and pg_stat_replication's rows share one screen`, async ({ page }) => {
    await page.setViewportSize(size);
    await openLab(page, "1");
    await write(page);
    await pollSnapshot(page, (s) => s.replication.length).toBe(2);
    const stage = await page.locator(".rl-cluster__stage").boundingBox();
    const lastRow = await page.locator(".rl-repl table").first().getByRole("row").last().boundingBox();
    expect(stage!.y).toBeGreaterThanOrEqual(0);
    expect(stage!.y + stage!.height).toBeLessThanOrEqual(size.height);
    expect(lastRow!.y + lastRow!.height).toBeLessThanOrEqual(size.height);
    // Full cards with their tapes (not the compact star) for the default three nodes, at 1024×700
    // too (the top bar wraps to three rows there, and the cards are snug).
    await expect(page.getByTestId("tape-s2")).toBeVisible();
    await expect(page.locator(".rl-cluster--tree")).toHaveCount(1);
    await keep(page, `picture2-one-screen-${size.width}x${size.height}`);
  });
}

test("choose the database first: PostgreSQL offers async and sync in its words, MySQL/MariaDB async and semi-sync in its own", async ({ page }) => {
  await openLab(page);
  const db = page.getByRole("radiogroup", { name: "Database" });
  const modes = page.getByRole("radiogroup", { name: "Commit mode" });
  await expect(db.getByRole("radio", { name: "PostgreSQL" })).toBeChecked();
  await expect(modes.locator("label")).toHaveText(["async", "sync"]);
  await expect(page.getByTestId("commit-summary")).toContainText("synchronous_commit");
  await expect(page.locator(".rl-repl h2")).toHaveText("pg_stat_replication");
  // MySQL with async: the same run (nothing waits), in MySQL's words.
  await db.getByRole("radio", { name: "MySQL / MariaDB" }).check();
  await expect(modes.locator("label")).toHaveText(["async", "semi-sync"]);
  await expect(modes.getByRole("radio", { name: "async", exact: true })).toBeChecked();
  await expect(page.getByTestId("commit-summary")).toContainText("rpl_semi_sync_master_enabled = OFF");
  await expect(page.getByTestId("commit-summary")).not.toContainText("synchronous_commit");
  await expect(page.getByTestId("mysql-status")).toContainText("SHOW REPLICA STATUS");
  await expect(page.locator('[data-var="status"]')).toHaveText("OFF");
  await modes.getByRole("radio", { name: "semi-sync", exact: true }).click();
  await pollSnapshot(page, (s) => s.commit.mode).toBe("semiSync");
  await expect(page.locator('[data-var="status"]')).toHaveText("ON");
  // Back to PostgreSQL: its waiting mode is sync.
  // click, not check(): the radio follows the run, which switches a frame later; check() looks at once.
  await db.getByRole("radio", { name: "PostgreSQL" }).click();
  await pollSnapshot(page, (s) => s.commit.preset).toBe("sync");
  await expect(db.getByRole("radio", { name: "PostgreSQL" })).toBeChecked();
  await expect(modes.getByRole("radio", { name: "sync", exact: true })).toBeChecked();
  await keep(page, "picture2-database-first");
});

test("MySQL view: Rpl_semi_sync_master_yes_tx counts acknowledged commits, _no_tx those that returned without an ACK", async ({ page }) => {
  await openLab(page);
  await chooseMode(page, "semi-sync");
  await write(page);
  await expect(page.locator('[data-var="yes_tx"]')).toHaveText("1");
  await expect(page.locator('[data-var="no_tx"]')).toHaveText("0");
  await nodeButton(page, "Crash s1").click();
  await nodeButton(page, "Crash s2").click();
  await pollSnapshot(page, (s) => s.nodes.filter((n) => n.state === "down").length).toBe(2);
  await write(page);
  // At 10× the 10 s timeout passes in a second of wall time; the commit then returns without an ACK.
  await pollSnapshot(page, (s) => s.commit.semiSyncActive, 30_000).toBe(false);
  await expect(page.locator('[data-var="no_tx"]')).toHaveText("1");
  await expect(page.locator('[data-var="yes_tx"]')).toHaveText("1");
  await keep(page, "picture2-mysql-yes-no-tx");
});

test("words drawn on the canvas and in the picture explain themselves on hover and on keyboard focus: TL, 0/193, keepalive, status, FIRST 2 (…)", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page, "1");
  const tip = page.getByTestId("term-tooltip");
  await page.locator('[data-node="s1"] .rl-node__tl a').hover();
  await expect(tip).toContainText("timeline");
  // Keyboard from here on: the pointer rests on the top bar (hover would otherwise win when the page scrolls).
  await page.mouse.move(1, 1);
  // "head 0/193" on the WAL lanes canvas: its spot takes focus.
  await page.locator('.rl-lanes__box .rl-hotspot[data-term="lsn"]').focus();
  await expect(tip).toBeVisible();
  await expect(tip).toContainText("0/");
  await page.locator('.rl-lanes__box .rl-hotspot[data-term="timeline"]').first().focus();
  await expect(tip).toContainText("timeline");
  await page.locator('.rl-legend a[data-term="keepalive"]').focus();
  await expect(tip).toContainText("no new WAL");
  await page.locator('.rl-legend a[data-term="status-reply"]').focus();
  await expect(tip).toContainText("wal_receiver_status_interval");
  await stallSyncOn(page, "s1");
  await page.locator('.rl-waiting__detail[data-term="synchronous-standby-names"]').first().focus();
  await expect(tip).toBeVisible();
  await keep(page, "picture2-tooltips");
});

test("a primary named 'primary' is not labelled 'primary · primary'", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify({ name: "named primary", cluster: { primary: { name: "primary" }, replicas: [{ name: "s1" }] } }))}`);
  await pollSnapshot(page, (s) => s.primary).toBe("primary");
  const card = page.getByRole("article", { name: "Node primary" });
  await expect(card.locator(".badge.role")).toHaveCount(0);
  await expect(page.getByRole("article", { name: "Node s1" }).locator(".badge.role")).toHaveText("replica");
  await expect(page.locator('[data-node="primary"] .rl-node__role')).toHaveText("");
  await expect(page.locator('[data-node="s1"] .rl-node__role')).toHaveText("REPLICA");
  // Nothing in a card runs past its edge.
  const overflow = await page.locator(".rl-node").evaluateAll((cards) => cards.filter((c) =>
    [...c.querySelectorAll<HTMLElement>(".rl-node__top, .rl-node__bottom")].some((row) => row.scrollWidth > row.clientWidth + 1)).length);
  expect(overflow).toBe(0);
  await keep(page, "picture2-named-primary-1280x720");
});
