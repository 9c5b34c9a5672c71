/*
 * The space-time diagram, Compare and Sweep are panels over the main area: placed below the top
 * bar and beside the controls (which stay usable), whatever their height (the top bar wraps to
 * two or three rows on a narrow screen). While one is open the views under it are not laid out nor
 * painted (html.spacetime-covering, spacetime.css) nor drawn (frameLoop's setMainCovered): the panel
 * hides them anyway, and painting them cost the live diagram frames. Counted, so closing one of
 * two open panels keeps the other's cover.
 */
import { useLayoutEffect, type RefObject } from "react";
import { setMainCovered } from "../views/frameLoop";

let covering = 0;

export function useOverMain(panelRef: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    covering++;
    document.documentElement.classList.add("spacetime-covering");
    setMainCovered(true);
    const place = () => {
      const el = panelRef.current;
      if (!el) return;
      const top = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
      const side = document.querySelector(".sidebar")?.getBoundingClientRect();
      const beside = side && side.top < top + 40 && side.right < window.innerWidth * 0.6;
      el.style.setProperty("--spacetime-top", `${Math.max(0, Math.round(top))}px`);
      el.style.setProperty("--spacetime-left", `${beside ? Math.round(side.right) : 0}px`);
    };
    place();
    const ro = new ResizeObserver(place);
    const bar = document.querySelector(".topbar");
    if (bar) ro.observe(bar);
    window.addEventListener("resize", place);
    return () => {
      ro.disconnect();
      window.removeEventListener("resize", place);
      covering--;
      if (covering === 0) {
        document.documentElement.classList.remove("spacetime-covering");
        setMainCovered(false);
        // the main area was not laid out while covered, so a line selected meanwhile (the event
        // log's, logSelection.ts) could not scroll into view then: it does now
        document.querySelector("main.main [aria-current='true']")?.scrollIntoView({ block: "nearest" });
      }
    };
  }, [panelRef]);
}
