/*
 * The space-time diagram and Compare are panels over the main area: while one is open the views
 * under it need not be painted (html.spacetime-covering hides them, spacetime.css). Counted, so
 * closing one of two open panels keeps the other's cover.
 */
import { useLayoutEffect } from "react";

let covering = 0;

export function useCoverMain(): void {
  useLayoutEffect(() => {
    covering++;
    document.documentElement.classList.add("spacetime-covering");
    return () => {
      covering--;
      if (covering === 0) document.documentElement.classList.remove("spacetime-covering");
    };
  }, []);
}
