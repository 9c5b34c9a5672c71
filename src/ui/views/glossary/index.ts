export { Term } from "./Term";
export { GlossaryPanel } from "./GlossaryPanel";
export { GLOSSARY, glossaryMarkdown, glossaryTerm } from "./terms";
export { TermTooltip } from "./TermTooltip";
