/*
 * Issue 19, what is left: Step names the event it ran — what happened and why, in one line, in
 * the database's words — visibly and in a live region a screen reader announces.
 */
import { expect, test } from "@playwright/test";
import { chooseMode, keep, nodeButton, openLab, openScenario, pollSnapshot, snapshot, write } from "./helpers";

test("Step says which event it ran, what it did and why, in a polite live region", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openLab(page, "1");
  await page.getByRole("button", { name: "Pause" }).click();
  const said = page.getByTestId("step-said");
  await expect(said).toHaveAttribute("role", "status");
  await expect(said).toHaveAttribute("aria-live", "polite");
  await expect(said).toBeEmpty();
  await page.getByRole("button", { name: "Write", exact: true }).click();
  // Step through the write's journey: each step's words are new, one line, and at some step a
  // replica flushes the record it received, saying so in PostgreSQL's words.
  const seen: string[] = [];
  for (let i = 0; i < 40 && !seen.some((t) => / flushed WAL to 0\/[0-9A-F]+ — the WAL it received from db1 is now on its disk/.test(t)); i++) {
    const before = await said.textContent();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect(said).not.toHaveText(before ?? "");
    const text = (await said.textContent()) ?? "";
    expect(text).toMatch(/^\d+\.\d{3} s Step ran: /);
    expect(text).not.toMatch(/an event of kind/);
    seen.push(text);
  }
  expect(seen.some((t) => /s[12] flushed WAL to 0\/[0-9A-F]+ — the WAL it received from db1 is now on its disk/.test(t))).toBe(true);
  await expect(said).toBeVisible();
  // The event log keeps each step's line, newest first, badged "step".
  const last = seen.at(-1)!.replace(/^\d+\.\d{3} s Step ran: /, "");
  await expect(page.getByTestId("log-step").first()).toContainText(last);
  await expect(page.getByTestId("log-step")).toHaveCount(seen.length);
  // Play: the run moves on, the words go.
  await page.getByRole("button", { name: "Play" }).click();
  await expect(said).toBeEmpty();
});

test("in MySQL mode Step speaks MySQL: binary log, relay log, the semi-sync ACK", async ({ page }) => {
  await openLab(page, "1");
  await chooseMode(page, "semi-sync");
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Write", exact: true }).click();
  const said = page.getByTestId("step-said");
  const seen: string[] = [];
  const ack = /got s[12]'s semi-sync ACK for mysql-bin\.000001:\d+ — s[12] wrote those events to its relay log/;
  for (let i = 0; i < 60 && !seen.some((t) => ack.test(t)); i++) {
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect(said).not.toHaveText(seen.at(-1) ?? "");
    seen.push((await said.textContent()) ?? "");
  }
  expect(seen.some((t) => ack.test(t))).toBe(true);
  expect(seen.some((t) => /the commit of x waits — semi-sync needs 1 semi-sync ACK\(s\) of the binary log up to mysql-bin\.000001:\d+/.test(t))).toBe(true);
  expect(seen.join(" ")).not.toMatch(/walreceiver|synchronous_commit|\bLSN\b|\b0\/[0-9A-F]+/);
  // A MySQL replica sends back only the semi-sync ACK: no flush, apply or status reply was stepped
  // through, and the legend names binlog events, the ACK and the source's heartbeats, nothing else.
  expect(seen.join(" ")).not.toMatch(/fsync|applied.*reports|status reply/);
  const legend = page.getByRole("note", { name: "Legend" });
  await expect(legend).toContainText("ACK (relay log written)");
  await expect(legend).toContainText("heartbeat");
  await expect(legend).not.toContainText(/\bflush\b|\bapply\b|\bstatus\b|keepalive|simplified/);
});

test("every event-log line says what happened and why, in PostgreSQL's words and then in MySQL's", async ({ page }) => {
  await openLab(page, "1");
  const text = page.getByTestId("log-text");
  // The run starts with the standbys connecting: what (from which LSN) and why (the walreceiver asks).
  await expect(text.filter({ hasText: /^s1 connected to db1 and streams WAL from 0\/[0-9A-F]+ — its walreceiver asks for the WAL after the end of its own$/ }))
    .toHaveCount(1);
  await nodeButton(page, "Crash s2").click();
  await expect(text.filter({ hasText: /^s2 crashed — a fault the scenario or the controls injected: its process died/ })).toHaveCount(1);
  await nodeButton(page, "Restart s2").click();
  await expect(text.filter({ hasText: /^s2 restarted: it replays from 0\/[0-9A-F]+ and streams from 0\/[0-9A-F]+ — a standby resumes/ })).toHaveCount(1);
  // Every line shown has its reason after the dash.
  for (const line of await text.allTextContents()) expect(line).toMatch(/\S — \S/);
  // MySQL mode: the same kinds of line in MySQL's words, positions in the binary log.
  await chooseMode(page, "semi-sync");
  await nodeButton(page, "Crash s2").click();
  await nodeButton(page, "Restart s2").click();
  // both restarts: the log speaks the database shown, the earlier line included
  await expect(text.filter({ hasText: /^s2 restarted: its SQL thread applies from mysql-bin\.000001:\d+ and its I\/O thread reads from mysql-bin\.000001:\d+ — / }))
    .toHaveCount(2);
  await expect(text.filter({ hasText: /^s2's I\/O thread connected to db1 and reads its binary log from mysql-bin\.000001:\d+ — / }).first()).toBeVisible();
  for (const line of await text.allTextContents()) expect(line).not.toMatch(/walreceiver|\bLSN\b|\b0\/[0-9A-F]+/);
  // The tapes and SHOW REPLICA STATUS give binary log positions too, not LSNs.
  await write(page);
  const status = page.getByTestId("mysql-status");
  await expect(status).toContainText("Source_Log_File mysql-bin.000001 on all");
  await expect(status.locator('[data-var="read-pos"]').first()).toBeVisible();
  for (const pos of await status.locator('[data-var="read-pos"], [data-var="exec-pos"]').allTextContents()) expect(pos).toMatch(/^\d+$/);
  await expect(page.locator('[data-testid="tape-db1"] .rl-tape__lsn').first()).toHaveText(/^\d+$/);
  await expect(page.getByTestId("mysql-positions-simplified")).toContainText("mapped from the model's one log");
  // The lanes too: their title, their words and (in the table a screen reader reads) binary log positions.
  const lanes = page.locator(".rl-lanes");
  await expect(lanes.getByRole("heading", { name: "Binary log lanes" })).toBeVisible();
  await expect(lanes.locator(".rl-lanes__terms")).toContainText("byte positions in the source's binary log file mysql-bin.000001");
  await expect(lanes.locator("table")).toContainText(/flush mysql-bin\.000001:\d+/);
  await expect(lanes.locator("table")).not.toContainText(/\b0\/[0-9A-F]+/);
  await keep(page, "picture3-event-log-mysql");
});

test("1024×700: the Step line stays one line and nothing below it moves, at the first Step or later; hover shows it whole", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openLab(page, "1");
  await chooseMode(page, "sync");
  await page.getByRole("button", { name: "Pause" }).click();
  const below = page.locator(".area-totals");
  const paused = (await below.boundingBox())!.y;
  await write(page);
  const said = page.getByTestId("step-said");
  // No Step moves anything, the first included: the line is laid over the totals bar.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(said).not.toBeEmpty();
  const top = (await below.boundingBox())!.y;
  expect(top).toBe(paused);
  const heights = new Set<number>([Math.round((await said.boundingBox())!.height)]);
  for (let i = 0; i < 12; i++) {
    const before = await said.textContent();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect(said).not.toHaveText(before ?? "");
    expect((await below.boundingBox())!.y, `step ${i + 1}`).toBe(top);
    heights.add(Math.round((await said.boundingBox())!.height));
  }
  // one line each time (the long ones end in an ellipsis), and the full text is in the title
  expect(heights.size).toBe(1);
  expect(await said.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");
  await expect(said).toHaveAttribute("title", /.{20,}/);
  // hovered, it shows whole over the panels below, which still do not move
  await said.hover();
  await expect.poll(() => said.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("normal");
  expect((await below.boundingBox())!.y).toBe(top);
  await keep(page, "picture3-step-line-1024");
});

test("sync mode, stepping: a healthy commit waiting its round trip is not called blocked", async ({ page }) => {
  await openLab(page, "1");
  await chooseMode(page, "sync");
  await page.getByRole("button", { name: "Pause" }).click();
  await write(page);
  for (let i = 0; i < 40 && (await snapshot(page)).waitingCommits.length === 0; i++) {
    const events = (await snapshot(page)).eventsProcessed;
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await pollSnapshot(page, (s) => s.eventsProcessed).toBeGreaterThan(events);
  }
  const s = await snapshot(page);
  expect(s.waitingCommits).toHaveLength(1);
  expect(s.stall).toBeNull();
  await expect(page.getByTestId("picture-client")).toHaveClass(/rl-client--waiting/);
  // The panel refreshes four times a second: give it well over that to (wrongly) appear. A correct
  // build passes however long this takes; it only waits for a panel that must not come.
  await page.waitForTimeout(1000);
  await expect(page.getByTestId("blockage")).toHaveCount(0);
  await expect(page.getByTestId("blockage-brief")).toHaveCount(0);
});

test("1024×700: the top bar wraps to three rows at most, and the picture keeps its tapes", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openLab(page, "1");
  await page.getByRole("button", { name: "Write", exact: true }).click();
  const bar = await page.locator(".topbar").boundingBox();
  // One row of buttons is about 36 px: four rows (the old bar) took 150 px.
  expect(bar!.height).toBeLessThan(120);
  await expect(page.locator(".rl-cluster--tree")).toHaveCount(1);
  await expect(page.getByTestId("tape-s1").locator("li").last()).toContainText("x=1");
  // Each card's third line is not hidden under its tape.
  for (const name of ["s1", "s2"]) {
    const card = page.locator(`[data-node="${name}"]`).first();
    const extra = await card.locator(".rl-node__extra").boundingBox();
    const tape = await page.getByTestId(`tape-${name}`).boundingBox();
    const overlap = extra!.x < tape!.x + tape!.width && tape!.x < extra!.x + extra!.width
      && extra!.y < tape!.y + tape!.height && tape!.y < extra!.y + extra!.height;
    expect(overlap, `${name}: 'promote: …' overlaps the tape`).toBe(false);
  }
  await keep(page, "picture3-tapes-1024x700");
});

test("presenter mode at 1280×720: nothing in the sidebar runs past its edge (the Read from select, MySQL / MariaDB)", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page, "1");
  await page.getByRole("button", { name: "Presenter" }).click();
  await expect(page.locator("html.presenter")).toHaveCount(1);
  const outside = await page.locator(".sidebar").evaluate((side) => {
    const edge = side.getBoundingClientRect().right;
    const out: string[] = [];
    for (const el of side.querySelectorAll<HTMLElement>("*")) {
      if (el.closest(".sr-only")) continue;
      const b = el.getBoundingClientRect();
      if (b.width > 0 && b.right > edge + 0.5) out.push(`${el.tagName} "${(el.textContent ?? "").trim().slice(0, 30)}" ends at ${Math.round(b.right)} > ${Math.round(edge)}`);
    }
    return out;
  });
  expect(outside).toEqual([]);
  const mysql = page.getByRole("radiogroup", { name: "Database" }).locator("label").filter({ hasText: "MySQL" });
  expect(await mysql.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const select = page.getByLabel("Read from");
  expect(await select.evaluate((el) => el.getBoundingClientRect().right <= document.querySelector(".sidebar")!.getBoundingClientRect().right)).toBe(true);
  await keep(page, "picture3-presenter-sidebar-1280x720");
});

const logicalRun = {
  name: "logical beside the picture", seed: 22, durationMs: 86_400_000,
  cluster: { replicas: [{ name: "s1" }], subscribers: [{ name: "reporting", tables: ["orders"], networkDelayMs: 10 }] },
  workload: { writesPerSec: 20, keys: 20 },
};

for (const size of [{ width: 1280, height: 720, presenter: true }, { width: 1440, height: 900, presenter: false }]) {
  test(`${size.width}×${size.height}${size.presenter ? " presenter" : ""}: the Logical replication panel does not push the picture down`, async ({ page }) => {
    await page.setViewportSize(size);
    // The same run without its subscriber first: where the picture is when no panel is shown.
    await openScenario(page, { ...logicalRun, cluster: { replicas: logicalRun.cluster.replicas } }, "1");
    if (size.presenter) await page.getByRole("button", { name: "Presenter" }).click();
    await expect(page.getByTestId("logical-panel")).toHaveCount(0);
    // Measured from the totals' bottom, in one go, with the run paused: the totals wrap to a
    // second line as their counts grow.
    const gapUnderTotals = async () => {
      await page.getByRole("button", { name: "Pause" }).click();
      return page.evaluate(() => document.querySelector(".rl-cluster__stage")!.getBoundingClientRect().top
        - document.querySelector(".rl-totals")!.getBoundingClientRect().bottom);
    };
    const without = await gapUnderTotals();
    await openScenario(page, logicalRun, "1");
    if (size.presenter && (await page.locator("html.presenter").count()) === 0) await page.getByRole("button", { name: "Presenter" }).click();
    await expect(page.getByTestId("logical-panel")).toBeVisible();
    expect(Math.abs((await gapUnderTotals()) - without)).toBeLessThan(4);
    const stage = (await page.locator(".rl-cluster__stage").boundingBox())!;
    expect(stage.y + stage.height).toBeLessThanOrEqual(size.height);
    const panel = (await page.getByTestId("logical-panel").boundingBox())!;
    // Beside the picture (the side column) or below it, never above it.
    expect(panel.x >= stage.x + stage.width || panel.y >= stage.y + stage.height).toBe(true);
    await keep(page, `picture3-logical-${size.width}x${size.height}`);
  });
}

for (const size of [{ width: 1024, height: 700, presenter: false }, { width: 1280, height: 720, presenter: true }]) {
  test(`${size.width}×${size.height}${size.presenter ? " presenter" : ""}: pressing Step never moves the picture, and it stays whole on screen`, async ({ page }) => {
    await page.setViewportSize(size);
    await openLab(page, "1");
    if (size.presenter) {
      await page.getByRole("button", { name: "Presenter" }).click();
      await expect(page.locator("html.presenter")).toHaveCount(1);
    }
    await page.getByRole("button", { name: "Pause" }).click();
    await write(page);
    const picture = page.locator(".rl-cluster__stage");
    const before = (await picture.boundingBox())!;
    const said = page.getByTestId("step-said");
    for (let i = 0; i < 4; i++) {
      const text = await said.textContent();
      await page.getByRole("button", { name: "Step", exact: true }).click();
      await expect(said).not.toHaveText(text ?? "");
      expect(await picture.boundingBox(), `after Step ${i + 1}`).toEqual(before);
    }
    await expect(said).toBeVisible();
    expect(before.y + before.height).toBeLessThanOrEqual(size.height);
    await keep(page, `picture3-step-still-${size.width}x${size.height}`);
  });
}

/*
 * MySQL/MariaDB mode speaks MySQL everywhere on the page: no PostgreSQL word is visible. The allow
 * list holds the few places where such a word is legitimately on screen in MySQL mode: the
 * glossary (a reference of both databases' words) and the PostgreSQL choice itself.
 */
const POSTGRES_WORDS = [/\bWAL\b/, /\bLSNs?\b/, /wal_?receiver/i, /walsender/i, /pg_stat_replication/, /\bstandbys?\b/i, /\bstreaming\b/i,
  /pg_replication_slots/, /synchronous_commit/, /\b0\/[0-9A-F]+\b/];
test("MySQL mode: no PostgreSQL word is visible anywhere on the page", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page, "1");
  await chooseMode(page, "semi-sync");
  await write(page);
  await pollSnapshot(page, (s) => s.totals.writesAcknowledged > 0).toBe(true);
  // a replica down and back: its card, the lanes and the log say so in MySQL's words too
  await nodeButton(page, "Crash s2").click();
  await nodeButton(page, "Restart s2").click();
  await pollSnapshot(page, (s) => s.replication.some((r) => r.name === "s2")).toBe(true);
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const found = await page.evaluate((sources) => {
    const words = sources.map((s) => new RegExp(s.source, s.flags));
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      // allowed: the glossary (both databases' words, a reference), and the database choice naming PostgreSQL
      if (el.closest('#glossary, .sr-only, [role="radiogroup"][aria-label="Database"], script, style')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || el.closest("[hidden], details:not([open]) > :not(summary)")) continue;
      const text = n.textContent ?? "";
      for (const w of words) if (w.test(text)) out.push(`${w.source} in "${text.trim().slice(0, 80)}"`);
    }
    // the canvases' words are drawn, not in the DOM: the lanes' table for screen readers says the same, checked above
    return out;
  }, POSTGRES_WORDS.map((w) => ({ source: w.source, flags: w.flags })));
  expect(found).toEqual([]);
  await keep(page, "picture3-mysql-words-1440x900");
});
