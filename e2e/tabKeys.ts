/*
 * Keyboard only, as a person without a mouse: the focus moves by Tab and Shift+Tab alone (never
 * by a script's focus()), a button is pressed by Enter, a radio chosen by the arrow keys, a select
 * changed by the arrow keys, a field typed into. A control Tab cannot reach fails the test, naming
 * it: that is a page bug (a control out of the tab order, hidden, or inside a closed panel).
 *
 * To stay fast, the number of Tab presses is counted first from the page's own tab order (the
 * focusable elements in document order, as Chromium orders them when no tabindex is positive),
 * then checked: the focus must land on the target.
 */
import { expect, type Locator, type Page } from "@playwright/test";

const MAX_PRESSES = 400;

/** How many Tab presses (positive) or Shift+Tab presses (negative) take the focus to `el`. */
function tabDistance(el: Element): number | null {
  const candidates = [...document.querySelectorAll<HTMLElement>(
    "a[href], button, input, select, textarea, summary, [tabindex], iframe, [contenteditable='true']")];
  const visible = (e: HTMLElement) => {
    if (e.closest("[inert]")) return false;
    if ((e as HTMLButtonElement).disabled) return false;
    if (e.tabIndex < 0) return false;
    const closedDetails = e.closest("details:not([open])");
    if (closedDetails && e.tagName !== "SUMMARY") return false;
    if (closedDetails && e.tagName === "SUMMARY" && e.parentElement !== closedDetails) return false;
    const r = e.getBoundingClientRect();
    return (r.width > 0 || r.height > 0) && getComputedStyle(e).visibility !== "hidden";
  };
  // A radio group is one tab stop: its checked radio (or its first when none is checked).
  const radioStop = (e: HTMLElement) => {
    if (!(e instanceof HTMLInputElement) || e.type !== "radio" || !e.name) return true;
    const group = [...document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(e.name)}"]`)];
    const checked = group.find((r) => r.checked);
    return checked ? checked === e : group[0] === e;
  };
  const order = candidates.filter((e) => visible(e) && radioStop(e));
  const to = order.indexOf(el as HTMLElement);
  if (to < 0) return null;
  const from = order.indexOf(document.activeElement as HTMLElement);
  if (from < 0) return to + 1;
  const forward = (to - from + order.length) % order.length;
  return forward <= order.length / 2 ? forward : forward - order.length;
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Move the focus to `target` by Tab and Shift+Tab only. */
export async function tabTo(page: Page, target: Locator, what = "the control"): Promise<void> {
  await expect(target).toBeVisible();
  for (let round = 0; round < 3; round++) {
    if (await isFocused(target)) return;
    const n = await target.evaluate(tabDistance);
    if (n === null || n === 0) break;
    const key = n > 0 ? "Tab" : "Shift+Tab";
    for (let i = 0; i < Math.abs(n); i++) await page.keyboard.press(key);
  }
  // The counted order was off (a browser quirk): walk the whole order one Tab at a time.
  if (process.env.TABKEYS_DEBUG) console.log(`tabTo ${what}: counted order missed, walking`);
  for (let i = 0; i < MAX_PRESSES; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${what} cannot be reached by Tab`);
}

/** Press a button (Enter) or choose a radio (Tab to its group's stop, then the arrow keys). */
export async function pressByKeys(page: Page, target: Locator, what?: string): Promise<void> {
  const radio = await target.evaluate((el) => el instanceof HTMLInputElement && el.type === "radio");
  if (!radio) {
    await tabTo(page, target, what);
    await page.keyboard.press("Enter");
    return;
  }
  const name = await target.getAttribute("name");
  const group = page.locator(`input[type=radio][name="${name}"]`);
  const checked = group.and(page.locator(":checked"));
  await tabTo(page, (await checked.count()) > 0 ? checked : group.first(), what);
  for (let i = 0; i < 8 && !(await target.isChecked()); i++) await page.keyboard.press("ArrowRight");
  await expect(target).toBeChecked();
}

/** Choose an option of a select by the arrow keys. */
export async function selectByKeys(page: Page, select: Locator, value: string, what?: string): Promise<void> {
  await tabTo(page, select, what);
  const [at, to] = await select.evaluate((el, v) => {
    const s = el as HTMLSelectElement;
    return [s.selectedIndex, [...s.options].findIndex((o) => o.value === v)];
  }, value);
  if (to < 0) throw new Error(`${what ?? "the select"} has no option ${value}`);
  const key = to > at ? "ArrowDown" : "ArrowUp";
  for (let i = 0; i < Math.abs(to - at); i++) await page.keyboard.press(key);
  await expect(select).toHaveValue(value);
}

/** Replace a field's text by typing. */
export async function typeByKeys(page: Page, field: Locator, text: string, what?: string): Promise<void> {
  await tabTo(page, field, what);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}
