/*
 * The one visible tooltip for every <Term> on the page. Panels use CSS containment (which clips
 * what overflows them), so a tooltip drawn inside a panel would be cut at its edge: this one sits
 * in the top layer (a manual popover) and follows the term under the pointer or with keyboard
 * focus. Screen readers get the same text from each term's aria-describedby.
 */
import { useEffect, useRef, useState } from "react";
import { glossaryTerm } from "./terms";

const MARGIN_PX = 8;

export function TermTooltip() {
  const ref = useRef<HTMLDivElement>(null);
  const [text, setText] = useState("");
  useEffect(() => {
    let current: HTMLElement | null = null;
    const show = (target: EventTarget | null) => {
      const el = target instanceof Element ? target.closest<HTMLElement>("[data-term]") : null;
      const pop = ref.current;
      if (!pop || el === current) return;
      current = el;
      if (!el) { if (pop.matches(":popover-open")) pop.hidePopover(); return; }
      setText(glossaryTerm(el.dataset.term!).text);
      if (!pop.matches(":popover-open")) pop.showPopover();
      requestAnimationFrame(() => place(pop, el.getBoundingClientRect()));
    };
    const over = (e: PointerEvent) => show(e.target);
    const focus = (e: FocusEvent) => show(e.target);
    const blur = () => show(document.activeElement?.closest("[data-term]") ?? null);
    const key = (e: KeyboardEvent) => { if (e.key === "Escape") show(null); };
    document.addEventListener("pointerover", over);
    document.addEventListener("focusin", focus);
    document.addEventListener("focusout", blur);
    document.addEventListener("keydown", key);
    return () => {
      document.removeEventListener("pointerover", over);
      document.removeEventListener("focusin", focus);
      document.removeEventListener("focusout", blur);
      document.removeEventListener("keydown", key);
    };
  }, []);
  return <div ref={ref} popover="manual" className="rl-term-tooltip" aria-hidden="true" data-testid="term-tooltip">{text}</div>;
}

/** Under the term, inside the viewport; above it when there is no room below. */
function place(pop: HTMLElement, anchor: DOMRect): void {
  const w = pop.offsetWidth;
  const h = pop.offsetHeight;
  const left = Math.min(Math.max(MARGIN_PX, anchor.left), window.innerWidth - w - MARGIN_PX);
  const below = anchor.bottom + 4;
  const top = below + h + MARGIN_PX > window.innerHeight ? Math.max(MARGIN_PX, anchor.top - h - 4) : below;
  pop.style.left = `${Math.max(MARGIN_PX, left)}px`;
  pop.style.top = `${top}px`;
}
