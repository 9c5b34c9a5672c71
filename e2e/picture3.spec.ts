/*
 * Issue 19, what is left: Step names the event it ran — what happened and why, in one line, in
 * the database's words — visibly and in a live region a screen reader announces.
 */
import { expect, test } from "@playwright/test";
import { chooseMode, openLab } from "./helpers";

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
  const ack = /got s[12]'s semi-sync ACK for 0\/[0-9A-F]+ — s[12] wrote those events to its relay log/;
  for (let i = 0; i < 60 && !seen.some((t) => ack.test(t)); i++) {
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect(said).not.toHaveText(seen.at(-1) ?? "");
    seen.push((await said.textContent()) ?? "");
  }
  expect(seen.some((t) => ack.test(t))).toBe(true);
  expect(seen.some((t) => /the commit of x waits — semi-sync needs 1 semi-sync ACK\(s\) of LSN 0\/[0-9A-F]+/.test(t))).toBe(true);
  expect(seen.join(" ")).not.toMatch(/walreceiver|synchronous_commit/);
});
