/*
 * An "i" beside a control that opens a short note: where the simulator simplifies what that
 * control does (docs/model.md, "Simplifications"). A native popover: the button is in the Tab
 * order, Enter/Space open it, Escape or a click elsewhere closes it, and it sits in the top layer,
 * so a scrolling sidebar never clips it. Placed under its button when it opens.
 */
import { useEffect, useId, useRef, type ReactNode } from "react";

interface Props {
  /** what the note is about, for the button's accessible name: "About <topic>" */
  topic: string;
  children: ReactNode;
}

const MARGIN_PX = 8;

export function InfoTip({ topic, children }: Props) {
  const id = `info-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const pop = popRef.current;
    if (!pop) return;
    const place = (e: Event) => {
      const button = buttonRef.current;
      if (!button || (e as ToggleEvent).newState !== "open") return;
      placeBelow(pop, button.getBoundingClientRect());
    };
    pop.addEventListener("toggle", place);
    return () => pop.removeEventListener("toggle", place);
  }, []);
  return (
    <>
      <button ref={buttonRef} type="button" className="info-tip" popoverTarget={id} aria-label={`About ${topic}`}>
        <span aria-hidden="true">i</span>
      </button>
      <div ref={popRef} id={id} popover="auto" className="info-pop" role="note" aria-label={`About ${topic}`}>
        {children}
      </div>
    </>
  );
}

/** Under the button, inside the viewport; above it when there is no room below. */
function placeBelow(pop: HTMLElement, anchor: DOMRect): void {
  const w = pop.offsetWidth;
  const h = pop.offsetHeight;
  const left = Math.min(Math.max(MARGIN_PX, anchor.left - MARGIN_PX), window.innerWidth - w - MARGIN_PX);
  const below = anchor.bottom + 6;
  const top = below + h + MARGIN_PX > window.innerHeight ? Math.max(MARGIN_PX, anchor.top - h - 6) : below;
  pop.style.left = `${Math.max(MARGIN_PX, left)}px`;
  pop.style.top = `${top}px`;
}
