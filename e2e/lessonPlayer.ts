/*
 * A student taking a lesson, driven by the lesson file itself: for every step it waits for the
 * panel to show it, does what the step asks on the page's own controls (found by role and label,
 * as a screen reader would: the control the step names, the prediction's answer, the goal's hint
 * and "Show me"), checks that Next waits while it should, keeps a screenshot of the step in
 * e2e/artifacts/lessons/<lesson>/<step>.png, and goes on with Next (or Enter: keyboard only). No
 * fixed sleeps: every wait is for something on the page. Keyboard only means Tab, Shift+Tab,
 * Enter, the arrow keys and typing (tabKeys.ts): the focus is never moved by a script.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import type { Lesson, Step } from "../src/lessons/schema";
import { pressByKeys, selectByKeys, tabTo, typeByKeys } from "./tabKeys";

export type Input = "mouse" | "keyboard";

export function lesson(name: string): Lesson {
  return JSON.parse(readFileSync(new URL(`../src/lessons/catalog/${name}.json`, import.meta.url), "utf8")) as Lesson;
}

export const panel = (page: Page) => page.locator(".lesson-panel");
export const nextButton = (page: Page) => panel(page).getByRole("button", { name: /^(Next|Finish)$/ });

/** Forms of number fields on a multi-primary run's panels: a node's clock, its generated keys, a link's delay. */
const NUMBER_FORMS = ["Clock of ", "Generated keys of ", "Delay of the link "];

/** Commit mode is a radio group, a multi-primary node's clock or keys a form (Clock of eu), the rest groups ("Link eu – us"). */
function groupRole(group: string): "radiogroup" | "form" | "group" {
  return group === "Commit mode" ? "radiogroup" : NUMBER_FORMS.some((f) => group.startsWith(f)) ? "form" : "group";
}

/** The control a step names, as the page shows it ("Link primary – s1 › Cut": a group's label, then the control's). */
export function control(page: Page, label: string): Locator {
  const parts = label.split(" › ");
  let scope: Page | Locator = page;
  for (const group of parts.slice(0, -1)) scope = scope.getByRole(groupRole(group), { name: group });
  const name = parts[parts.length - 1]!;
  return name === "sync" || name === "async" || name === "semi-sync"
    ? scope.getByRole("radio", { name, exact: true })
    : scope.getByRole("button", { name, exact: true });
}

/** Press a control: a click, or (keyboard only) Tab to it and press Enter (the arrow keys in a radio group). */
export async function press(target: Locator, how: Input): Promise<void> {
  if (how === "mouse") return target.click();
  await pressByKeys(target.page(), target);
}

/** Choose a select's option: by the mouse's selectOption, or (keyboard only) Tab to it and the arrow keys. */
async function choose(page: Page, select: Locator, value: string, how: Input): Promise<void> {
  if (how === "mouse") {
    await select.selectOption(value);
    return;
  }
  await selectByKeys(page, select, value);
}

async function openAdvanced(page: Page, how: Input): Promise<void> {
  const advanced = page.getByRole("button", { name: "Advanced" });
  if ((await advanced.getAttribute("aria-expanded")) !== "true") await press(advanced, how);
}

/** Do what a "do" step asks, on the page's own controls. */
async function doStep(page: Page, step: Extract<Step, { kind: "do" }>, how: Input): Promise<void> {
  const a = step.action as Record<string, unknown>;
  if (step.control === "synchronous_commit") {
    await openAdvanced(page, how);
    const level = (a.postgres as { synchronous_commit: string }).synchronous_commit;
    await choose(page, page.getByRole("combobox", { name: "synchronous_commit" }), level, how);
    return;
  }
  if (step.control === "Apply synchronous_standby_names") {
    await openAdvanced(page, how);
    const field = page.getByRole("textbox", { name: "synchronous_standby_names" });
    const names = (a.postgres as { synchronous_standby_names: string }).synchronous_standby_names;
    await typeInto(page, field, names, how);
    return press(page.getByRole("button", { name: step.control }), how);
  }
  if (step.control.startsWith("Write a row › ")) return writeRow(page, a, step.control.split(" › ")[1]!, how);
  if (step.control.startsWith("Clock of ")) {
    // a multi-primary node's clock (lww): its skew typed in, then Set clock
    const form = page.getByRole("form", { name: step.control.split(" › ")[0]! });
    await typeInto(page, form.getByLabel("Clock skew (ms)"), String(a.clockSkewMs), how);
  }
  if (step.control.startsWith("Generated keys of ")) {
    // a multi-primary node's auto_increment_increment / _offset: both typed in, then Set keys
    const form = page.getByRole("form", { name: step.control.split(" › ")[0]! });
    await typeInto(page, form.getByLabel("Increment"), String(a.autoIncrementIncrement), how);
    await typeInto(page, form.getByLabel("Offset"), String(a.autoIncrementOffset), how);
  }
  if (step.match?.includes("session") && typeof a.session === "string") {
    // the step names the session ("set Session to bob"): type it, as the student is told
    await typeInto(page, page.getByRole("textbox", { name: "Session" }), a.session, how);
  }
  if (step.control === "Read" && typeof a.node === "string") {
    await choose(page, page.getByRole("combobox", { name: "Read from" }), a.node, how);
  }
  await press(control(page, step.control), how);
}

/** Type into a field as the student would: fill it, or (keyboard only) Tab to it, select all, type. */
async function typeInto(page: Page, field: Locator, text: string, how: Input): Promise<void> {
  if (how === "mouse") return field.fill(text);
  await typeByKeys(page, field, text);
}

/** The Logical replication panel's row form: On, Table, Row key (and Row value), then Insert or Delete. */
async function writeRow(page: Page, a: Record<string, unknown>, button: string, how: Input): Promise<void> {
  const form = page.getByRole("form", { name: "Write a row" });
  await choose(page, form.getByRole("combobox", { name: "On" }), typeof a.node === "string" ? a.node : "", how);
  await typeInto(page, form.getByLabel("Table", { exact: true }), String(a.table ?? "t"), how);
  await typeInto(page, form.getByLabel("Row key", { exact: true }), String(a.key), how);
  if (typeof a.value === "string") await typeInto(page, form.getByLabel("Row value", { exact: true }), a.value, how);
  await press(form.getByRole("button", { name: button, exact: true }), how);
}

export interface Played {
  /** wall milliseconds each step took, from being shown to Next being enabled */
  stepMs: number[];
}

/**
 * Take a lesson from the step on screen (the first, unless a link opened a later one) to its
 * summary, as a student: checks Next waits on "do" and "predict" steps, and that every mark in the
 * summary was filled in by the run.
 */
export async function takeLesson(page: Page, l: Lesson, how: Input, from = 0): Promise<Played> {
  const stepMs: number[] = [];
  for (let i = from; i < l.steps.length; i++) {
    const step = l.steps[i]!;
    await expect(panel(page).getByText(`Step ${i + 1} of ${l.steps.length}`)).toBeVisible({ timeout: 20_000 });
    const t0 = Date.now();
    if (step.kind === "do" || step.kind === "predict") await expect(nextButton(page)).toBeDisabled();
    if (step.kind === "do") {
      await expect(panel(page).locator(".lesson-control")).toHaveText(step.control.split(" › ").pop()!);
      await doStep(page, step, how);
    }
    if (step.kind === "predict") await press(panel(page).getByRole("button", { name: step.choices[step.answer]!.text, exact: true }), how);
    if (step.kind === "your-turn") {
      await press(panel(page).locator("summary", { hasText: "Hint" }), how);
      await press(panel(page).getByRole("button", { name: "Show me" }), how);
    }
    await expect(nextButton(page)).toBeEnabled({ timeout: 30_000 });
    stepMs.push(Date.now() - t0);
    if (step.kind === "predict") {
      // the answer comes from the run, and the lesson's answer is the run's
      await expect(panel(page).getByText(/^(Right\.|Not quite\.)/)).toBeVisible();
      await expect(panel(page).getByText("Right.", { exact: true })).toBeVisible();
    }
    await shoot(page, l.name, String(i + 1).padStart(2, "0"));
    if (how === "keyboard") {
      // Next takes the focus when a step is done: Enter goes on. (On the step the lesson opened
      // on, the student may have pressed something else since, Presenter say: Tab brings it back.)
      if (i === from) await tabTo(page, nextButton(page), "Next");
      await expect(nextButton(page)).toBeFocused();
      await page.keyboard.press("Enter");
    } else await nextButton(page).click();
  }
  const table = panel(page).getByRole("table");
  await expect(table).toBeVisible();
  await expect(table).not.toContainText(/\{[A-Za-z]\w*\}/);
  await shoot(page, l.name, "summary");
  return { stepMs };
}

export async function shoot(page: Page, lessonName: string, what: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/lessons/${lessonName}/${what}.png` });
}

/** Open a lesson by its link (?lesson=NAME&step=1), as a teacher's link would. */
export async function openLesson(page: Page, name: string, step = 1): Promise<void> {
  await page.goto(`/?lesson=${name}&step=${step}`);
  await expect(panel(page).getByText(`Step ${step} of`)).toBeVisible({ timeout: 20_000 });
}

export async function presenterMode(page: Page, how: Input = "mouse"): Promise<void> {
  await press(page.getByRole("button", { name: "Presenter" }), how);
  await expect(page.locator("html")).toHaveClass(/presenter/);
}
