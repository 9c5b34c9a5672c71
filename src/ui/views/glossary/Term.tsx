/*
 * A term on screen with its explanation on hover and on keyboard focus: a link to its entry in
 * the Glossary panel (so it is in the Tab order and Enter jumps there). TermTooltip shows the
 * text; screen readers get the same through aria-describedby, which points at the entry's text in
 * the Glossary panel. The text is the glossary's (terms.ts), never written again here.
 */
import type { ReactNode } from "react";
import { glossaryTerm } from "./terms";

interface Props {
  /** a GLOSSARY id */
  id: string;
  /** what the page shows (defaults to the glossary's own word) */
  children?: ReactNode;
}

export function Term({ id, children }: Props) {
  const t = glossaryTerm(id);
  return (
    <a className="rl-term" href={`#glossary-${t.id}`} aria-describedby={`glossary-text-${t.id}`} data-term={t.id}>
      {children ?? t.term}
    </a>
  );
}
