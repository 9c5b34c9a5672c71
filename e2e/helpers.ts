/*
 * Shared steps for the stories: open the lab, read its state through the read-only test hook
 * (window.__lab), and keep a screenshot per story as the test artifact.
 */
import { expect, type Page } from "@playwright/test";
import type { Snapshot } from "../src/engine/views";
import type { ScenarioInput } from "../src/engine/scenario/schema";

export async function openLab(page: Page, speed = "10"): Promise<void> {
  await page.goto("/");
  await expect.poll(() => page.evaluate(() => window.__lab?.snapshot() !== null), { timeout: 15_000 }).toBe(true);
  await page.getByLabel("Speed").selectOption(speed);
  await expect.poll(() => page.evaluate(() => window.__lab!.state().speed)).toBe(Number(speed));
}

export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => window.__lab!.snapshot()!);
}

/** Poll a value from the latest snapshot (null between a new run's start and its first snapshot). */
export function pollSnapshot<T>(page: Page, pick: (s: Snapshot) => T, timeout = 20_000) {
  return expect.poll(async () => {
    const s = await page.evaluate(() => window.__lab!.snapshot());
    return s === null ? null : pick(s);
  }, { timeout });
}

export async function keep(page: Page, story: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/${story}.png`, fullPage: false });
}

export function nodeButton(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

export async function write(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Write", exact: true }).click();
}

export async function chooseMode(page: Page, mode: "async" | "semi-sync" | "sync"): Promise<void> {
  // The database comes first: semi-sync is MySQL/MariaDB's, sync PostgreSQL's.
  if (mode !== "async") {
    await page.getByRole("radiogroup", { name: "Database" })
      .getByRole("radio", { name: mode === "semi-sync" ? "MySQL / MariaDB" : "PostgreSQL", exact: true }).check();
  }
  await page.getByRole("radiogroup", { name: "Commit mode" }).getByRole("radio", { name: mode, exact: true }).check();
  await pollSnapshot(page, (s) => s.commit.preset).toBe(mode);
}

/** Open the lab with a scenario in the address (?scenario=<URL-encoded JSON>) and wait until it runs. */
export async function openScenario(page: Page, scenario: ScenarioInput & { name: string }, speed = "1"): Promise<void> {
  await page.goto(`/?scenario=${encodeURIComponent(JSON.stringify(scenario))}`);
  await expect.poll(() => page.evaluate(() => window.__lab?.state().scenario?.name ?? null), { timeout: 15_000 }).toBe(scenario.name);
  await expect.poll(() => page.evaluate(() => window.__lab!.snapshot() !== null)).toBe(true);
  await page.getByLabel("Speed").selectOption(speed);
  await expect.poll(() => page.evaluate(() => window.__lab!.state().speed)).toBe(Number(speed));
}

/** Sync mode, crash a node, write: the commit waits for that node (the sync stall of the stories). */
export async function stallSyncOn(page: Page, node: string): Promise<void> {
  await chooseMode(page, "sync");
  await nodeButton(page, `Crash ${node}`).click();
  await pollSnapshot(page, (s) => s.nodes.find((n) => n.name === node)?.state).toBe("down");
  await write(page);
  await pollSnapshot(page, (s) => s.waitingCommits.length).toBe(1);
}
