/*
 * Finding what a step points at: a part of the page, or a control by the label a student reads
 * on it ("Crash primary", "Commit mode › sync": a group's label, then the control's). The found
 * elements get a highlight class while the step is shown.
 */
import type { PagePart } from "../../lessons/schema";

const PART_SELECTORS: Record<PagePart, string> = {
  cluster: ".rl-cluster, .rl-mp-picture", lanes: ".rl-lanes", totals: ".rl-totals", replication: ".rl-repl", "lag-chart": ".rl-lag",
  latency: ".rl-hist", log: ".rl-log", client: '[aria-labelledby="client-heading"]', waiting: '[data-testid="waiting-commits"]',
  commit: '[aria-labelledby="commit-heading"]', nodes: '[aria-labelledby="nodes-heading"]',
  failover: '[aria-labelledby="failover-heading"]', links: '[aria-labelledby="links-heading"]',
  workload: '[aria-labelledby="workload-heading"]', run: ".topbar", logical: ".rl-logical",
};

export function findPart(part: PagePart): HTMLElement | null {
  const el = document.querySelector<HTMLElement>(PART_SELECTORS[part]);
  // The list of waiting commits exists only while one waits: point at the client panel until then.
  return el ?? (part === "waiting" ? document.querySelector<HTMLElement>(PART_SELECTORS.client) : null);
}

const CONTROLS = "button, label, input, select, [role='radio'], [role='button']";

/** The control a label names, inside the group the label's first part names (if any). */
export function findControl(label: string): HTMLElement | null {
  const parts = label.split(" › ").map((p) => p.trim());
  let scope: ParentNode = document;
  for (const group of parts.slice(0, -1)) {
    const found = findGroup(scope, group);
    if (!found) return null;
    scope = found;
  }
  const name = parts[parts.length - 1]!;
  // The lesson panel names controls too: never point at our own text.
  const candidates = [...scope.querySelectorAll<HTMLElement>(CONTROLS)].filter((el) => !el.closest(".lesson-panel"));
  return candidates.find((el) => accessibleText(el) === name) ?? null;
}

function findGroup(scope: ParentNode, name: string): HTMLElement | null {
  for (const el of scope.querySelectorAll<HTMLElement>("[aria-label], fieldset, section")) {
    if (el.getAttribute("aria-label") === name) return el;
    const legend = el.querySelector(":scope > legend, :scope h2");
    if (legend?.textContent?.trim() === name) return el;
  }
  return null;
}

/** What a person reads on a control: its aria-label, else its own text (a label's, without a select's options). */
function accessibleText(el: HTMLElement): string {
  const aria = el.getAttribute("aria-label");
  if (aria) return aria.trim();
  let own = "";
  for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) own += node.textContent ?? "";
  own = own.trim();
  return own || (el.textContent ?? "").trim();
}

export const HIGHLIGHT = "lesson-highlight";

/** Highlight these elements until the returned function is called. */
export function highlight(elements: (HTMLElement | null)[]): () => void {
  const shown = elements.filter((e): e is HTMLElement => e !== null);
  for (const el of shown) el.classList.add(HIGHLIGHT);
  return () => { for (const el of shown) el.classList.remove(HIGHLIGHT); };
}
